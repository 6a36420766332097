/**
 * Which Node runtime a pack ships, and the native module built for it. The pack's CLI
 * runs on the runtime it ships, so a runtime past its end of life would go to every GPU
 * node: `pack --node PATH` names one; otherwise, when the Node running `pack` is past its end
 * of life and `setup --with node-lts` has installed portabench's own LTS runtime, that one
 * (said in the pack's note); otherwise the Node running `pack`, with a warning when it is past
 * its end of life. The SQLite driver (src/store/sqlite-driver.ts): a runtime of Node 22 or
 * later loads the N-API build (better-sqlite3-napi, prebuilt, ABI-stable: nothing to build);
 * an older one of another ABI than node_modules was built for needs better-sqlite3 12 built
 * again for it (offline: npm's node-gyp with the runtime's own headers, and a C++
 * compiler), cached per version and ABI. What this does not see: native modules other
 * than those two (it refuses a closure that has any), and runtimes without headers.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { Config } from '../envs/config.js';
import { currentNode, describeNode, findManagedNode, managedNodeDir, nodeSupport, type NodeRuntime, type NodeSupport } from '../envs/node-runtime.js';
import { sqlitePackageFor } from '../store/sqlite-driver.js';
import { productionClosure } from './closure.js';

export interface PackRuntime extends NodeRuntime {
  /** flag: `--node`; managed: `setup --with node-lts`'s, for a running Node past its end of life; running: the Node running `pack`. */
  source: 'flag' | 'managed' | 'running';
  support: NodeSupport;
  /** A warning about this runtime (past its end of life), or null. */
  note: string | null;
}

/** The runtime a pack ships (see the module comment for the order). */
export function choosePackRuntime(flag?: string, today: Date = new Date(), config?: Config): PackRuntime {
  if (flag) {
    const rt = describeNode(flag);
    return { ...rt, source: 'flag', support: nodeSupport(rt.version, today), note: null };
  }
  const running = currentNode();
  const support = nodeSupport(running.version, today);
  if (!support.pastEndOfLife) return { ...running, source: 'running', support, note: null };
  const managed = config ? findManagedNode(config) : null;
  const managedSupport = managed && nodeSupport(managed.version, today);
  if (managed && managedSupport && !managedSupport.pastEndOfLife) {
    return { ...managed, source: 'managed', support: managedSupport, note: `Node ${running.version}, which runs pack, reached its end of life on ${support.endOfLife}: the pack ships portabench's own LTS runtime, Node ${managed.version} (${managed.node}; --node names another)` };
  }
  return {
    ...running,
    source: 'running',
    support,
    note: `Node ${running.version} reached its end of life on ${support.endOfLife} and the pack ships it: "portabench setup --with node-lts" installs a supported LTS runtime, which pack then ships instead (or name one with --node)`,
  };
}

const NATIVE = 'better-sqlite3';
const NAPI = 'better-sqlite3-napi';

function nativeFiles(dir: string, under = dir): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...nativeFiles(p, under));
    else if (e.name.endsWith('.node')) out.push(relative(under, p));
  }
  return out;
}

/**
 * Put into the staged `lib/node_modules` the native modules built for `runtime` when its
 * ABI differs from the one running now (nothing to do otherwise).
 */
export function nativeModulesFor(runtime: PackRuntime, root: string, stagedModules: string, config: Config, onStep: (s: string) => void): void {
  if (runtime.abi === process.versions.modules) return;
  const others = nativeFiles(stagedModules).filter((f) => !f.startsWith(`${NATIVE}/`) && !f.startsWith(`${NAPI}/`));
  if (others.length) throw new Error(`cannot pack for Node ${runtime.version} (ABI ${runtime.abi}): native modules other than ${NATIVE} would need building for it too: ${others.join(', ')}`);
  // Node 22 and later load the N-API build, prebuilt for every ABI
  if (sqlitePackageFor(Number(runtime.version.replace(/^v/, '').split('.')[0])) === NAPI) return;
  const target = join(stagedModules, NATIVE, 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(target)) return;
  const version = (JSON.parse(readFileSync(join(root, 'node_modules', NATIVE, 'package.json'), 'utf8')) as { version: string }).version;
  const cached = join(managedNodeDir(config), 'native', `${NATIVE}-${version}-abi${runtime.abi}-${process.platform}-${process.arch}.node`);
  if (!existsSync(cached)) {
    if (!runtime.nodedir || !runtime.nodeGyp) throw new Error(`cannot build ${NATIVE} for Node ${runtime.version} at ${runtime.node}: it has no headers (include/node) or npm's node-gyp beside it; use a Node release tarball's layout or "portabench setup --with node-lts"`);
    onStep(`${NATIVE} ${version} for Node ${runtime.version} (ABI ${runtime.abi}; compiled once, then cached)`);
    buildNative(runtime, root, version, cached);
  }
  copyFileSync(cached, target);
}

function buildNative(runtime: PackRuntime, root: string, version: string, cached: string): void {
  const work = mkdtempSync(join(tmpdir(), 'portabench-native-'));
  try {
    // the module with its sources (the pack prunes them) and its run-time dependencies
    for (const p of productionClosure(root, [NATIVE])) cpSync(join(root, p), join(work, p), { recursive: true, dereference: true, filter: (f) => !/(^|\/)build(\/|$)/.test(relative(join(root, p), f)) });
    // node-gyp itself, not `npm rebuild`: the package's install script would first try
    // prebuild-install, which downloads a prebuilt binary — never the network here
    const env = { ...process.env, PATH: `${dirname(runtime.node)}:${process.env.PATH ?? ''}` };
    try {
      execFileSync(runtime.node, [runtime.nodeGyp!, 'rebuild', '--release', `--nodedir=${runtime.nodedir}`], { cwd: join(work, 'node_modules', NATIVE), env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
    } catch (e) {
      const err = e as Error & { stderr?: Buffer; stdout?: Buffer };
      const tail = `${err.stdout?.toString() ?? ''}${err.stderr?.toString() ?? ''}`.trim().split('\n').slice(-15).join('\n') || err.message;
      throw new Error(`building ${NATIVE} ${version} for Node ${runtime.version} failed (it needs a C++ compiler, g++):\n${tail}`);
    }
    const built = join(work, 'node_modules', NATIVE, 'build', 'Release', 'better_sqlite3.node');
    if (!existsSync(built) || statSync(built).size === 0) throw new Error(`building ${NATIVE} for Node ${runtime.version} produced no ${relative(work, built)}`);
    // it must load in the runtime it was built for
    execFileSync(runtime.node, ['-e', `new (require(${JSON.stringify(join(work, 'node_modules', NATIVE))}))(':memory:').prepare('select 1').get()`], { stdio: ['ignore', 'pipe', 'pipe'] });
    mkdirSync(dirname(cached), { recursive: true });
    copyFileSync(built, cached);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

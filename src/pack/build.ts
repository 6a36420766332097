import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../runner/paths.js';
import { resolveSuiteDir } from '../suites/suite.js';
import { VERSION } from '../version.js';
import type { Config } from '../envs/config.js';
import { productionClosure } from './closure.js';
import { choosePackRuntime, nativeModulesFor } from './runtime.js';

export interface PackOptions {
  out: string;
  /** Suites to include, by name or directory (default: smoke and paper-2023). */
  suites?: string[];
  /** Include what `report --format html` needs (Vega, Vega-Lite). */
  withHtml?: boolean;
  /** Include bench/timing-accuracy.ts, compiled to JavaScript, and bench/device-run.sh (a machine with a GPU and no Node). */
  withBench?: boolean;
  /** The Node binary to ship (default: see choosePackRuntime). */
  node?: string;
  /** Where portabench's own environments are (the native-module cache). */
  config?: Config;
  onStep?: (step: string) => void;
}

export interface PackResult {
  file: string;
  bytes: number;
  unpacked_bytes: number;
  /** Top-level parts and their unpacked sizes. */
  parts: Array<{ path: string; bytes: number }>;
  suites: string[];
  node: string;
  /** Where the shipped runtime came from: --node, `setup --with node-lts`'s (the Node running pack is past its end of life), or the Node running pack. */
  node_source: 'flag' | 'managed' | 'running';
  node_end_of_life: string | null;
  /** A warning about that runtime (past its end of life), or null. */
  node_note: string | null;
}

/** Packages `report --format html` alone needs: left out unless --with-html. */
export const HTML_ONLY = ['vega', 'vega-lite'];

/** Files no run needs: sources of native builds, type declarations, source maps, docs and tests. */
const PRUNE = [/\.d\.[cm]?ts$/, /\.map$/, /(^|\/)(README|CHANGELOG|HISTORY)[^/]*$/i, /(^|\/)(test|tests|__tests__|docs|example|examples)\//, /^better-sqlite3(-napi)?\/(deps|src)\//, new RegExp(`^better-sqlite3-napi/(prebuilds|lib)/(?!${process.platform}-${process.arch}\\.|linuxmusl-${process.arch}\\.)(darwin|linux|linuxmusl|win32)-(x64|arm64)\\.`), /^better-sqlite3\/build\/(?!Release(\/better_sqlite3\.node)?$)/, /^tree-sitter-python\/(src|bindings|prebuilds|queries)\//];

function sizeOf(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((n, e) => n + sizeOf(join(path, e)), 0);
}

function copyPruned(fromRoot: string, rel: string, toRoot: string): void {
  const src = join(fromRoot, rel);
  cpSync(src, join(toRoot, rel), {
    recursive: true,
    dereference: true,
    filter: (p) => {
      const r = relative(join(fromRoot, 'node_modules'), p);
      return !PRUNE.some((re) => re.test(r)) && !p.includes('__pycache__');
    },
  });
}

const LAUNCHER = `#!/bin/sh
# portabench, packed: runs with its own Node; needs no node, npm or network here.
# shell builtins only: the machine may have little more than sh and Python
case "$0" in */*) BIN=\${0%/*} ;; *) BIN=. ;; esac
HERE=$(cd "$BIN/.." && pwd)
export PORTABENCH_COMMAND="$0"
exec "$HERE/node/bin/node" "$HERE/lib/bin/portabench.js" "$@"
`;

/**
 * The timing bench as JavaScript (it imports only Node's own modules), so a machine with
 * no Node of its own runs it with the pack's: esbuild (a dev dependency, present where
 * the pack is built) strips its types.
 */
async function packBench(root: string, lib: string): Promise<void> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new Error('--with-bench needs esbuild (a dev dependency): run "npm ci" where you build the pack');
  }
  mkdirSync(join(lib, 'bench'), { recursive: true });
  const source = readFileSync(join(root, 'bench', 'timing-accuracy.ts'), 'utf8');
  const { code } = await esbuild.transform(source, { loader: 'ts', format: 'esm', target: 'node20' });
  writeFileSync(join(lib, 'bench', 'timing-accuracy.js'), code);
  cpSync(join(root, 'bench', 'device-run.sh'), join(lib, 'bench', 'device-run.sh'));
  chmodSync(join(lib, 'bench', 'device-run.sh'), 0o755);
}

/**
 * One self-contained archive for a machine with only Python: a Node runtime (the one
 * running this or --node's, see choosePackRuntime; same OS and architecture), the built CLI with its production dependencies, the
 * Python side and the named suites. Unpacked anywhere, `portabench/bin/portabench`
 * runs with the machine's own framework interpreters (`--python fw=/path`).
 */
export async function buildPack(opts: PackOptions): Promise<PackResult> {
  const root = PACKAGE_ROOT;
  const step = opts.onStep ?? (() => {});
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) throw new Error(`no built CLI in ${join(root, 'dist')}: run "npm run build" first`);
  const suites = (opts.suites?.length ? opts.suites : ['smoke', 'paper-2023']).map((s) => resolveSuiteDir(s));
  const config: Config = opts.config ?? { python: {} };
  const runtime = choosePackRuntime(opts.node, new Date(), config);
  const stage = mkdtempSync(join(tmpdir(), 'portabench-pack-'));
  const top = join(stage, 'portabench');
  const lib = join(top, 'lib');
  try {
    step(`Node ${runtime.version} runtime${runtime.source === 'running' ? '' : ` (${runtime.node})`}`);
    mkdirSync(join(top, 'node', 'bin'), { recursive: true });
    cpSync(runtime.node, join(top, 'node', 'bin', 'node'));
    step('the built CLI and the Python side');
    mkdirSync(join(lib, 'bin'), { recursive: true });
    cpSync(join(root, 'bin', 'portabench.js'), join(lib, 'bin', 'portabench.js'));
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies?: unknown; scripts?: unknown };
    const deps = Object.keys(pkg.dependencies).filter((d) => opts.withHtml || !HTML_ONLY.includes(d));
    writeFileSync(join(lib, 'package.json'), JSON.stringify({ ...pkg, devDependencies: undefined, scripts: undefined, portabench_pack: { html: !!opts.withHtml } }, null, 2));
    cpSync(join(root, 'dist'), join(lib, 'dist'), { recursive: true, filter: (p) => !/\.(d\.ts|map)$/.test(p) });
    cpSync(join(root, 'python', 'portabench'), join(lib, 'python', 'portabench'), { recursive: true, filter: (p) => !p.includes('__pycache__') });
    for (const dir of suites) cpSync(dir, join(lib, 'suites', basename(dir)), { recursive: true, filter: (p) => !p.includes('__pycache__') });
    if (opts.withBench) {
      step('the timing bench');
      await packBench(root, lib);
    }
    step(`production dependencies${opts.withHtml ? ' (with the HTML report)' : ''}`);
    for (const p of productionClosure(root, deps)) copyPruned(root, p, lib);
    nativeModulesFor(runtime, root, join(lib, 'node_modules'), config, step);
    writeFileSync(join(top, 'bin-portabench'), LAUNCHER);
    mkdirSync(join(top, 'bin'), { recursive: true });
    cpSync(join(top, 'bin-portabench'), join(top, 'bin', 'portabench'));
    rmSync(join(top, 'bin-portabench'));
    chmodSync(join(top, 'bin', 'portabench'), 0o755);
    const manifest = { portabench: VERSION, node: runtime.version, node_source: runtime.source, node_end_of_life: runtime.support.endOfLife, platform: `${process.platform}-${process.arch}`, built_at: new Date().toISOString(), suites: suites.map((d) => basename(d)), html: !!opts.withHtml, bench: !!opts.withBench };
    writeFileSync(join(top, 'PACK.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(
      join(top, 'README.txt'),
      `portabench ${VERSION}, packed for ${manifest.platform} with Node ${runtime.version}.\n\n` +
        `  ./portabench/bin/portabench doctor --python pytorch=/path/to/python\n` +
        `  ./portabench/bin/portabench run --suite smoke --python pytorch=/path/to/python --python jax=/path/to/python\n` +
        `  ./portabench/bin/portabench export --run last --out results.jsonl.gz    # carry the results home: portabench import bundle results.jsonl.gz\n\n` +
        `Nothing is installed into the interpreters you name; no network is used.\n`,
    );
    const parts = ['node', 'lib/node_modules', 'lib/dist', 'lib/python', 'lib/suites'].map((p) => ({ path: p, bytes: sizeOf(join(top, p)) }));
    step('compressing (xz)');
    const out = resolve(opts.out);
    mkdirSync(dirname(out), { recursive: true });
    execFileSync('tar', ['-C', stage, '-cJf', out, 'portabench'], { env: { ...process.env, XZ_OPT: process.env.XZ_OPT ?? '-9 -T0' }, stdio: ['ignore', 'ignore', 'pipe'] });
    return { file: out, bytes: statSync(out).size, unpacked_bytes: sizeOf(top), parts, suites: manifest.suites, node: runtime.version, node_source: runtime.source, node_end_of_life: runtime.support.endOfLife, node_note: runtime.note };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

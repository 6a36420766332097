// Compiled sweeps, grouped and one-by-one, on the same slice in one run (side by side):
// `run -m compiled --group N` against `--group 1`, with the eager sweep of the slice for
// scale. Prints time per case, the ratio, and the outcome agreement case by case (every case
// whose outcome or category differs is listed). Asserts nothing.
// Run: node --import tsx bench/sweep.ts --compiled [--suite opinfo|jax-harnesses]
//        [--slice START:STOP:STEP] [--group N] [--jobs N] [--reps N] [--no-alone] [--keep DIR] [--warm-cache]
// --jobs N: the grouped sweep runs N workers side by side (run --jobs); the one-by-one
// baseline stays one worker, one case per compilation, as a run without either flag.
// Each sweep compiles into a cache of its own, empty (TORCHINDUCTOR_CACHE_DIR), as a first
// sweep on a machine does: a group's program or a case's kernels compiled by an earlier sweep
// would otherwise load from inductor's on-disk caches. --warm-cache: the user's cache, as is.
//      (after npx tsc -p . and setup)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from '../src/store/sqlite-driver.js';
import { median } from '../src/analysis/stats.js';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'portabench.js');
const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const suite = opt('--suite', 'opinfo');
const framework = suite === 'jax-harnesses' ? 'jax' : 'pytorch';
const slice = opt('--slice', suite === 'opinfo' ? '::17' : '::15');
const groupSize = Number(opt('--group', '8'));
const reps = Number(opt('--reps', '1')) || 1;
const jobs = Number(opt('--jobs', '1')) || 1;
const withAlone = !args.includes('--no-alone');
const keep = args.includes('--keep') ? resolve(opt('--keep', '')) : null;
const warmCache = args.includes('--warm-cache');

interface Row { name: string; outcome: string; category: string | null; compile_group: string | null }
interface Sweep { wall: number; rows: Map<string, Row> }

function sweep(mode: string, group: number, label: string, workers = 1): Sweep {
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'portabench-sweep-compiled-'));
  mkdirSync(dir, { recursive: true });
  const db = join(dir, `${suite}-${label}.db`);
  const cache = warmCache || mode === 'eager' ? null : mkdtempSync(join(tmpdir(), 'portabench-inductor-cache-'));
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, 'run', '--suite', suite, '-f', framework, '-m', mode, ...(mode === 'eager' ? [] : ['--group', String(group)]), ...(workers > 1 ? ['--jobs', String(workers)] : []), '--timing', 'none', '--timeout', '300', '--db', db, '--quiet'], {
    env: { ...process.env, PORTABENCH_SLICE: slice, ...(cache ? { TORCHINDUCTOR_CACHE_DIR: cache } : {}) },
    encoding: 'utf8',
  });
  const wall = (performance.now() - t0) / 1000;
  if (cache) rmSync(cache, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`portabench run (${label}) failed:\n${r.stderr.slice(-2000)}`);
  const sql = new BetterSqlite3(db, { readonly: true });
  const rows = sql.prepare('SELECT c.name, r.outcome, r.category, r.compile_group FROM results r JOIN cases c ON c.id = r.case_id').all() as Row[];
  sql.close();
  return { wall, rows: new Map(rows.map((row) => [row.name, row])) };
}

const f = (x: number) => x.toFixed(2);
const per = (s: Sweep) => `${f(s.wall)} s, ${f(s.wall / s.rows.size)} s a case`;
const tally = (s: Sweep) => {
  const t: Record<string, number> = {};
  for (const r of s.rows.values()) t[r.outcome] = (t[r.outcome] ?? 0) + 1;
  return Object.entries(t).map(([k, v]) => `${v} ${k}`).join(', ');
};

console.log(`${suite} (${framework}) compiled, slice ${slice}, groups of ${groupSize}, --timing none, ${reps} round(s) side by side, ${warmCache ? "the user's compile caches as they are" : 'each sweep with empty compile caches'}`);
const eager: number[] = [];
const grouped: Sweep[] = [];
const alone: Sweep[] = [];
for (let i = 0; i < reps; i++) {
  const e = sweep('eager', 1, `eager-${i}`);
  eager.push(e.wall);
  const g = sweep('compiled', groupSize, `group${groupSize}-${i}`, jobs);
  grouped.push(g);
  const a = withAlone ? sweep('compiled', 1, `alone-${i}`) : null;
  if (a) alone.push(a);
  console.log(`  round ${i + 1}: eager ${f(e.wall)} s (${e.rows.size} cases); grouped ${per(g)} (${tally(g)})${a ? `; one-by-one ${per(a)} (${tally(a)})` : ''}`);
}
const g = grouped[0];
const cases = g.rows.size;
const gw = median(grouped.map((s) => s.wall));
console.log(`eager sweep of the slice            ${f(median(eager))} s`);
console.log(`compiled, groups of ${groupSize}${jobs > 1 ? `, ${jobs} workers` : ''}`.padEnd(36) + `${f(gw)} s  (${f(gw / cases)} s a case, ${f(gw / median(eager))}× eager)`);
const settled = [...g.rows.values()].filter((r) => {
  const cg = r.compile_group ? (JSON.parse(r.compile_group) as { size?: number; alone?: boolean }) : null;
  return cg && !cg.alone && (cg.size ?? 0) > 1;
}).length;
console.log(`  cases settled by a shared program ${settled} of ${cases}`);
if (withAlone) {
  const aw = median(alone.map((s) => s.wall));
  const a = alone[0];
  console.log(`compiled, one case per compilation  ${f(aw)} s  (${f(aw / a.rows.size)} s a case, ${f(aw / median(eager))}× eager)`);
  console.log(`speed-up of grouping                ${f(aw / gw)}×`);
  const names = [...new Set([...a.rows.keys(), ...g.rows.keys()])];
  const differ = names.filter((n) => a.rows.get(n)?.outcome !== g.rows.get(n)?.outcome || a.rows.get(n)?.category !== g.rows.get(n)?.category);
  console.log(`outcome agreement                   ${names.length - differ.length} of ${names.length} cases (outcome and category)`);
  for (const n of differ) {
    const show = (r: Row | undefined) => (r ? `${r.outcome}/${r.category ?? '-'}` : 'absent');
    console.log(`  differs: ${n}: one-by-one ${show(a.rows.get(n))}, grouped ${show(g.rows.get(n))}`);
  }
}

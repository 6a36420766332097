// The harness's own cost per case: a suite of no-op cases run under each --isolate
// mode. Per case: the wall time between consecutive stored results (what a case costs
// the run, worker restarts included) and the time the worker spends inside the case.
// Run: node --import tsx bench/overhead.ts [framework] [cases]   (after npx tsc -p .)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from '../src/store/sqlite-driver.js';
import { median } from '../src/analysis/stats.js';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'portabench.js');
const framework = process.argv[2] ?? 'jax';
const cases = Number(process.argv[3] ?? 12);
const IMPORT: Record<string, string> = { jax: 'import jax.numpy', pytorch: 'import torch', tensorflow: 'import tensorflow' };

// Two test files (functions) of cases that time a no-op once.
const suite = mkdtempSync(join(tmpdir(), 'portabench-overhead-suite-'));
mkdirSync(join(suite, framework));
for (const fn of ['noop.a', 'noop.b']) {
  writeFileSync(
    join(suite, framework, `${fn}.py`),
    `${IMPORT[framework]}\nfrom portabench import case\n\nFUNCTION = "${fn}"\n\n@case(i=list(range(${cases / 2})))\ndef nothing(bench, device, i):\n    bench.measure(lambda: None)\n`,
  );
}

console.log(`Harness overhead per no-op case, ${framework} on CPU, ${cases} cases in 2 functions`);
console.log(`${'--isolate'.padEnd(10)} ${'run wall'.padStart(10)} ${'per case (median gap)'.padStart(22)} ${'in worker (median)'.padStart(19)} ${'workers'.padStart(8)}`);
for (const isolate of ['target', 'function', 'case']) {
  const db = join(mkdtempSync(join(tmpdir(), 'portabench-overhead-')), 'results.db');
  const t0 = performance.now();
  const res = spawnSync(process.execPath, [CLI, 'run', '--suite', suite, '-f', framework, '-m', 'eager', '--db', db, '--isolate', isolate, '--warmup', '0', '--min-reps', '1', '--max-reps', '1', '--min-time', '0.000001', '--quiet'], { encoding: 'utf8' });
  const wall = (performance.now() - t0) / 1000;
  if (res.status !== 0) throw new Error(`run --isolate ${isolate} failed:\n${res.stderr}`);
  const sql = new BetterSqlite3(db, { readonly: true });
  const rows = sql.prepare('SELECT created_at, duration_ms, worker_pid FROM results ORDER BY id').all() as Array<{ created_at: string; duration_ms: number; worker_pid: number }>;
  sql.close();
  const times = rows.map((r) => Date.parse(r.created_at));
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  const inWorker = median(rows.map((r) => r.duration_ms));
  const workers = new Set(rows.map((r) => r.worker_pid)).size;
  console.log(`${isolate.padEnd(10)} ${`${wall.toFixed(1)} s`.padStart(10)} ${`${median(gaps).toFixed(1)} ms`.padStart(22)} ${`${inWorker.toFixed(2)} ms`.padStart(19)} ${String(workers).padStart(8)}`);
}

// The OpInfo sweep's cost: portabench's run of the float32 eager CPU sweep beside a bare
// Python loop over the same samples, in one run (side by side), and optionally the full
// all-dtypes eager sweep. Prints figures; asserts nothing.
// Run: node --import tsx bench/sweep.ts [--reps N] [--full]   (after npx tsc -p . and setup)
// With --compiled: compiled sweeps grouped and one-by-one instead (bench/sweep-compiled.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from '../src/store/sqlite-driver.js';
import { median } from '../src/analysis/stats.js';

if (process.argv.includes('--compiled')) {
  await import('./sweep-compiled.js');
  process.exit(0);
}

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'portabench.js');
const PY = join(ROOT, '.venvs', 'pytorch', 'bin', 'python');
const args = process.argv.slice(2);
const reps = Number(args[args.indexOf('--reps') + 1] || 3) || 3;
const full = args.includes('--full');
const env = { ...process.env, OMP_NUM_THREADS: '1', PYTHONPATH: join(ROOT, 'python') };

/** Every OpInfo's float32 CPU samples, each run once: what a sweep cannot do with less. */
const BARE = `
import time, torch
from torch.testing._internal.common_methods_invocations import op_db
t0 = time.perf_counter(); samples = 0
for op in op_db:
    try:
        for s in op.sample_inputs("cpu", torch.float32):
            samples += 1
            try: op(s.input, *s.args, **s.kwargs)
            except Exception: pass
    except Exception: pass
print(samples, time.perf_counter() - t0)
`;

/** The same loop with the one fix portabench's PyTorch adapter makes: seeding no absent accelerator backend (see frameworks/pytorch.py). */
const BARE_FIXED = BARE.replace('from torch.testing', 'from portabench.frameworks.pytorch import drop_lazy_calls_of_absent_backends\ndrop_lazy_calls_of_absent_backends()\nfrom torch.testing');

/** And the OpInfo suite's second: PyTorch's extract_test_fn without inspect.stack() (generated/opinfo.py load_op_db). */
const BARE_BOTH = BARE_FIXED.replace('from torch.testing._internal.common_methods_invocations import op_db', 'from portabench.generated.opinfo import load_op_db\nop_db = load_op_db()');

/** portabench's own case functions, called in a plain loop: the suite's work without the harness (worker, protocol, store). */
const DIRECT = `
import time, os
from portabench import frameworks
from portabench.timing import Bench
from portabench.generated import opinfo
adapter = frameworks.load("pytorch")
t0 = time.perf_counter(); n = 0
for spec in opinfo.cases(dtypes=["float32"]):
    n += 1
    b = Bench(adapter, "cpu", "eager", {"warmup": 0, "min_reps": 0, "max_reps": 0, "min_time_s": 0, "max_time_s": 0})
    try: spec.fn(b, "cpu", **spec.params)
    except BaseException: pass
print(n, time.perf_counter() - t0)
`;

/** [items, seconds in the loop, seconds end to end (interpreter start and imports included)]. */
function python(code: string): [number, number, number] {
  const t0 = performance.now();
  const r = spawnSync(PY, ['-c', code], { env, encoding: 'utf8' });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(r.stderr);
  const [n, s] = r.stdout.trim().split(/\s+/).map(Number);
  return [n, s, wall];
}

function portabench(dtypes: string | null, timing: string): { wall: number; cases: number; inWorker: number } {
  const db = join(mkdtempSync(join(tmpdir(), 'portabench-sweep-')), 'sweep.db');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, 'run', '--suite', 'opinfo', '-f', 'pytorch', '-m', 'eager', '--timing', timing, '--timeout', '120', '--db', db, '--quiet'], {
    env: { ...env, ...(dtypes ? { PORTABENCH_DTYPES: dtypes } : {}) },
    encoding: 'utf8',
  });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`portabench run failed:\n${r.stderr.slice(-2000)}`);
  const sql = new BetterSqlite3(db, { readonly: true });
  const row = sql.prepare('SELECT count(*) AS n, sum(duration_ms) AS ms FROM results').get() as { n: number; ms: number };
  sql.close();
  return { wall, cases: row.n, inWorker: row.ms / 1000 };
}

const f = (x: number) => x.toFixed(2);
console.log(`OpInfo float32 eager CPU sweep, 1 thread, ${reps} rounds side by side (medians)`);
const bare: number[] = [];
const bareWall: number[] = [];
const fixed: number[] = [];
const fixedWall: number[] = [];
const both: number[] = [];
const bothWall: number[] = [];
const direct: number[] = [];
const pb: Array<{ wall: number; cases: number; inWorker: number }> = [];
let samples = 0;
let cases = 0;
for (let i = 0; i < reps; i++) {
  const [n, s, w] = python(BARE);
  samples = n;
  bare.push(s);
  bareWall.push(w);
  const [, fs, fw] = python(BARE_FIXED);
  fixed.push(fs);
  fixedWall.push(fw);
  const [, bs, bw] = python(BARE_BOTH);
  both.push(bs);
  bothWall.push(bw);
  const [c, d] = python(DIRECT);
  cases = c;
  direct.push(d);
  pb.push(portabench('float32', 'none'));
  console.log(`  round ${i + 1}: bare ${f(s)} s (${f(w)} s end to end), bare without absent-backend seeding ${f(fs)} s (${f(fw)} s), and without extract_test_fn's stack walks ${f(bs)} s (${f(bw)} s), direct ${f(d)} s, portabench ${f(pb[i].wall)} s (${pb[i].cases} cases, ${f(pb[i].inWorker)} s inside cases)`);
}
const wall = median(pb.map((p) => p.wall));
const inside = median(pb.map((p) => p.inWorker));
console.log(`bare loop over ${samples} samples (ops only)       ${f(median(bare))} s in the loop, ${f(median(bareWall))} s end to end (python start, torch and op_db imports)`);
console.log(`the same, seeding no absent backend           ${f(median(fixed))} s in the loop, ${f(median(fixedWall))} s end to end (torch.manual_seed's lazy CUDA/XPU/MTIA seeding formats a stack trace per call)`);
console.log(`the same, also without extract_test_fn's inspect.stack() ${f(median(both))} s in the loop, ${f(median(bothWall))} s end to end (PyTorch's test bookkeeping, twice per sample_inputs)`);
console.log(`the suite's ${cases} case functions, plain loop    ${f(median(direct))} s  (reference computation and comparison included)`);
console.log(`portabench run --timing none                    ${f(wall)} s  (start-up, listing, worker, store)`);
console.log(`ratio portabench / bare loop, end to end        ${f(wall / median(bareWall))}×   (target ≤ 1.5×)`);
console.log(`ratio portabench / bare loop, loop time only     ${f(wall / median(bare))}×`);
console.log(`ratio portabench / bare loop without absent-backend seeding, end to end ${f(wall / median(fixedWall))}×`);
console.log(`ratio portabench / bare loop with both of portabench's fixes, end to end ${f(wall / median(bothWall))}×`);
console.log(`ratio portabench / plain loop of the same cases ${f(wall / median(direct))}×`);
console.log(`harness cost per case (wall − time inside cases) ${(((wall - inside) / pb[0].cases) * 1000).toFixed(2)} ms`);
if (full) {
  const all = portabench(null, 'quick');
  console.log(`full all-dtypes eager sweep, --timing quick: ${all.cases} cases in ${f(all.wall)} s (${f(all.inWorker)} s inside cases; ${(((all.wall - all.inWorker) / all.cases) * 1000).toFixed(2)} ms harness per case)`);
}

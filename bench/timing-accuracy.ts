// portabench's median against each framework's own benchmark utility, side by side in
// one run, on the same operations and sizes. It prints figures; it asserts nothing.
//
// CPU (always): torch.utils.benchmark.Timer.blocked_autorange for PyTorch, timeit (with
// block_until_ready) for JAX; portabench as it times by default (tiny operations in
// blocks of N calls) and with --block 1 (one call per sample), so the table shows what
// blocked timing changes for the small operations.
// GPU (when torch.cuda.is_available() in the PyTorch interpreter): PyTorch on cuda,
// operations from ~5 µs to ~10 ms; portabench's wall and CUDA-event medians against
// Timer.blocked_autorange, and portabench --flush-cache against triton.testing.do_bench
// (which flushes L2 before every call) when triton imports.
//
// Run: node --import tsx bench/timing-accuracy.ts [pytorch,jax] [--device cpu|cuda|all] [--out FILE.json]
//        [--python pytorch=/path/to/python]…   (after npx tsc -p .; default: portabench's managed venvs)
// BENCH_THREADS sets the CPU threads (default 1).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
// One compute thread on both sides: the comparison is of the measuring, not of thread
// scheduling on a shared machine (set BENCH_THREADS to change it).
const THREADS = process.env.BENCH_THREADS ?? '1';
const ENV = {
  ...process.env,
  OMP_NUM_THREADS: THREADS,
  MKL_NUM_THREADS: THREADS,
  XLA_FLAGS: `--xla_cpu_multi_thread_eigen=${THREADS === '1' ? 'false' : 'true'} intra_op_parallelism_threads=${THREADS}`,
};
const CLI = join(ROOT, 'bin', 'portabench.js');
const VENVS = process.env.PORTABENCH_VENVS ?? join(ROOT, '.venvs');

type Fw = 'pytorch' | 'jax';
type Device = 'cpu' | 'cuda';

interface Op {
  name: string;
  sizes: number[];
  /** Python setting up inputs from `n` on device `dev` (framework module imported as the framework's usual alias). */
  setup: string;
  /** The timed call, over the inputs named in `args`. */
  call: string;
  args: string[];
}

const IMPORTS: Record<Fw, string> = {
  pytorch: 'import torch\ntorch.manual_seed(0)',
  jax: 'import jax, jax.numpy as jnp\njax.config.update("jax_enable_x64", True)\nkey = jax.random.PRNGKey(0)',
};

const CPU_OPS: Record<Fw, Op[]> = {
  pytorch: [
    { name: 'neg', sizes: [16], setup: 'a = torch.randn(n)', call: 'torch.neg', args: ['a'] },
    { name: 'add', sizes: [1_000, 1_000_000], setup: 'a = torch.randn(n); b = torch.randn(n)', call: 'torch.add', args: ['a', 'b'] },
    { name: 'matmul', sizes: [64, 256, 512], setup: 'a = torch.randn(n, n); b = torch.randn(n, n)', call: 'torch.matmul', args: ['a', 'b'] },
    { name: 'exp', sizes: [100_000], setup: 'a = torch.randn(n)', call: 'torch.exp', args: ['a'] },
    { name: 'sort', sizes: [100_000], setup: 'a = torch.randn(n)', call: 'torch.sort', args: ['a'] },
    { name: 'conv2d', sizes: [64], setup: 'a = torch.randn(1, 8, n, n); b = torch.randn(16, 8, 3, 3)', call: 'torch.nn.functional.conv2d', args: ['a', 'b'] },
  ],
  jax: [
    { name: 'neg', sizes: [16], setup: 'a = jax.random.normal(key, (n,), dtype=jnp.float32)', call: 'jnp.negative', args: ['a'] },
    { name: 'add', sizes: [1_000, 1_000_000], setup: 'a = jax.random.normal(key, (n,), dtype=jnp.float32); b = a + 1', call: 'jnp.add', args: ['a', 'b'] },
    { name: 'matmul', sizes: [64, 256, 512], setup: 'a = jax.random.normal(key, (n, n), dtype=jnp.float32); b = a.T', call: 'jnp.matmul', args: ['a', 'b'] },
    { name: 'exp', sizes: [100_000], setup: 'a = jax.random.normal(key, (n,), dtype=jnp.float32)', call: 'jnp.exp', args: ['a'] },
    { name: 'sort', sizes: [100_000], setup: 'a = jax.random.normal(key, (n,), dtype=jnp.float32)', call: 'jnp.sort', args: ['a'] },
  ],
};

/** PyTorch on cuda, from launch-bound (~5 µs) to ~10 ms. */
const GPU_OPS: Op[] = [
  { name: 'add', sizes: [1_000, 10_000_000], setup: 'a = torch.randn(n, device=dev); b = torch.randn(n, device=dev)', call: 'torch.add', args: ['a', 'b'] },
  { name: 'exp', sizes: [1_000_000], setup: 'a = torch.randn(n, device=dev)', call: 'torch.exp', args: ['a'] },
  { name: 'softmax', sizes: [4096], setup: 'a = torch.randn(n, n, device=dev)', call: 'torch.softmax', args: ['a', '-1'] },
  { name: 'sort', sizes: [1_000_000], setup: 'a = torch.randn(n, device=dev)', call: 'torch.sort', args: ['a'] },
  { name: 'conv2d', sizes: [56], setup: 'a = torch.randn(32, 64, n, n, device=dev); b = torch.randn(64, 64, 3, 3, device=dev)', call: 'torch.nn.functional.conv2d', args: ['a', 'b'] },
  { name: 'matmul', sizes: [256, 1024, 4096, 6144], setup: 'a = torch.randn(n, n, device=dev); b = torch.randn(n, n, device=dev)', call: 'torch.matmul', args: ['a', 'b'] },
];

const key = (op: Op, n: number) => `${op.call}|${n}`;
/**
 * The statement Timer times: the function object called with its inputs, as portabench
 * calls it (`fn(*args)`), so that neither side counts looking up `torch.add` per call.
 */
const boundCall = (op: Op) => `fn(${op.args.join(', ')})`;
/** Interpreters named with --python fw=PATH (used by the references and passed to portabench run). */
const PYTHONS = new Map<string, string>();
const python = (fw: Fw) => PYTHONS.get(fw) ?? join(VENVS, fw, 'bin', 'python');

function runPython(fw: Fw, lines: string[]): Record<string, unknown> {
  const text = execFileSync(python(fw), ['-c', lines.join('\n')], { encoding: 'utf8', maxBuffer: 1 << 24, env: ENV });
  return JSON.parse(text.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

function suiteFor(fw: Fw, ops: Op[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'portabench-accuracy-suite-'));
  mkdirSync(join(dir, fw), { recursive: true });
  for (const op of ops) {
    const text = `${IMPORTS[fw]}
from portabench import case

FUNCTION = "${op.call}"

@case(n=[${op.sizes.join(', ')}])
def timed(bench, device, n):
    dev = device
    ${op.setup}
    bench.measure(${op.call}, ${op.args.join(', ')})
`;
    writeFileSync(join(dir, fw, `${op.call}.py`), text);
  }
  return dir;
}

/** Each framework's own measurement on CPU: a median per call in ms, by "call|n". */
function cpuReference(fw: Fw): Map<string, number> {
  const lines = [IMPORTS[fw], 'import json, statistics, timeit', 'out = {}', 'dev = "cpu"'];
  if (fw === 'pytorch') lines.push('from torch.utils.benchmark import Timer');
  for (const op of CPU_OPS[fw]) {
    for (const n of op.sizes) {
      lines.push(`n = ${n}`, op.setup);
      const call = `${op.call}(${op.args.join(', ')})`;
      if (fw === 'pytorch') {
        lines.push(`m = Timer(stmt=${JSON.stringify(boundCall(op))}, globals=dict(globals(), fn=${op.call}), num_threads=${THREADS}).blocked_autorange(min_run_time=1.0)`);
        lines.push(`out["${key(op, n)}"] = m.median * 1e3`);
      } else {
        lines.push(`f = lambda: jax.block_until_ready(${call})`, 'f()');
        lines.push('k, _ = timeit.Timer(f).autorange()');
        lines.push(`out["${key(op, n)}"] = statistics.median(t / k for t in timeit.repeat(f, number=k, repeat=15)) * 1e3`);
      }
    }
  }
  lines.push('print(json.dumps(out))');
  return new Map(Object.entries(runPython(fw, lines) as Record<string, number>));
}

interface GpuReference {
  timer: number;
  /** triton.testing.do_bench's median (ms), or null when triton does not import. */
  doBench: number | null;
}

/** Timer.blocked_autorange and triton.testing.do_bench on cuda, by "call|n". */
function gpuReference(): { rows: Map<string, GpuReference>; triton: string | null } {
  const lines = [
    IMPORTS.pytorch,
    'import inspect, json',
    'from torch.utils.benchmark import Timer',
    'dev = "cuda"',
    'try:',
    '    import triton',
    '    from triton.testing import do_bench',
    '    kw = {"return_mode": "median"} if "return_mode" in inspect.signature(do_bench).parameters else {}',
    '    triton_version = triton.__version__',
    'except Exception as exc:',
    '    do_bench, triton_version = None, None',
    'def bench_triton(f):',
    '    if do_bench is None: return None',
    '    r = do_bench(f, **kw)',
    '    return float(r[0] if isinstance(r, (tuple, list)) else r)',
    'out = {"rows": {}}',
  ];
  for (const op of GPU_OPS) {
    for (const n of op.sizes) {
      const call = `${op.call}(${op.args.join(', ')})`;
      lines.push(`n = ${n}`, op.setup);
      lines.push(`t = Timer(stmt=${JSON.stringify(boundCall(op))}, globals=dict(globals(), fn=${op.call})).blocked_autorange(min_run_time=1.0).median * 1e3`);
      lines.push(`out["rows"]["${key(op, n)}"] = {"timer": t, "doBench": bench_triton(lambda: ${call})}`);
    }
  }
  lines.push('out["triton"] = triton_version', 'print(json.dumps(out))');
  const got = runPython('pytorch', lines) as { rows: Record<string, GpuReference>; triton: string | null };
  return { rows: new Map(Object.entries(got.rows)), triton: got.triton };
}

interface Latency {
  median: number;
  iqr: number;
  n: number;
  clock: string;
  block?: number;
  device_clock?: string;
  device_median?: number;
}

function portabench(fw: Fw, suite: string, device: Device, extra: string[] = []): Map<string, Latency> {
  const db = join(mkdtempSync(join(tmpdir(), 'portabench-accuracy-')), 'results.db');
  const named = PYTHONS.has(fw) ? ['--python', `${fw}=${PYTHONS.get(fw)}`] : [];
  const args = [CLI, 'run', '--suite', suite, '-f', fw, '-d', device, '-m', 'eager', '--db', db, '--min-time', '1', '--max-reps', '10000', '--warmup', '3', '--quiet', '--json', ...named, ...extra];
  const res = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26, env: ENV });
  if (res.status !== 0) throw new Error(`portabench run failed (${res.status}):\n${res.stderr}`);
  const report = JSON.parse(res.stdout) as { targets: Array<{ functions: Array<{ function: string; case_latency_ms: Record<string, Latency> }> }> };
  const out = new Map<string, Latency>();
  for (const f of report.targets[0].functions) {
    for (const [name, lat] of Object.entries(f.case_latency_ms)) out.set(`${f.function}|${/n=(\d+)/.exec(name)![1]}`, lat);
  }
  return out;
}

const fmt = (ms: number | null | undefined) => (ms == null ? '—' : ms < 0.1 ? `${(ms * 1000).toFixed(2)} µs` : `${ms.toFixed(4)} ms`);
const ratio = (a: number | null | undefined, b: number | null | undefined) => (a == null || b == null ? null : a / b);
const fmtRatio = (r: number | null) => (r == null ? '—' : r.toFixed(2));
const geomean = (xs: Array<number | null>) => {
  const ok = xs.filter((x): x is number => x != null && x > 0);
  return ok.length ? Math.exp(ok.reduce((s, r) => s + Math.log(r), 0) / ok.length) : null;
};

function table(title: string, columns: string[], rows: Array<Array<string | number>>): void {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => String(r[i]).length)));
  console.log(`\n${title}`);
  console.log(columns.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
  for (const r of rows) console.log(r.map((v, i) => (i === 0 ? String(v).padEnd(widths[i]) : String(v).padStart(widths[i]))).join('  '));
}

interface Row {
  framework: Fw;
  device: Device;
  operation: string;
  n: number;
  [column: string]: string | number | null;
}

function cpuTable(fw: Fw): Row[] {
  const suite = suiteFor(fw, CPU_OPS[fw]);
  const blocked = portabench(fw, suite, 'cpu');
  const single = portabench(fw, suite, 'cpu', ['--block', '1']);
  const theirs = cpuReference(fw);
  const rows: Row[] = [];
  for (const op of CPU_OPS[fw]) {
    for (const n of op.sizes) {
      const a = blocked.get(key(op, n));
      const s = single.get(key(op, n));
      const ref = theirs.get(key(op, n)) ?? null;
      rows.push({
        framework: fw, device: 'cpu', operation: op.call, n,
        portabench_ms: a?.median ?? null, block: a?.block ?? 1, iqr_ms: a?.iqr ?? null, reps: a?.n ?? null,
        unblocked_ms: s?.median ?? null, reference_ms: ref,
        ratio: ratio(a?.median, ref), unblocked_ratio: ratio(s?.median, ref),
      });
    }
  }
  const tool = fw === 'pytorch' ? 'torch.utils.benchmark.Timer' : 'timeit + block_until_ready';
  table(
    `${fw} on CPU, ${THREADS} thread(s): portabench median (blocked where it chose to; and with --block 1) vs ${tool} median; ratio = portabench / reference`,
    ['operation', 'n', 'portabench', 'block', 'IQR', 'reps', 'reference', 'ratio', '--block 1', 'ratio'],
    rows.map((r) => [r.operation, r.n, fmt(r.portabench_ms as number), r.block!, fmt(r.iqr_ms as number), r.reps ?? '—', fmt(r.reference_ms as number), fmtRatio(r.ratio as number), fmt(r.unblocked_ms as number), fmtRatio(r.unblocked_ratio as number)]),
  );
  const small = rows.filter((r) => (r.block as number) > 1);
  console.log(`geometric mean ratio: ${fmtRatio(geomean(rows.map((r) => r.ratio as number)))} over ${rows.length} operation sizes`);
  if (small.length) {
    console.log(`the ${small.length} operation(s) portabench timed in blocks: ratio ${fmtRatio(geomean(small.map((r) => r.ratio as number)))} blocked, ${fmtRatio(geomean(small.map((r) => r.unblocked_ratio as number)))} one call per sample (geometric means)`);
  }
  return rows;
}

function gpuTable(): { rows: Row[]; triton: string | null } {
  const suite = suiteFor('pytorch', GPU_OPS);
  const ours = portabench('pytorch', suite, 'cuda');
  const flushed = portabench('pytorch', suite, 'cuda', ['--flush-cache']);
  const { rows: theirs, triton } = gpuReference();
  const rows: Row[] = [];
  for (const op of GPU_OPS) {
    for (const n of op.sizes) {
      const a = ours.get(key(op, n));
      const f = flushed.get(key(op, n));
      const ref = theirs.get(key(op, n));
      rows.push({
        framework: 'pytorch', device: 'cuda', operation: op.call, n,
        wall_ms: a?.median ?? null, device_ms: a?.device_median ?? null, device_clock: a?.device_clock ?? null, block: a?.block ?? 1,
        timer_ms: ref?.timer ?? null, wall_ratio: ratio(a?.median, ref?.timer), device_ratio: ratio(a?.device_median, ref?.timer),
        flushed_device_ms: f?.device_median ?? null, do_bench_ms: ref?.doBench ?? null, flushed_ratio: ratio(f?.device_median, ref?.doBench),
      });
    }
  }
  table(
    `pytorch on cuda: portabench wall and device (CUDA events) medians vs torch.utils.benchmark.Timer.blocked_autorange; portabench --flush-cache (device) vs triton.testing.do_bench ${triton ? `(triton ${triton})` : '(triton does not import: —)'}`,
    ['operation', 'n', 'wall', 'device', 'block', 'Timer', 'wall/T', 'dev/T', 'flushed dev', 'do_bench', 'fl/do_bench'],
    rows.map((r) => [r.operation, r.n, fmt(r.wall_ms as number), fmt(r.device_ms as number), r.block!, fmt(r.timer_ms as number), fmtRatio(r.wall_ratio as number), fmtRatio(r.device_ratio as number), fmt(r.flushed_device_ms as number), fmt(r.do_bench_ms as number), fmtRatio(r.flushed_ratio as number)]),
  );
  console.log(`geometric mean ratios: wall/Timer ${fmtRatio(geomean(rows.map((r) => r.wall_ratio as number)))}, device/Timer ${fmtRatio(geomean(rows.map((r) => r.device_ratio as number)))}, flushed device/do_bench ${fmtRatio(geomean(rows.map((r) => r.flushed_ratio as number)))}`);
  return { rows, triton };
}

function hasCuda(): boolean {
  const r = spawnSync(python('pytorch'), ['-c', 'import torch; print(torch.cuda.is_available())'], { encoding: 'utf8', env: ENV });
  return r.status === 0 && r.stdout.trim().endsWith('True');
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string' }, device: { type: 'string', default: 'all' }, python: { type: 'string', multiple: true } } });
for (const spec of values.python ?? []) {
  const [fw, path] = spec.split(/=(.*)/s);
  if (!path) throw new Error(`--python expects FRAMEWORK=PATH, got ${spec}`);
  PYTHONS.set(fw, path);
}
const frameworks = (positionals[0]?.split(',') ?? ['pytorch', 'jax']) as Fw[];
const load = loadavg();
console.log(`${hostname()}: ${cpus().length} CPUs (${cpus()[0]?.model}), load average ${load.map((l) => l.toFixed(2)).join(' ')}`);
const result: { machine: object; cpu: Row[]; gpu: Row[]; triton: string | null } = {
  machine: { host: hostname(), cpus: cpus().length, cpu_model: cpus()[0]?.model, load_before: load, threads: THREADS, date: new Date().toISOString() },
  cpu: [],
  gpu: [],
  triton: null,
};
if (values.device === 'cpu' || values.device === 'all') for (const fw of frameworks) result.cpu.push(...cpuTable(fw));
if (values.device === 'cuda' || values.device === 'all') {
  if (hasCuda()) Object.assign(result, (({ rows, triton }) => ({ gpu: rows, triton }))(gpuTable()));
  else console.log('\nno CUDA device in the PyTorch interpreter: the GPU table is left out');
}
Object.assign(result.machine, { load_after: loadavg() });
if (values.out) {
  writeFileSync(values.out, `${JSON.stringify(result, null, 1)}\n`);
  console.log(`\ntable saved to ${values.out}`);
}

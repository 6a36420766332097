// portabench's median against each framework's own benchmark utility, side by side in
// one run: torch.utils.benchmark.Timer for PyTorch, timeit (with block_until_ready)
// for JAX, on the same operations and sizes, on CPU.
// Run: node --import tsx bench/timing-accuracy.ts   (after npx tsc -p .)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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

interface Op {
  name: string;
  sizes: number[];
  /** Python setting up inputs from `n` (framework module imported as the framework's usual alias). */
  setup: string;
  /** The timed call, over the inputs named in `args`. */
  call: string;
  args: string[];
}

const OPS: Record<'pytorch' | 'jax', { module: string; imp: string; ops: Op[] }> = {
  pytorch: {
    module: 'torch',
    imp: 'import torch\ntorch.manual_seed(0)',
    ops: [
      { name: 'add', sizes: [1_000, 1_000_000], setup: 'a = torch.randn(n); b = torch.randn(n)', call: 'torch.add', args: ['a', 'b'] },
      { name: 'matmul', sizes: [64, 256, 512], setup: 'a = torch.randn(n, n); b = torch.randn(n, n)', call: 'torch.matmul', args: ['a', 'b'] },
      { name: 'exp', sizes: [100_000], setup: 'a = torch.randn(n)', call: 'torch.exp', args: ['a'] },
      { name: 'sort', sizes: [100_000], setup: 'a = torch.randn(n)', call: 'torch.sort', args: ['a'] },
      { name: 'conv2d', sizes: [64], setup: 'a = torch.randn(1, 8, n, n); b = torch.randn(16, 8, 3, 3)', call: 'torch.nn.functional.conv2d', args: ['a', 'b'] },
    ],
  },
  jax: {
    module: 'jax',
    imp: 'import jax, jax.numpy as jnp\njax.config.update("jax_enable_x64", True)\nkey = jax.random.PRNGKey(0)',
    ops: [
      { name: 'add', sizes: [1_000, 1_000_000], setup: 'a = jax.random.normal(key, (n,), dtype=jnp.float32); b = a + 1', call: 'jnp.add', args: ['a', 'b'] },
      { name: 'matmul', sizes: [64, 256, 512], setup: 'a = jax.random.normal(key, (n, n), dtype=jnp.float32); b = a.T', call: 'jnp.matmul', args: ['a', 'b'] },
      { name: 'exp', sizes: [100_000], setup: 'a = jax.random.normal(key, (n,), dtype=jnp.float32)', call: 'jnp.exp', args: ['a'] },
      { name: 'sort', sizes: [100_000], setup: 'a = jax.random.normal(key, (n,), dtype=jnp.float32)', call: 'jnp.sort', args: ['a'] },
    ],
  },
};

function suiteFor(fw: 'pytorch' | 'jax', dir: string) {
  const { imp, ops } = OPS[fw];
  mkdirSync(join(dir, fw), { recursive: true });
  for (const op of ops) {
    const text = `${imp}
from portabench import case

FUNCTION = "${op.call}"

@case(n=[${op.sizes.join(', ')}])
def timed(bench, device, n):
    ${op.setup}
    bench.measure(${op.call}, ${op.args.join(', ')})
`;
    writeFileSync(join(dir, fw, `${op.call}.py`), text);
  }
}

/** Each framework's own measurement: a median per call in ms, by "call|n". */
function reference(fw: 'pytorch' | 'jax'): Map<string, number> {
  const { imp, ops } = OPS[fw];
  const lines = [imp, 'import json, statistics, timeit', 'out = {}'];
  if (fw === 'pytorch') lines.push('from torch.utils.benchmark import Timer');
  for (const op of ops) {
    for (const n of op.sizes) {
      lines.push(`n = ${n}`, op.setup);
      const call = `${op.call}(${op.args.join(', ')})`;
      if (fw === 'pytorch') {
        lines.push(`m = Timer(stmt=${JSON.stringify(call)}, globals=globals(), num_threads=${THREADS}).blocked_autorange(min_run_time=1.0)`);
        lines.push(`out["${op.call}|${n}"] = m.median * 1e3`);
      } else {
        lines.push(`f = lambda: jax.block_until_ready(${call})`, 'f()');
        lines.push('k, _ = timeit.Timer(f).autorange()');
        lines.push('out["' + `${op.call}|${n}` + '"] = statistics.median(t / k for t in timeit.repeat(f, number=k, repeat=15)) * 1e3');
      }
    }
  }
  lines.push('print(json.dumps(out))');
  const text = execFileSync(join(VENVS, fw, 'bin', 'python'), ['-c', lines.join('\n')], { encoding: 'utf8', maxBuffer: 1 << 24, env: ENV });
  return new Map(Object.entries(JSON.parse(text.trim().split('\n').at(-1)!) as Record<string, number>));
}

function portabench(fw: 'pytorch' | 'jax', suite: string): Map<string, { median: number; iqr: number; n: number }> {
  const db = join(mkdtempSync(join(tmpdir(), 'portabench-accuracy-')), 'results.db');
  const res = spawnSync(process.execPath, [CLI, 'run', '--suite', suite, '-f', fw, '-m', 'eager', '--db', db, '--min-time', '1', '--max-reps', '10000', '--warmup', '3', '--quiet', '--json'], { encoding: 'utf8', maxBuffer: 1 << 26, env: ENV });
  if (res.status !== 0) throw new Error(`portabench run failed (${res.status}):\n${res.stderr}`);
  const report = JSON.parse(res.stdout) as { targets: Array<{ functions: Array<{ function: string; case_latency_ms: Record<string, { median: number; iqr: number; n: number }> }> }> };
  const out = new Map<string, { median: number; iqr: number; n: number }>();
  for (const f of report.targets[0].functions) {
    for (const [name, lat] of Object.entries(f.case_latency_ms)) out.set(`${f.function}|${/n=(\d+)/.exec(name)![1]}`, lat);
  }
  return out;
}

const fmt = (ms: number) => (ms < 0.1 ? `${(ms * 1000).toFixed(2)} µs` : `${ms.toFixed(4)} ms`);
const frameworks = (process.argv[2]?.split(',') ?? ['pytorch', 'jax']) as Array<'pytorch' | 'jax'>;
for (const fw of frameworks) {
  const suite = mkdtempSync(join(tmpdir(), 'portabench-accuracy-suite-'));
  suiteFor(fw, suite);
  const ours = portabench(fw, suite);
  const theirs = reference(fw);
  const tool = fw === 'pytorch' ? 'torch.utils.benchmark.Timer' : 'timeit + block_until_ready';
  console.log(`\n${fw} on CPU, ${THREADS} thread(s): portabench median vs ${tool} median (ratio = portabench / reference)`);
  console.log(`${'operation'.padEnd(30)} ${'n'.padStart(8)} ${'portabench'.padStart(12)} ${'IQR'.padStart(11)} ${'reps'.padStart(6)} ${'reference'.padStart(12)} ${'ratio'.padStart(6)}`);
  const ratios: number[] = [];
  for (const op of OPS[fw].ops) {
    for (const n of op.sizes) {
      const key = `${op.call}|${n}`;
      const a = ours.get(key);
      const b = theirs.get(key);
      if (!a || b === undefined) {
        console.log(`${op.call.padEnd(30)} ${String(n).padStart(8)} missing (${a ? '' : 'portabench '}${b === undefined ? 'reference' : ''})`);
        continue;
      }
      ratios.push(a.median / b);
      console.log(`${op.call.padEnd(30)} ${String(n).padStart(8)} ${fmt(a.median).padStart(12)} ${fmt(a.iqr).padStart(11)} ${String(a.n).padStart(6)} ${fmt(b).padStart(12)} ${(a.median / b).toFixed(2).padStart(6)}`);
    }
  }
  const geo = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
  console.log(`geometric mean ratio: ${geo.toFixed(3)} over ${ratios.length} operation sizes`);
}

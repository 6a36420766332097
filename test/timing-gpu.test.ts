// Timing that holds on a GPU, tested on CPU through real workers of all three
// frameworks: blocked timing for operations too short to time alone (block recorded,
// samples per call), --flush-cache recorded and really flushing, and the clock of every
// figure (wall; device time absent on CPU, with the reason). The CUDA-events path itself
// is unit-tested with a stand-in event in python/tests/test_timing_gpu.py, and on a GPU
// by the same file's test_cuda_events_on_gpu.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import BetterSqlite3 from '../src/store/sqlite-driver.js';
import { summarizeCase, type TimedRegion } from '../src/model/case-stats.js';
import { caseLatency } from '../src/analysis/stats.js';
import { runCli, tempDb, writeSuite } from './helpers.js';

const SLEEP = `
@case
def sleeps(bench, device):
    import time
    bench.measure(lambda x: (time.sleep(0.005), x)[1], X)
`;

const suite = writeSuite({
  'pytorch/torch.neg.py': `
import torch
from portabench import case
FUNCTION = "torch.neg"
X = torch.ones(3)
@case
def tiny(bench, device):
    assert float(bench.measure(torch.neg, torch.ones(3, device=device)).sum()) == -3.0
${SLEEP}`,
  'jax/jax.numpy.negative.py': `
import jax.numpy as jnp
from portabench import case
FUNCTION = "jax.numpy.negative"
X = jnp.ones(3)
@case
def tiny(bench, device):
    assert float(bench.measure(jnp.negative, jnp.ones(3)).sum()) == -3.0
${SLEEP}`,
  'tensorflow/tf.negative.py': `
import tensorflow as tf
from portabench import case
FUNCTION = "tf.negative"
X = tf.ones(3)
@case
def tiny(bench, device):
    assert float(tf.reduce_sum(bench.measure(tf.negative, tf.ones(3)))) == -3.0
${SLEEP}`,
});

type Stored = TimedRegion & { clock: string; block: number; device_clock: string | null; device_clock_reason?: string; flushes?: number; flush_bytes?: number };

interface Row {
  framework: string;
  mode: string;
  name: string;
  outcome: string;
  samples: string;
  median_ms: number;
}

function results(db: string): Row[] {
  const sql = new BetterSqlite3(db, { readonly: true });
  try {
    return sql.prepare('SELECT t.framework, t.mode, c.name, r.outcome, r.samples, r.median_ms FROM results r JOIN cases c ON c.id = r.case_id JOIN targets t ON t.id = c.target_id').all() as Row[];
  } finally {
    sql.close();
  }
}

function runOptions(db: string): { timing?: { flush_cache?: boolean; block?: number } } {
  const sql = new BetterSqlite3(db, { readonly: true });
  try {
    return JSON.parse((sql.prepare('SELECT options FROM runs').get() as { options: string }).options);
  } finally {
    sql.close();
  }
}

const first = (r: Row) => (JSON.parse(r.samples) as Stored[])[0];
const TIMING = ['--min-reps', '5', '--max-reps', '20', '--min-time', '0.01', '--timeout', '120', '--quiet', '--json'];

describe('timing on CPU for all three frameworks', () => {
  it('blocks a tiny operation (N > 1, recorded), times a slow one call per sample, and says the clock is wall', async () => {
    const db = tempDb();
    const res = await runCli(['run', '--suite', suite, '-f', 'pytorch', 'jax', 'tensorflow', '-m', 'eager', '--db', db, ...TIMING]);
    assert.equal(res.code, 0, res.stderr);
    const rows = results(db);
    assert.equal(rows.length, 6);
    for (const r of rows) {
      assert.equal(r.outcome, 'pass', `${r.framework} ${r.name}`);
      const m = first(r);
      assert.equal(m.clock, 'wall');
      assert.equal(m.device_clock, null, 'no device clock on CPU');
      assert.equal(m.device_samples_ms, undefined);
      assert.match(m.device_clock_reason ?? '', /wall clock/, `${r.framework}: the reason is stored`);
      if (r.name === 'tiny') assert.ok(m.block > 1, `${r.framework}: a tiny op is timed in blocks, got ${m.block}`);
      else assert.equal(m.block, 1, `${r.framework}: a 5 ms call is timed alone (well above 100× the harness's per-sample cost: TensorFlow's is about 10 µs)`);
    }
    const report = JSON.parse(res.stdout) as { targets: Array<{ framework: string; functions: Array<{ case_latency_ms: Record<string, Record<string, unknown>> }> }> };
    for (const t of report.targets) {
      const lat = t.functions[0].case_latency_ms;
      assert.equal(lat.tiny.clock, 'wall');
      assert.ok((lat.tiny.block as number) > 1, `${t.framework}: the block is in the report`);
      assert.equal(lat.tiny.device_median, undefined, 'no device figures without a device clock');
      assert.equal(lat.sleeps.block, undefined);
    }
  });

  it('with --block N each sample is the block time over N; compiled (jax.jit) blocks too', async () => {
    const db = tempDb();
    const res = await runCli(['run', '--suite', suite, '-f', 'jax', '-m', 'eager', 'compiled', '--db', db, '--block', '4', ...TIMING]);
    assert.equal(res.code, 0, res.stderr);
    for (const r of results(db)) {
      const m = first(r);
      assert.equal(m.block, 4);
      if (r.name === 'sleeps' && r.mode === 'eager') {
        // a block of 4 sleeps of 5 ms takes > 20 ms; per call it is about 5 ms
        assert.ok(m.samples_ms.every((s) => s >= 5 && s < 8), JSON.stringify(m.samples_ms));
      }
    }
    assert.equal(runOptions(db).timing?.block, 4, 'the block flag is stored with the run');
  });

  it('--flush-cache flushes before every sample, is stored with the run and the result, and reported', async () => {
    const db = tempDb();
    const res = await runCli(['run', '--suite', suite, '-f', 'pytorch', 'jax', 'tensorflow', '-m', 'eager', '--db', db, '--flush-cache', ...TIMING]);
    assert.equal(res.code, 0, res.stderr);
    for (const r of results(db)) {
      assert.equal(r.outcome, 'pass', `${r.framework} ${r.name}`);
      const m = first(r);
      assert.equal(m.flush_cache, true);
      assert.equal(m.block, 1, 'a flushed op is timed one call per sample');
      assert.equal(m.flushes, m.samples_ms.length, `${r.framework}: one flush per sample`);
      assert.ok((m.flush_bytes ?? 0) >= 1 << 20, `${r.framework}: a buffer larger than the cache, got ${m.flush_bytes}`);
    }
    assert.equal(runOptions(db).timing?.flush_cache, true, 'the flag is stored with the run');
    const report = JSON.parse(res.stdout) as { targets: Array<{ functions: Array<{ case_latency_ms: Record<string, Record<string, unknown>> }> }> };
    assert.equal(report.targets[0].functions[0].case_latency_ms.tiny.flush_cache, true);
  });
});

describe('one summary of both clocks', () => {
  const regions: TimedRegion[] = [
    { cold_ms: 9, samples_ms: [1, 2, 3], block: 10, device_clock: 'cuda-events', device_samples_ms: [0.5, 0.6, 0.7] },
    { cold_ms: 1, samples_ms: [100], block: 1 },
  ];

  it('summarizeCase gives the device clock beside the wall one, for the first region', () => {
    const s = summarizeCase(regions);
    assert.equal(s.medianMs, 2);
    assert.equal(s.block, 10);
    const d = s.device!;
    assert.deepEqual([d.clock, d.n, d.medianMs, d.minMs], ['cuda-events', 3, 0.6, 0.5]);
    for (const [got, want] of [[d.meanMs, 0.6], [d.iqrMs, 0.1], [d.madMs, 0.1]]) assert.ok(Math.abs(got - want) < 1e-12, `${got} vs ${want}`);
    assert.equal(summarizeCase([{ samples_ms: [1], device_clock: null }]).device, null);
  });

  it('caseLatency names the clock of each figure', () => {
    const lat = caseLatency({ outcome: 'pass', median_ms: 2, mean_ms: 2, min_ms: 1, n: 3, cold_ms: 9, samples: JSON.stringify(regions) })!;
    assert.equal(lat.clock, 'wall');
    assert.equal(lat.device_clock, 'cuda-events');
    assert.equal(lat.device_median, 0.6);
    assert.equal(lat.device_n, 3);
    assert.equal(lat.block, 10);
    const wallOnly = caseLatency({ outcome: 'pass', median_ms: 2, mean_ms: 2, min_ms: 1, n: 3, cold_ms: 9, samples: JSON.stringify([{ samples_ms: [1, 2, 3], block: 1, device_clock: null }]) })!;
    assert.equal(wallOnly.clock, 'wall');
    assert.equal(wallOnly.device_median, undefined);
    assert.equal(wallOnly.block, undefined);
  });
});

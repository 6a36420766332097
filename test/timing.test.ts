// Timing through a real JAX worker and a real store: cold kept apart, adaptive
// repetitions within the given bounds, every sample stored, spread statistics,
// calibration stored with the target, flags for medians too small to quote, and the
// fingerprint in the JSON report.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import BetterSqlite3 from '../src/store/sqlite-driver.js';
import { iqr, mad, median, summarize } from '../src/analysis/stats.js';
import { runCli, tempDb, writeSuite } from './helpers.js';

const TIMED = `
import time
import jax.numpy as jnp
from portabench import case

FUNCTION = "jax.numpy.negative"

calls = {"n": 0}

def slow_first(x):
    calls["n"] += 1
    time.sleep(0.3 if calls["n"] == 1 else 0.003)
    return jnp.negative(x)

@case
def cold_apart(bench, device):
    bench.measure(slow_first, jnp.ones(3))

@case
def noop(bench, device):
    bench.measure(lambda: None)

@case(ms=[2, 5])
def sleeps(bench, device, ms):
    bench.measure(lambda x: (time.sleep(ms / 1000), jnp.negative(x))[1], jnp.ones(3))
`;

const suite = writeSuite({ 'jax/jax.numpy.negative.py': TIMED });

interface Row {
  name: string;
  outcome: string;
  n: number;
  median_ms: number;
  mean_ms: number;
  min_ms: number;
  iqr_ms: number;
  mad_ms: number;
  cold_ms: number;
  samples: string;
}

function rows(db: string): Map<string, Row> {
  const sql = new BetterSqlite3(db, { readonly: true });
  try {
    const list = sql.prepare('SELECT c.name, r.* FROM cases c JOIN results r ON r.case_id = c.id').all() as Row[];
    return new Map(list.map((r) => [r.name, r]));
  } finally {
    sql.close();
  }
}

describe('statistics', () => {
  it('median, IQR and MAD of a known sample', () => {
    const xs = [1, 2, 3, 4, 100];
    assert.equal(median(xs), 3);
    assert.equal(iqr(xs), 2); // 4 - 2 with linear interpolation
    assert.equal(mad(xs), 1); // |x - 3| = 2,1,0,1,97 → 1
    assert.deepEqual(summarize(xs), { n: 5, median: 3, mean: 22, min: 1, max: 100, iqr: 2, mad: 1 });
  });
});

describe('bench.measure through a run', () => {
  it('bounds repetitions by --max-reps, keeps cold apart, stores every sample and the calibration', async () => {
    const db = tempDb();
    const res = await runCli(['run', '--suite', suite, '-f', 'jax', '-m', 'eager', '--db', db, '--timeout', '60', '--warmup', '1', '--min-reps', '3', '--max-reps', '7', '--min-time', '100', '--quiet', '--json']);
    assert.equal(res.code, 0, res.stderr);
    const r = rows(db);
    for (const row of r.values()) {
      assert.equal(row.outcome, 'pass');
      const [m] = JSON.parse(row.samples) as Array<{ cold_ms: number; samples_ms: number[]; warmup: number; stop: string }>;
      assert.equal(m.samples_ms.length, 7, `${row.name}: max-reps bounds the count when min-time is out of reach`);
      assert.equal(m.stop, 'max_reps');
      assert.equal(m.warmup, 1);
      assert.equal(row.n, 7);
      const s = summarize(m.samples_ms)!;
      assert.equal(row.median_ms, s.median);
      assert.equal(row.iqr_ms, s.iqr);
      assert.equal(row.mad_ms, s.mad);
      assert.equal(row.min_ms, Math.min(...m.samples_ms));
    }
    const cold = r.get('cold_apart')!;
    assert.ok(cold.cold_ms >= 300, `the slow first call is the cold one: ${cold.cold_ms} ms`);
    assert.ok(cold.median_ms < 300, 'and stays out of the samples');
    assert.ok(r.get('sleeps[ms=5]')!.min_ms >= 5, 'a sample covers the whole call');

    const sql = new BetterSqlite3(db, { readonly: true });
    const cal = JSON.parse((sql.prepare('SELECT calibration FROM targets').get() as { calibration: string }).calibration);
    sql.close();
    assert.ok(cal.timer_resolution_ns > 0 && cal.call_overhead_ns > 0, JSON.stringify(cal));

    const report = JSON.parse(res.stdout);
    const t = report.targets[0];
    const fn = t.functions.find((f: { function: string }) => f.function === 'jax.numpy.negative');
    const lat = fn.case_latency_ms;
    assert.deepEqual(Object.keys(lat).sort(), ['cold_apart', 'noop', 'sleeps[ms=2]', 'sleeps[ms=5]']);
    for (const k of ['median', 'mean', 'min', 'iqr', 'mad', 'n', 'cold']) assert.equal(typeof lat['sleeps[ms=2]'][k], 'number', k);
    assert.equal(lat['sleeps[ms=5]'].median, r.get('sleeps[ms=5]')!.median_ms);
    assert.match(lat.noop.near_timer_limit ?? '', /timer resolution|per-call cost/, 'a no-op is too close to the harness cost to quote');
    assert.equal(lat['sleeps[ms=5]'].near_timer_limit, undefined);

    assert.ok(t.fingerprint.machine.cpu_model, 'the machine is in the report');
    assert.ok(Array.isArray(t.fingerprint.machine.cpu_flags));
    assert.ok(t.fingerprint.framework.version, 'the framework version is in the report');
    assert.ok(t.fingerprint.framework.build.jaxlib, 'the build is in the report');
    assert.equal(t.fingerprint.calibration.timer_resolution_ns, cal.timer_resolution_ns);
  });

  it('stops at the minimum measuring time once the minimum count is reached', async () => {
    const db = tempDb();
    const res = await runCli(['run', '--suite', suite, '-f', 'jax', '-m', 'eager', '--db', db, '--timeout', '60', '--min-reps', '2', '--max-reps', '1000', '--min-time', '0.05', '--quiet']);
    assert.equal(res.code, 0, res.stderr);
    const row = rows(db).get('sleeps[ms=5]')!;
    const [m] = JSON.parse(row.samples) as Array<{ samples_ms: number[]; stop: string }>;
    assert.equal(m.stop, 'min_time');
    const total = m.samples_ms.reduce((a, b) => a + b, 0);
    assert.ok(total >= 50, `measured at least 50 ms, got ${total}`);
    assert.ok(m.samples_ms.length < 1000 && m.samples_ms.length >= 2);
  });
});

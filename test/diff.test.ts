// portabench diff on two real runs of the same suite: the second run is made to differ
// through an environment variable its test files read (a case stops passing, a function
// vanishes, a latency grows far beyond noise).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli, tempDb, writeSuite } from './helpers.js';

const suite = writeSuite({
  'jax/jax.numpy.add.py': `
import os, time
import jax.numpy as jnp
from portabench import case
FUNCTION = "jax.numpy.add"
BROKEN = os.environ.get("PB_DIFF_BREAK") == "1"
# Unchanged between the runs, and long enough (2 ms) that two processes time it alike: a
# call of a few microseconds can differ by a third from one process to the next, which a
# test of each run's own samples cannot know.
def add(x, y):
    time.sleep(0.002)
    return jnp.add(x, y)
@case(dtype=["float32", "int32"])
def adds(bench, device, dtype):
    out = bench.measure(add, jnp.ones(4, dtype), jnp.ones(4, dtype))
    if BROKEN and dtype == "int32":
        raise NotImplementedError("add is not implemented for int32 in this build")
    assert int(out.sum()) == 8
`,
  'jax/jax.numpy.multiply.py': `
import os, time
import jax.numpy as jnp
from portabench import case
FUNCTION = "jax.numpy.multiply"
SLOW = os.environ.get("PB_DIFF_BREAK") == "1"
def mul(x, y):
    time.sleep(0.004 if SLOW else 0.0005)
    return jnp.multiply(x, y)
@case(n=[3])
def multiplies(bench, device, n):
    out = bench.measure(mul, jnp.ones(n), jnp.ones(n))
    assert float(out.sum()) == n
`,
  'jax/jax.numpy.cos.py': `
import os
import jax.numpy as jnp
from portabench import case
if os.environ.get("PB_DIFF_BREAK") == "1":
    raise ImportError("cos removed in this build")
FUNCTION = "jax.numpy.cos"
@case(n=[2, 3])
def cos(bench, device, n):
    out = bench.measure(jnp.cos, jnp.zeros(n))
    assert float(out.sum()) == n
`,
});

describe('diff', () => {
  const db = tempDb();
  const run = (env: Record<string, string>) =>
    runCli(['run', '--suite', suite, '-f', 'jax', '-m', 'eager', '--db', db, '--min-reps', '20', '--max-reps', '20', '--min-time', '0.001', '--json'], { env });

  it('finds what the second run broke, in text, JSON and Markdown', async () => {
    const a = await run({ PB_DIFF_BREAK: '0' });
    assert.equal(a.code, 0, a.stderr);
    const b = await run({ PB_DIFF_BREAK: '1' });
    assert.equal(b.code, 0, b.stderr);
    const [runA, runB] = [JSON.parse(a.stdout).targets[0].run_id, JSON.parse(b.stdout).targets[0].run_id];

    const json = await runCli(['diff', String(runA), String(runB), '--db', db, '--json']);
    assert.equal(json.code, 0, json.stderr);
    const d = JSON.parse(json.stdout);
    assert.equal(d.targets.length, 1);
    const t = d.targets[0];
    assert.deepEqual(t.functions.stopped_passing, [{ function: 'jax.numpy.add', from: 'pass', to: 'partial' }]);
    assert.deepEqual(t.functions.changed, [{ function: 'jax.numpy.cos', from: 'pass', to: 'not_run' }], 'cos did not import in run B');
    assert.equal(t.cases.stopped_passing.length, 1);
    assert.deepEqual([t.cases.stopped_passing[0].case, t.cases.stopped_passing[0].to, t.cases.stopped_passing[0].to_category], ['adds[dtype=int32]', 'fail', 'not_implemented']);
    assert.match(t.cases.stopped_passing[0].error, /not implemented for int32/);
    assert.equal(t.cases.vanished, 2, 'the two cos cases are gone');
    assert.equal(t.latency.slower.length, 1, JSON.stringify(t.latency));
    assert.equal(t.latency.slower[0].function, 'jax.numpy.multiply');
    assert.ok(t.latency.slower[0].ratio > 2 && t.latency.slower[0].q < 0.01);
    assert.equal(t.latency.faster.length, 0);
    assert.equal(d.regressions, 2);
    assert.match(d.latency_test.method, /Mann–Whitney/);

    const text = await runCli(['diff', String(runA), String(runB), '--db', db]);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /2 regression\(s\)/);
    assert.match(text.stdout, /jax\.numpy\.add\s*│\s*pass\s*│\s*partial/);
    assert.match(text.stdout, /adds\[dtype=int32\]/);
    assert.match(text.stdout, /Latency changes beyond noise/);

    const md = await runCli(['diff', 'jax/cpu/eager#' + runA, 'jax/cpu/eager#' + runB, '--db', db, '--format', 'md']);
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /^## What changed$/m);
    assert.match(md.stdout, /\| jax\.numpy\.add \| pass \| partial \|/);

    const gate = await runCli(['diff', String(runA), String(runB), '--db', db, '--fail-on-regression']);
    assert.equal(gate.code, 3, 'something stopped passing');
    const same = await runCli(['diff', String(runA), String(runA), '--db', db, '--fail-on-regression', '--json']);
    assert.equal(same.code, 0);
    const s = JSON.parse(same.stdout);
    assert.equal(s.regressions, 0);
    assert.equal(s.targets[0].latency.slower.length + s.targets[0].latency.faster.length, 0, 'a run against itself shows no latency change');
  });

  it('says which target a selector could not find', async () => {
    const r = await runCli(['diff', 'jax/cuda', '1', '--db', db]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no target matches "jax\/cuda"; the store has: jax\/cpu\/eager/);
  });
});

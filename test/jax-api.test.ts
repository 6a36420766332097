// The jax-api suite on real JAX: a small slice (jax.numpy.sum and zeros against NumPy, jax.nn.relu,
// jax.random.normal, jax.grad) runs on the CPU, eagerly, every case naming its public function; and
// `check` of user code calling jnp.sum and jnp.zeros finds the run's measured verdicts.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { checkJson, runSlice, tempDb, tempDir, type SliceReport } from './helpers.js';


const db = tempDb();
let report: SliceReport;

describe('jax-api suite', () => {
  before(async () => {
    const env = { PORTABENCH_OPS: 'jax.numpy.sum,jax.numpy.zeros,jax.nn.relu,jax.random.normal,jax.grad', PORTABENCH_DTYPES: 'float32' };
    report = await runSlice(db, 'jax-api', 'jax', ['eager'], env, 'cpu');
  });

  it('jax.numpy.sum, jax.numpy.zeros, jax.nn.relu, jax.random.normal and jax.grad at float32 pass on the CPU, each under its own name', () => {
    assert.equal(report.targets.length, 1);
    const got = Object.fromEntries(report.targets[0].functions.map((f) => [f.function, f.status]));
    assert.deepEqual(got, {
      'jax.grad': 'pass',
      'jax.nn.relu': 'pass',
      'jax.numpy.sum': 'pass',
      'jax.numpy.zeros': 'pass',
      'jax.random.normal': 'pass',
    });
  });

  it('jnp.sum and jnp.zeros call sites get measured "runs" verdicts from the run', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'model.py'), 'import jax.numpy as jnp\n\nx = jnp.zeros((3, 4))\ntotal = jnp.sum(x)\n');
    const run = report.targets[0].run_id;
    const json = await checkJson(dir, `jax/cpu/eager#${run}`, db);
    const sites = json.files.flatMap((f) => f.sites.map((s) => ({ line: s.line, fn: s.function, v: s.verdicts[0] })));
    assert.deepEqual(
      sites.map((s) => [s.line, s.fn, s.v.status, s.v.kind]),
      [
        [3, 'jax.numpy.zeros', 'runs', 'measured'],
        [4, 'jax.numpy.sum', 'runs', 'measured'],
      ],
    );
    assert.ok(sites.every((s) => s.v.cases.passed === 1 && s.v.cases.failed === 0), JSON.stringify(sites));
  });
});

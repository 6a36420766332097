// No case changes another's result (issue 16, reproduction 2): a test file whose case
// passes but leaves process-wide state changed (default dtype, grad mode, warnings
// filters, NumPy errstate, a replaced framework function, a JAX config flag, a
// TensorFlow config flag), then a correct file. Real workers, real frameworks, every
// --isolate mode: the correct file gets the verdicts it gets when run alone, the leaky
// case's result says what it changed, and `report` shows it in every format.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import BetterSqlite3 from '../src/store/sqlite-driver.js';
import { runCli, tempDb, writeSuite } from './helpers.js';

interface Framework {
  name: 'pytorch' | 'jax' | 'tensorflow';
  leaky: [string, string];
  correct: [string, string];
  /** What the leaky case's result must list (the `what` of each change, and a piece of its value after). */
  changes: Array<[string, RegExp]>;
}

const FRAMEWORKS: Framework[] = [
  {
    name: 'pytorch',
    leaky: [
      'pytorch/torch.abs.py',
      `
import warnings
import numpy
import torch
from portabench import case

FUNCTION = "torch.abs"

@case
def leaves_everything_changed(bench, device):
    torch.set_default_dtype(torch.float64)
    torch.set_grad_enabled(False)
    warnings.simplefilter("error")
    numpy.seterr(all="raise")
    torch.exp = lambda x: x + 1
    out = bench.measure(torch.abs, torch.tensor([-2.0], device=device))
    assert float(out[0]) == 2.0
`,
    ],
    correct: [
      'pytorch/torch.exp.py',
      `
import math
import warnings
import numpy as np
import torch
from portabench import case

FUNCTION = "torch.exp"

@case
def float32_by_default(bench, device):
    out = bench.measure(torch.exp, torch.tensor([0.0, 1.0], device=device))
    assert out.dtype == torch.float32, out.dtype
    assert abs(float(out[1]) - math.e) < 1e-6, float(out[1])

@case
def gradient(bench, device):
    x = torch.tensor([0.5], device=device, requires_grad=True)
    y = bench.measure(torch.exp, x)
    y.sum().backward()
    assert abs(float(x.grad[0]) - math.exp(0.5)) < 1e-6

@case
def overflows_like_numpy(bench, device):
    out = bench.measure(torch.exp, torch.tensor([1000.0], device=device))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # NumPy warns on overflow: under errstate "raise" it raises instead
        expected = np.exp(np.float32(1000.0))
    assert math.isinf(float(out[0])) and math.isinf(float(expected))

@case
def a_warning_is_no_error(bench, device):
    bench.measure(torch.exp, torch.zeros(1, device=device))
    warnings.warn("a warning, not an error", UserWarning)
`,
    ],
    changes: [
      ['default dtype', /float64/],
      ['grad mode', /off/],
      ['warnings filter', /^error::Warning/],
      ['numpy errstate', /over=raise/],
      ['torch.exp', /lambda/],
    ],
  },
  {
    name: 'jax',
    leaky: [
      'jax/jax.numpy.abs.py',
      `
import jax
import jax.numpy as jnp
from portabench import case

FUNCTION = "jax.numpy.abs"

@case
def leaves_config_changed(bench, device):
    jax.config.update("jax_numpy_rank_promotion", "raise")
    jnp.add = lambda x, y: x
    out = bench.measure(jnp.abs, jnp.array([-2.0]))
    assert float(out[0]) == 2.0
`,
    ],
    correct: [
      'jax/jax.numpy.add.py',
      `
import jax.numpy as jnp
from portabench import case

FUNCTION = "jax.numpy.add"

@case
def row_plus_column(bench, device):
    row, column = jnp.ones(3), jnp.ones((3, 1))
    out = bench.measure(jnp.add, row, column)
    assert out.shape == (3, 3), out.shape
    assert float(out.sum()) == 18.0
`,
    ],
    changes: [
      ['jax.config jax_numpy_rank_promotion', /raise/],
      ['jax.numpy.add', /lambda/],
    ],
  },
  {
    name: 'tensorflow',
    leaky: [
      'tensorflow/tf.abs.py',
      `
import tensorflow as tf
from portabench import case

FUNCTION = "tf.abs"

@case
def leaves_config_changed(bench, device):
    tf.config.run_functions_eagerly(True)
    tf.math.exp = lambda x: x
    out = bench.measure(tf.abs, tf.constant([-2.0]))
    assert float(out[0]) == 2.0
`,
    ],
    correct: [
      'tensorflow/tf.math.exp.py',
      `
import math
import tensorflow as tf
from portabench import case

FUNCTION = "tf.math.exp"

@case
def in_a_traced_function(bench, device):
    eager = []

    @tf.function
    def f(x):
        eager.append(tf.executing_eagerly())
        return tf.math.exp(x)

    out = bench.measure(f, tf.constant([0.0, 1.0]))
    assert eager[0] is False, "the tf.function ran eagerly"
    assert abs(float(out[1]) - math.e) < 1e-5, float(out[1])
`,
    ],
    changes: [
      ['tf.function run eagerly', /on/],
      ['tf.math.exp', /lambda/],
    ],
  },
];

interface Row {
  file: string;
  name: string;
  outcome: string;
  error_message: string | null;
  state_changes: string | null;
}

function rows(db: string): Row[] {
  const sql = new BetterSqlite3(db, { readonly: true });
  try {
    return sql.prepare('SELECT c.file, c.name, r.outcome, r.error_message, r.state_changes FROM cases c JOIN results r ON r.case_id = c.id ORDER BY r.id').all() as Row[];
  } finally {
    sql.close();
  }
}

async function run(suite: string, framework: string, isolate: string): Promise<{ db: string; results: Row[] }> {
  const db = tempDb();
  const res = await runCli(['run', '--suite', suite, '-f', framework, '-d', 'cpu', '-m', 'eager', '--db', db, '--isolate', isolate, '--timing', 'none']);
  assert.ok([0, 1].includes(res.code ?? -1), res.stderr);
  return { db, results: rows(db) };
}

const verdicts = (rs: Row[], file: string) => new Map(rs.filter((r) => r.file.endsWith(file)).map((r) => [r.name, r.outcome]));

for (const fw of FRAMEWORKS) {
  describe(`${fw.name}: a leaky file before a correct one`, () => {
    const alone = writeSuite(Object.fromEntries([fw.correct]));
    const both = writeSuite(Object.fromEntries([fw.leaky, fw.correct]));
    const correctFile = fw.correct[0].split('/')[1];
    let expected: Map<string, string>;

    it('the correct file passes when run alone', async () => {
      const { results } = await run(alone, fw.name, 'target');
      expected = verdicts(results, correctFile);
      assert.ok(expected.size >= 1);
      for (const r of results) assert.equal(r.outcome, 'pass', `${r.name}: ${r.error_message}`);
      assert.ok(results.every((r) => r.state_changes === null), 'a correct case changes nothing');
    });

    for (const isolate of ['target', 'function', 'case']) {
      it(`--isolate ${isolate}: the correct file keeps its verdicts, the leaky case says what it changed`, async () => {
        const { db, results } = await run(both, fw.name, isolate);
        const got = verdicts(results, correctFile);
        const why = results.map((r) => `${r.name}: ${r.outcome} ${r.error_message ?? ''}`).join('\n');
        assert.deepEqual(got, expected, `verdicts of ${correctFile} after the leaky file:\n${why}`);

        const leaky = results.find((r) => r.file.endsWith(fw.leaky[0].split('/')[1]))!;
        assert.equal(leaky.outcome, 'pass', leaky.error_message ?? '');
        const changes = JSON.parse(leaky.state_changes ?? '[]') as Array<{ what: string; before: string; after: string }>;
        for (const [what, after] of fw.changes) {
          const c = changes.find((x) => x.what === what);
          assert.ok(c, `the leaky case's result lists "${what}": ${JSON.stringify(changes)}`);
          assert.match(c.after, after);
        }

        if (fw.name === 'pytorch' && isolate === 'target') {
          for (const format of ['text', 'md', 'csv', 'latex', 'html']) {
            const rep = await runCli(['report', '--db', db, '--format', format]);
            assert.equal(rep.code, 0, rep.stderr);
            assert.match(rep.stdout, /leaks state: [^\n]*default dtype float64/, `report --format ${format}`);
            if (format !== 'csv') assert.match(rep.stdout, /[Cc]ases that leak state/, `report --format ${format} has the table`);
          }
          const json = JSON.parse((await runCli(['report', '--db', db, '--format', 'json'])).stdout) as { state_leaks: Array<{ leaks: Array<{ function: string; changes: Array<{ what: string; after: string }> }> }> };
          const leak = json.state_leaks[0].leaks[0];
          assert.equal(leak.function, 'torch.abs');
          assert.ok(leak.changes.some((c) => c.what === 'default dtype' && c.after === 'float64'), JSON.stringify(leak.changes));
        }
      });
    }
  });
}

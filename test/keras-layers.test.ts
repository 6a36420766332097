// The keras-layers suite on real TensorFlow/Keras: a small slice runs on the CPU (eager and
// jit_compile), and `check` of user code calling keras.layers — through `from tensorflow
// import keras`, `tf.keras` and plain `import keras` — finds its measured verdicts.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { canonicalName } from '../src/mining/frameworks.js';
import { checkJson, runSlice, tempDb, tempDir, type SliceReport } from './helpers.js';


const db = tempDb();
let report: SliceReport;

describe('keras-layers suite', () => {
  before(async () => {
    // One run (TensorFlow imports are slow): three layers, a tf.* function, a keras.ops function, a
    // model and an optimizer, float32, eager and compiled.
    const env = { PORTABENCH_OPS: 'Dense,Conv2D,LSTM,nn.relu,ops.matmul,Sequential,optimizers.Adam', PORTABENCH_DTYPES: 'float32' };
    report = await runSlice(db, 'keras-layers', 'tensorflow', ['eager', 'compiled'], env);
  });

  it('Dense, Conv2D and LSTM (and tf.nn.relu, keras.ops.matmul, Sequential, Adam) at float32 run and check on the CPU, eager and compiled', () => {
    for (const mode of ['eager', 'compiled']) {
      const t = report.targets.find((x) => x.mode === mode);
      assert.ok(t, `no ${mode} target`);
      const got = Object.fromEntries(t.functions.map((f) => [f.function, f.status]));
      assert.deepEqual(
        got,
        {
          'tf.keras.layers.Conv2D': 'pass',
          'tf.keras.layers.Dense': 'pass',
          'tf.keras.layers.LSTM': 'pass',
          'tf.nn.relu': 'pass',
          'tf.keras.ops.matmul': 'pass',
          'tf.keras.Sequential': 'pass',
          'tf.keras.optimizers.Adam': 'pass',
        },
        mode,
      );
    }
  });

  it('keras.layers call sites, however keras is imported, get measured "runs" verdicts from the run', async () => {
    assert.equal(canonicalName('keras.layers.Dense'), 'tf.keras.layers.Dense');
    const dir = tempDir();
    writeFileSync(join(dir, 'from_tf.py'), 'from tensorflow import keras\n\nlayer = keras.layers.Dense(3)\n');
    writeFileSync(join(dir, 'plain_keras.py'), 'import keras\n\nconv = keras.layers.Conv2D(4, 3, padding="same")\nmodel = keras.Sequential([conv])\nopt = keras.optimizers.Adam(1e-3)\ny = keras.ops.matmul(a, b)\n');
    writeFileSync(join(dir, 'tf_keras.py'), 'import tensorflow as tf\n\nrnn = tf.keras.layers.LSTM(8)\ny = tf.nn.relu(rnn(x))\n');
    const run = report.targets.find((t) => t.mode === 'eager')!.run_id;
    const json = await checkJson(dir, `tensorflow/cpu/eager#${run}`, db);
    const sites = json.files.flatMap((f) => f.sites.map((s) => ({ file: f.path.slice(dir.length + 1), fn: s.function, v: s.verdicts[0] })));
    assert.deepEqual(
      sites.map((s) => [s.file, s.fn, s.v.status, s.v.kind]),
      [
        ['from_tf.py', 'tf.keras.layers.Dense', 'runs', 'measured'],
        ['plain_keras.py', 'tf.keras.layers.Conv2D', 'runs', 'measured'],
        ['plain_keras.py', 'tf.keras.Sequential', 'runs', 'measured'],
        ['plain_keras.py', 'tf.keras.optimizers.Adam', 'runs', 'measured'],
        ['plain_keras.py', 'tf.keras.ops.matmul', 'runs', 'measured'],
        ['tf_keras.py', 'tf.keras.layers.LSTM', 'runs', 'measured'],
        ['tf_keras.py', 'tf.nn.relu', 'runs', 'measured'],
      ],
    );
    assert.ok(sites.every((s) => s.v.cases.passed === 1 && s.v.cases.failed === 0), JSON.stringify(sites));
  });
});

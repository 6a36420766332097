// The models suite on TensorFlow and JAX (suites/models/{tensorflow,jax},
// python/portabench/generated/keras_applications.py): a real keras.applications model, built
// with random weights on Keras' back end for each framework, runs inference and a training
// step eagerly and compiled (tf.function(jit_compile=True), jax.jit), each compiled output
// compared with CPU eager and the difference stored; the filters select by model; check
// finds a keras.applications constructor in a user's file and gives it the measured verdict.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pythonParser } from '../src/mining/parser.js';
import { modelCallsIn } from '../src/models/scan.js';
import { Store } from '../src/store/store.js';
import { ROOT, runCli, tempDb, tempDir } from './helpers.js';

interface Row {
  name: string;
  function: string;
  params: string;
  mode: string;
  outcome: string;
  error_message: string | null;
  analysis: string | null;
}

async function slice(framework: string, modes: string[], env: Record<string, string>, db = tempDb()): Promise<Row[]> {
  const args = ['run', '--suite', 'suites/models', '-f', framework, ...modes.flatMap((m) => ['-m', m]), '--timing', 'none', '--db', db, '-q'];
  const run = await runCli(args, { env });
  assert.equal(run.code, 0, run.stderr);
  const store = await Store.open(db);
  try {
    return (await store.db
      .selectFrom('results')
      .innerJoin('cases', 'cases.id', 'results.case_id')
      .innerJoin('targets', 'targets.id', 'cases.target_id')
      .select(['cases.name', 'cases.function', 'cases.params', 'targets.mode', 'results.outcome', 'results.error_message', 'results.analysis'])
      .execute()) as Row[];
  } finally {
    await store.close();
  }
}

const key = (r: Row) => `${r.mode} ${r.name}`;
const diff = (r: Row | undefined) => (JSON.parse(r?.analysis ?? '{}') as { max_abs_diff?: number }).max_abs_diff;

describe('the models suite on Keras', () => {
  it('check finds the keras.applications constructors a file calls, through keras, tf.keras and from-imports', async () => {
    const parser = await pythonParser();
    try {
      const src = ['import tensorflow as tf', 'import keras', 'from keras.applications import ResNet50 as R', '',
        'a = tf.keras.applications.MobileNetV3Small(weights=None)', 'b = R()', 'c = keras.applications.resnet50.ResNet50()',
        'd = keras.layers.Dense(3)', 'e = keras.applications.resnet50.preprocess_input(x)', ''].join('\n');
      assert.deepEqual(modelCallsIn(parser, src).map((c) => [c.line, c.library, c.spelt, c.name]), [
        [5, 'keras', 'keras.applications.MobileNetV3Small', 'MobileNetV3Small'],
        [6, 'keras', 'keras.applications.ResNet50', 'ResNet50'],
        [7, 'keras', 'keras.applications.resnet50.ResNet50', 'ResNet50'],
      ]);
    } finally {
      parser.delete();
    }
  });

  it('TensorFlow: MobileNetV3Small inference and a training step pass eager and under XLA, compiled compared with CPU eager; check gives the verdict', async () => {
    const db = tempDb();
    const rows = await slice('tensorflow', ['eager', 'compiled'], { PORTABENCH_MODELS: 'MobileNetV3Small' }, db);
    const r = Object.fromEntries(rows.map((x) => [key(x), x]));
    assert.deepEqual(Object.keys(r).sort(), [
      'compiled keras:MobileNetV3Small[inference]', 'compiled keras:MobileNetV3Small[training]',
      'eager keras:MobileNetV3Small[inference]', 'eager keras:MobileNetV3Small[training]',
    ]);
    for (const row of rows) assert.equal(row.outcome, 'pass', `${key(row)}: ${row.error_message}`);
    assert.equal(r['eager keras:MobileNetV3Small[inference]'].function, 'tf.keras.applications.MobileNetV3Small');
    const params = JSON.parse(r['eager keras:MobileNetV3Small[training]'].params) as Record<string, unknown>;
    assert.deepEqual([params.library, params.model, params.workload, params.input, params.backend], ['keras', 'MobileNetV3Small', 'training', [64, 64, 3], 'tensorflow']);
    // compiled: its outputs (a training step's first loss) against the CPU eager ones, stored; eager on the CPU compares with nothing
    for (const w of ['inference', 'training']) assert.equal(typeof diff(r[`compiled keras:MobileNetV3Small[${w}]`]), 'number', w);
    assert.equal(diff(r['eager keras:MobileNetV3Small[inference]']), undefined);

    const file = join(tempDir('portabench-keras-'), 'train.py');
    writeFileSync(file, ['import keras', '', 'net = keras.applications.MobileNetV3Small(weights=None)', 'big = keras.applications.ResNet50()', ''].join('\n'));
    const check = await runCli(['check', file, '--target', 'tensorflow/cpu/compiled', '--format', 'json', '--db', db]);
    assert.equal(check.code, 0, check.stderr);
    const sites = (JSON.parse(check.stdout) as { models: Array<{ line: number; models: string[]; verdicts: Array<{ workload: string; measured: { status: string } | null }>; note?: string }> }).models;
    const [net] = sites.filter((s) => s.line === 3);
    assert.deepEqual(net.models, ['keras:MobileNetV3Small']);
    assert.deepEqual(net.verdicts.map((v) => [v.workload, v.measured?.status]).sort(), [['inference', 'runs'], ['training', 'runs']]);
    assert.match(sites.find((s) => s.line === 4)?.note ?? '', /keras model "ResNet50" is not in the store.*PORTABENCH_MODELS=keras:ResNet50/);
  });

  it('JAX: VGG16 on the JAX back end, inference and a training step pass eagerly and under jax.jit, compiled compared with CPU eager', async () => {
    const db = tempDb();
    const rows = await slice('jax', ['eager', 'compiled'], { PORTABENCH_MODELS: 'keras:VGG16' }, db);
    assert.deepEqual(rows.map(key).sort(), [
      'compiled keras:VGG16[inference]', 'compiled keras:VGG16[training]', 'eager keras:VGG16[inference]', 'eager keras:VGG16[training]',
    ]);
    for (const row of rows) {
      assert.equal(row.outcome, 'pass', `${key(row)}: ${row.error_message}`);
      assert.equal(row.function, 'keras.applications.VGG16');
      assert.equal((JSON.parse(row.params) as { backend: string }).backend, 'jax');
    }
    for (const row of rows) assert.equal(typeof diff(row), row.mode === 'compiled' ? 'number' : 'undefined', key(row));

    // its JAX primitives, joined with what libtpu compiled of JAX's own harnesses (the committed
    // bundle): predicted to compile for a TPU v5e, from the float32 evidence of each primitive —
    // the int8 convolutions that fail there do not block a float32 network
    const bundle = join(ROOT, 'results', 'jax-aot-tpu-harnesses-v4-v5e-v5p-v6e-2026-12-03.jsonl.gz');
    assert.equal((await runCli(['import', 'bundle', bundle, '--db', db])).code, 0);
    const file = join(tempDir('portabench-keras-'), 'net.py');
    writeFileSync(file, ['from keras.applications import VGG16', '', 'net = VGG16(weights=None)', ''].join('\n'));
    const v5e = 'jax/tpu/aot@TPU v5 lite (compiled by libtpu 0.0.42.1)';
    const check = await runCli(['check', file, '--target', v5e, '--format', 'json', '--db', db]);
    assert.equal(check.code, 0, check.stderr);
    const [site] = (JSON.parse(check.stdout) as { models: Array<{ verdicts: Array<{ workload: string; predicted: { status: string | null; kinds: string[] } | null }> }> }).models;
    const inference = site.verdicts.find((v) => v.workload === 'inference');
    assert.equal(inference?.predicted?.status, 'runs', JSON.stringify(inference));
    assert.deepEqual(inference?.predicted?.kinds, ['compiled']);
  });

  it('JAX aot: VGG16 inference compiled for a TPU v5e without one (the aot environment), the compiler\'s figures stored', async () => {
    const db = tempDb();
    const run = await runCli(['run', '--suite', 'suites/models', '-f', 'jax', '-d', 'tpu', '-m', 'aot', '--aot-target', 'v5e', '--timing', 'none', '--db', db, '-q'],
      { env: { PORTABENCH_MODELS: 'VGG16', PORTABENCH_MODELS_WORKLOADS: 'inference' } });
    assert.equal(run.code, 0, run.stderr);
    const store = await Store.open(db);
    try {
      const rows = await store.db.selectFrom('results').innerJoin('cases', 'cases.id', 'results.case_id').innerJoin('targets', 'targets.id', 'cases.target_id')
        .select(['cases.name', 'targets.hardware', 'results.outcome', 'results.error_message', 'results.analysis']).execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0].outcome, 'pass', rows[0].error_message ?? '');
      assert.match(rows[0].hardware ?? '', /TPU v5 lite/);
      const a = JSON.parse(rows[0].analysis ?? '{}') as { flops?: number; argument_bytes?: number };
      assert.ok((a.flops ?? 0) > 0 && (a.argument_bytes ?? 0) > 100e6, `VGG16's weights are its arguments: ${rows[0].analysis}`);
    } finally {
      await store.close();
    }
  });
});

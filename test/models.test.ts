// The models suite (suites/models, python/portabench/generated/models.py) on real
// torchvision, timm and transformers models in the models environment (setup --with models,
// <venvs>/models-pytorch: PyPI's torch, about 3.1 GB of wheels and 5.7 GB on disk): a model
// runs on CPU eager, its operators are stored, and a kernel removed through
// PORTABENCH_MODELS_FAIL_OP makes it fail naming that operator. Skipped, saying so, where
// that environment is absent.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Store } from '../src/store/store.js';
import { ROOT, runCli, tempDb } from './helpers.js';

const MODELS_PYTHON = join(process.env.PORTABENCH_VENVS ?? join(ROOT, '.venvs'), 'models-pytorch', 'bin', 'python');
const skip = existsSync(MODELS_PYTHON) ? false : `no models environment at ${MODELS_PYTHON}: run "npx portabench setup --with models" (about 3.1 GB of wheels) to test the models suite`;

interface Row {
  name: string;
  function: string;
  outcome: string;
  category: string | null;
  error_message: string | null;
  ops: string | null;
}

/** Run a slice of the models suite on CPU eager, operators recorded; its results by case name. */
async function slice(env: Record<string, string>, mode = 'eager'): Promise<Record<string, Row>> {
  const db = tempDb();
  const run = await runCli(['run', '--suite', 'suites/models', '-f', 'pytorch', '-m', mode, '--python', `pytorch=${MODELS_PYTHON}`, '--timing', 'none', '--record-ops', '--db', db, '-q'], { env });
  assert.equal(run.code, 0, run.stderr);
  const store = await Store.open(db);
  try {
    const rows = await store.db
      .selectFrom('results')
      .innerJoin('cases', 'cases.id', 'results.case_id')
      .select(['cases.name', 'cases.function', 'results.outcome', 'results.category', 'results.error_message', 'results.ops'])
      .execute();
    return Object.fromEntries(rows.map((r) => [r.name, r as Row]));
  } finally {
    await store.close();
  }
}

const ops = (r: Row | undefined): string[] => JSON.parse(r?.ops ?? '[]') as string[];

describe('the models suite', { skip }, () => {
  it('resnet18 from torchvision and timm, a scaled-down Llama: inference and a training step pass on CPU eager, their ATen ops stored', async () => {
    const r = await slice({ PORTABENCH_MODELS: 'resnet18,transformers:llama' });
    assert.deepEqual(Object.keys(r).sort(), [
      'timm:resnet18[inference]', 'timm:resnet18[training]', 'torchvision:resnet18[inference]', 'torchvision:resnet18[training]',
      'transformers:llama[inference]', 'transformers:llama[training]',
    ]);
    for (const row of Object.values(r)) assert.equal(row.outcome, 'pass', `${row.name}: ${row.error_message}`);
    assert.equal(r['torchvision:resnet18[inference]'].function, 'torchvision.models.resnet18');
    assert.equal(r['timm:resnet18[training]'].function, 'timm.create_model:resnet18');
    const inference = ops(r['torchvision:resnet18[inference]']);
    assert.ok(inference.includes('aten::convolution') && inference.includes('aten::max_pool2d_with_indices'), inference.join(', '));
    assert.ok(!inference.includes('aten::convolution_backward'), 'inference runs no backward');
    assert.ok(ops(r['timm:resnet18[training]']).includes('aten::convolution_backward'), 'a training step dispatches the backward kernels');
    assert.equal(r['transformers:llama[inference]'].function, 'transformers.LlamaForCausalLM');
    assert.ok(ops(r['transformers:llama[inference]']).includes('aten::embedding'), r['transformers:llama[inference]'].ops ?? '');
  });

  it('PORTABENCH_MODELS_FAIL_OP: a model dispatching that operator fails as without its kernel, the operator named and recorded', async () => {
    const r = await slice({ PORTABENCH_MODELS: 'torchvision:resnet18', PORTABENCH_MODELS_WORKLOADS: 'inference', PORTABENCH_MODELS_FAIL_OP: 'aten::convolution' });
    const row = r['torchvision:resnet18[inference]'];
    assert.equal(row.outcome, 'fail');
    assert.equal(row.category, 'not_implemented');
    assert.match(row.error_message ?? '', /Could not run 'aten::convolution' with arguments from the 'CPU' backend/);
    assert.ok(ops(row).includes('aten::convolution'), `the recorder saw the blocking operator: ${row.ops}`);
  });

  it('a compiled case whose CPU-eager reference fails is a skip saying so, not a failure of the compiled target', async () => {
    const r = await slice({ PORTABENCH_MODELS: 'torchvision:resnet18', PORTABENCH_MODELS_WORKLOADS: 'inference', PORTABENCH_MODELS_FAIL_REFERENCE_OP: 'aten::convolution' }, 'compiled');
    const row = r['torchvision:resnet18[inference]'];
    assert.equal(row.outcome, 'skip', `${row.outcome}: ${row.error_message}`);
    assert.match(row.error_message ?? '', /CPU-eager reference of resnet18 failed \(NotImplementedError: Could not run 'aten::convolution'.*cannot be checked/);
  });

  it('PORTABENCH_MODELS=@dynamo-torchbench selects the TorchBench models that are torchvision builders; an unknown list is an error naming the lists', () => {
    const list = (models: string) =>
      spawnSync(MODELS_PYTHON, ['-c', 'import sys; sys.path.insert(0, sys.argv[1]); from portabench.generated import models; print("\\n".join(c.name for c in models.cases()))', join(ROOT, 'python')], {
        encoding: 'utf8',
        env: { ...process.env, PORTABENCH_MODELS: models, PORTABENCH_MODELS_WORKLOADS: 'inference' },
      });
    const r = list('@dynamo-torchbench');
    assert.equal(r.status, 0, r.stderr);
    const names = r.stdout.trim().split('\n');
    for (const n of ['torchvision:resnet50[inference]', 'torchvision:quantized_resnet50[inference]', 'torchvision:maskrcnn_resnet50_fpn[inference]', 'torchvision:squeezenet1_1[inference]']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
    assert.equal(names.length, 14, 'the 14 of 57 TorchBench models that torchvision builds');
    const bad = list('@torchbench');
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /unknown list '@torchbench': expected @dynamo, @dynamo-timm/);
  });

  it('transformers model types without a causal-LM head run with their own: masked LM (albert), sequence-to-sequence (t5)', async () => {
    const r = await slice({ PORTABENCH_MODELS: 'transformers:albert,transformers:t5' });
    assert.deepEqual(Object.keys(r).sort(), ['transformers:albert[inference]', 'transformers:albert[training]', 'transformers:t5[inference]', 'transformers:t5[training]']);
    for (const row of Object.values(r)) assert.equal(row.outcome, 'pass', `${row.name}: ${row.error_message}`);
    assert.equal(r['transformers:albert[inference]'].function, 'transformers.AlbertForMaskedLM');
    assert.equal(r['transformers:t5[inference]'].function, 'transformers.T5ForConditionalGeneration');
  });

  it("a transformers type the suite cannot build at its scaled size or feed is a skip saying why, not a CPU failure; token ids stay below a small vocabulary", async () => {
    const r = await slice({ PORTABENCH_MODELS: 'transformers:funnel,transformers:lxmert,transformers:esm', PORTABENCH_MODELS_WORKLOADS: 'inference' });
    const funnel = r['transformers:funnel[inference]'];
    assert.equal(funnel.outcome, 'skip', `${funnel.outcome}: ${funnel.error_message}`);
    assert.match(funnel.error_message ?? '', /default config of funnel scaled to the suite's size .* does not hold together \(NotImplementedError: .*block_sizes.*full-size config builds and traces under fake tensors/);
    const lxmert = r['transformers:lxmert[inference]'];
    assert.equal(lxmert.outcome, 'skip', `${lxmert.outcome}: ${lxmert.error_message}`);
    assert.match(lxmert.error_message ?? '', /lxmert fails on token ids alone .*its forward takes visual_feats, visual_pos, which the suite does not give/);
    // esm's config leaves its vocabulary open (the suite gives it 1000 ids) and its ids must stay below it
    assert.equal(r['transformers:esm[inference]'].outcome, 'pass', r['transformers:esm[inference]'].error_message ?? '');
    // a kernel missing on the device is the device's failure: the scaled config traces under fake tensors, so it stays a fail
    const llama = (await slice({ PORTABENCH_MODELS: 'transformers:llama', PORTABENCH_MODELS_WORKLOADS: 'inference', PORTABENCH_MODELS_FAIL_OP: 'aten::embedding' }))['transformers:llama[inference]'];
    assert.equal(llama.outcome, 'fail', `${llama.outcome}: ${llama.error_message}`);
    assert.equal(llama.category, 'not_implemented');
  });
});

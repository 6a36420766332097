import assert from 'node:assert/strict';
import { test } from 'node:test';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../src/store/store.js';
import { ROOT, runCli, tempDb, tempDir } from './helpers.js';

const ANCHOR = process.env.PORTABENCH_ANCHOR_DATA ?? join(ROOT, '..', 'shared', 'anchor-data');

/** The study's PyTorch and JAX folders as they are (TensorFlow's, the largest, left out to keep the test short). */
function studySubset(): string {
  const dir = tempDir('portabench-anchor-');
  for (const fw of ['pytorch_timings', 'jax_timings']) symlinkSync(join(ANCHOR, 'for-ai-portability', fw), join(dir, fw));
  return dir;
}

test('import for-ai-portability: the study\'s raw data as runs, targets, functions and cases, defects as warnings', { timeout: 300_000 }, async () => {
  const db = tempDb();
  const DATA = studySubset();
  const first = await runCli(['import', 'for-ai-portability', DATA, '--db', db, '--functions', join(ANCHOR, 'paper-functions.json')]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /\[1\/11\]/, 'progress per source');
  assert.match(first.stdout, /10 run\(s\): 10 new/);
  // Known defects surface as warnings.
  assert.match(first.stdout, /jax_timings\/tpu_vm\/test_failure_report\.json is byte-identical to jax_timings\/t4_vm/);
  assert.match(first.stdout, /pytorch\/a100_vm\/gpu: timing runs hold different sub-tests: gpu_1\.json 290, gpu_2\.json 564, gpu_3\.json 564/);
  assert.match(first.stdout, /no failure report for pytorch_timings\/a100_vm\/gpu_\*\.json/);
  assert.match(first.stdout, /jax\/jax_timings\/t4_vm\/test_failure_report\.json: skipped \(duplicate\)/);
  assert.match(first.stdout, /pytorch_timings\/gpu_cpu_vm\.json: loose timing file outside the VM folders/);

  const store = await Store.open(db);
  try {
    const runs = await store.listRuns();
    assert.equal(runs.length, 10);
    assert.ok(runs.every((r) => r.origin === 'import:for-ai-portability'));
    const targets = await store.targets();
    const run = (key: string) => runs.find((r) => JSON.parse(r.options).key === key)!;
    // PyTorch on the T4 VM: the _cuda cases on the T4, the _cpu cases as the VM's CPU.
    const t4 = targets.filter((t) => t.run_id === run('pytorch/t4_vm/gpu').id);
    assert.deepEqual(t4.map((t) => [t.device, t.hardware]), [['cpu', 'CPU (T4 VM)'], ['cuda', 'NVIDIA T4']]);
    const cuda = await store.casesWithResults(t4.find((t) => t.device === 'cuda')!.id);
    const cpu = await store.casesWithResults(t4.find((t) => t.device === 'cpu')!.id);
    assert.equal(cuda.length, 283);
    assert.equal(cpu.length, 280);
    assert.equal(new Set(cuda.map((c) => c.function)).size, 64);
    const adamax = cuda.find((c) => c.function === 'torch.optim.Adamax')!;
    assert.equal(adamax.name, 'test_adamax', 'case names lose their device token');
    assert.ok(cpu.some((c) => c.function === 'torch.optim.Adamax' && c.name === 'test_adamax'));
    // The three timing runs pooled: samples of each repetition, statistics over all.
    const samples = JSON.parse(adamax.result!.samples!) as { rep: number; samples_ms: number[] }[];
    assert.deepEqual(samples.map((s) => s.rep), [1, 2, 3]);
    assert.equal(adamax.result!.n, samples.reduce((n, s) => n + s.samples_ms.length, 0));
    const counts = new Map<string, number>();
    for (const c of cuda) counts.set(c.result!.outcome, (counts.get(c.result!.outcome) ?? 0) + 1);
    assert.deepEqual(Object.fromEntries(counts), { pass: 263, skip: 12, fail: 8 });
    // Failure categories come from portabench's classifier over the error texts.
    const failed = cuda.filter((c) => c.result!.outcome === 'fail');
    assert.ok(failed.every((c) => c.result!.category && c.result!.traceback), 'every failure is classified and keeps its error text');
    assert.ok(failed.some((c) => c.result!.category === 'not_implemented' && /not implemented for 'BFloat16'/.test(c.result!.error_message ?? '')));
    assert.ok(cpu.some((c) => c.result!.category === 'memory' && /Cannot allocate memory/.test(c.result!.error_message ?? '')));

    // JAX on the TPU VM: its report is the T4's copy, imported as it is with the TPU timings.
    const jaxTpu = targets.find((t) => t.framework === 'jax' && t.hardware === 'TPU v3-8')!;
    // A TPU is device tpu, as the JAX and TensorFlow adapters name it; the study's (PyTorch's) xla is kept.
    const torchTpu = targets.find((t) => t.framework === 'pytorch' && t.hardware === 'TPU v3-8')!;
    for (const t of [jaxTpu, torchTpu]) {
      assert.equal(t.device, 'tpu');
      assert.equal(JSON.parse(t.build!).original_device, 'xla');
    }
    assert.equal((await store.casesWithResults(jaxTpu.id)).filter((c) => c.result!.outcome === 'fail').length, 140);
    const jaxA100 = targets.find((t) => t.framework === 'jax' && t.hardware === 'NVIDIA A100')!;
    const jaxCases = await store.casesWithResults(jaxA100.id);
    assert.equal(jaxCases.length, 1192);
    assert.ok(jaxCases.every((c) => c.result!.outcome === 'unknown'), 'no failure report: outcomes unknown');
  } finally {
    await store.close();
  }

  // Importing again adds nothing.
  const again = await runCli(['import', 'for-ai-portability', DATA, '--db', db, '--functions', join(ANCHOR, 'paper-functions.json')]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /10 run\(s\): 0 new, 0 replaced, 10 already imported/);
  const s2 = await Store.open(db);
  try {
    assert.equal((await s2.listRuns()).length, 10);
  } finally {
    await s2.close();
  }

  // The study's comparison: PyTorch T4 → TPU v3 (xla, the study's name for it, still selects it).
  const cmp = await runCli(['compare', '--from', 'pytorch/cuda@T4', '--to', 'pytorch/xla@TPU v3', '--db', db, '--json']);
  assert.equal(cmp.code, 0, cmp.stderr);
  const c = JSON.parse(cmp.stdout);
  assert.equal(c.summary.n, 43);
  assert.equal(c.summary.slower, 43);
  assert.equal(c.summary.slower_10x, 35);
});

test('import for-ai-portability: a folder that is not the study\'s data is refused with the reason', async () => {
  const r = await runCli(['import', 'for-ai-portability', ROOT, '--db', tempDb()]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /does not look like the for-ai-portability data: expected pytorch_timings\//);
});

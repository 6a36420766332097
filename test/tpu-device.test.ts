import assert from 'node:assert/strict';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import BetterSqlite3 from '../src/store/sqlite-driver.js';
import { Store } from '../src/store/store.js';
import { ROOT, runCli, tempDb, tempDir } from './helpers.js';

const ANCHOR = process.env.PORTABENCH_ANCHOR_DATA ?? join(ROOT, '..', 'shared', 'anchor-data');

/** The study's JAX folder alone: its TPU v2-8 and v3-8 runs. */
function jaxStudy(): string {
  const dir = tempDir('portabench-anchor-');
  symlinkSync(join(ANCHOR, 'for-ai-portability', 'jax_timings'), join(dir, 'jax_timings'));
  return dir;
}

const CASES = [
  ['add_test.py', 'jax.numpy.add', 'testOp0'],
  ['add_test.py', 'jax.numpy.add', 'testOp1'],
  ['PRNGKey_test.py', 'jax.random.PRNGKey', 'testPRNGValues'],
] as const;

/** A native JAX TPU target, stored through the Store API as `portabench run` on a TPU VM stores it. */
async function storeNativeTpu(db: string): Promise<number> {
  const store = await Store.open(db);
  try {
    const runId = await store.createRun({ suite: 'paper-2023', portabenchVersion: 'test', fingerprint: {}, options: {} });
    const target = await store.target(runId, { framework: 'jax', device: 'tpu', mode: 'eager' });
    await store.updateTarget(target.id, { hardware: 'TPU v5 lite', framework_version: '0.10.2', status: 'done' });
    for (const [file, fn, name] of CASES) {
      const id = await store.caseId(target.id, { file, function: fn, name });
      await store.recordResult(id, { outcome: 'pass', category: null, meanMs: 2, medianMs: 2, n: 10 });
    }
    await store.setRunStatus(runId, 'finished');
    return runId;
  } finally {
    await store.close();
  }
}

test('one TPU: imported study TPU runs and a native jax/tpu target meet under one selector, the study\'s xla kept', { timeout: 300_000 }, async () => {
  const db = tempDb();
  const imp = await runCli(['import', 'for-ai-portability', jaxStudy(), '--db', db, '--functions', join(ANCHOR, 'paper-functions.json')]);
  assert.equal(imp.code, 0, imp.stderr);
  const nativeRun = await storeNativeTpu(db);

  const store = await Store.open(db);
  try {
    const tpus = (await store.targets()).filter((t) => /^TPU/.test(t.hardware ?? ''));
    assert.deepEqual(tpus.map((t) => [t.device, t.hardware]).sort(), [['tpu', 'TPU v2-8'], ['tpu', 'TPU v3-8'], ['tpu', 'TPU v5 lite']], 'imported and native TPUs are one device');
    for (const t of tpus.filter((x) => x.run_id !== nativeRun)) assert.equal(JSON.parse(t.build!).original_device, 'xla', 'the imported name is kept in the build');
  } finally {
    await store.close();
  }

  // report: every TPU run listed under jax/tpu
  const rep = await runCli(['report', '--all', '--db', db, '--json']);
  assert.equal(rep.code, 0, rep.stderr);
  const labels = (JSON.parse(rep.stdout).targets as Array<{ framework: string; device: string; hardware: string }>).filter((t) => t.device === 'tpu').map((t) => `${t.framework}/${t.device}@${t.hardware}`);
  assert.deepEqual(labels.sort(), ['jax/tpu@TPU v2-8', 'jax/tpu@TPU v3-8', 'jax/tpu@TPU v5 lite']);

  // one selector names them all: naming one asks for the hardware, listing both sources
  const both = await runCli(['compare', '--from', 'jax/tpu', '--to', 'jax/cpu@T4', '--db', db]);
  assert.equal(both.code, 1);
  assert.match(both.stderr, /"jax\/tpu" matches \d+ targets: .*jax\/tpu\/eager@TPU v3-8#\d+.*jax\/tpu\/eager@TPU v5 lite#\d+/);

  // the study's TPU v3 against the native TPU, the old spelling still accepted
  const cmp = await runCli(['compare', '--from', 'jax/xla@TPU v3', '--to', 'jax/tpu@TPU v5', '--db', db, '--json']);
  assert.equal(cmp.code, 0, cmp.stderr);
  const c = JSON.parse(cmp.stdout);
  assert.equal(c.summary.n, 2, 'the functions both measured are paired (jax.numpy.add, jax.random.PRNGKey)');

  // check: a user's file against jax/tpu gets evidence from both the study and the native run
  const code = tempDir('portabench-code-');
  writeFileSync(join(code, 'model.py'), 'import jax.numpy as jnp\n\ny = jnp.add(1, 2)\n');
  const chk = await runCli(['check', code, '--target', 'jax/tpu', '--db', db, '--format', 'json']);
  assert.equal(chk.code, 0, chk.stderr);
  const targets = (JSON.parse(chk.stdout).targets as Array<{ label: string }>).map((t) => t.label);
  assert.ok(targets.includes('jax/tpu/eager@TPU v3-8') && targets.includes('jax/tpu/eager@TPU v5 lite'), targets.join(', '));
});

test('migration 011: a store imported before it has its study TPU targets renamed xla → tpu, the original kept; native xla targets stay', async () => {
  const db = tempDb();
  const imp = await runCli(['import', 'for-ai-portability', jaxStudy(), '--db', db, '--functions', join(ANCHOR, 'paper-functions.json')]);
  assert.equal(imp.code, 0, imp.stderr);
  const store = await Store.open(db);
  let nativeXla: number;
  try {
    const runId = await store.createRun({ suite: 'smoke', portabenchVersion: 'test', fingerprint: {}, options: {} });
    nativeXla = (await store.target(runId, { framework: 'pytorch', device: 'xla', mode: 'eager' })).id;
    await store.updateTarget(nativeXla, { status: 'done', build: { cuda: null } });
  } finally {
    await store.close();
  }
  // the store as the importer wrote it before migration 011
  const sql = new BetterSqlite3(db);
  const rows = sql.prepare("SELECT id, build FROM targets WHERE device = 'tpu'").all() as Array<{ id: number; build: string }>;
  assert.equal(rows.length, 2);
  for (const r of rows) {
    const { original_device: _, ...old } = JSON.parse(r.build);
    sql.prepare("UPDATE targets SET device = 'xla', build = ? WHERE id = ?").run(JSON.stringify(old), r.id);
  }
  // … and before the migrations after it (which run again, after 011: undo what they add)
  sql.prepare("DELETE FROM portabench_migrations WHERE name >= '011_tpu_device'").run();
  sql.prepare('ALTER TABLE results DROP COLUMN ops').run(); // 012_result_ops
  sql.prepare('DROP TABLE function_ops').run(); // 013_function_ops
  sql.prepare('ALTER TABLE results DROP COLUMN analysis').run(); // 014_compiler_analysis
  sql.prepare('ALTER TABLE results DROP COLUMN compile_group').run(); // 017_compile_group
  sql.close();

  const reopened = await Store.open(db);
  try {
    const all = await reopened.targets();
    const renamed = all.filter((t) => rows.some((r) => r.id === t.id));
    assert.deepEqual(renamed.map((t) => t.device), ['tpu', 'tpu']);
    assert.ok(renamed.every((t) => JSON.parse(t.build!).original_device === 'xla' && JSON.parse(t.build!).source === 'for-ai-portability'));
    assert.equal(all.find((t) => t.id === nativeXla)!.device, 'xla', "portabench's own torch_xla target is not the study's");
  } finally {
    await reopened.close();
  }
});

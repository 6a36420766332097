// The store on both of its databases: real SQLite and a real PostgreSQL server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadDataset, portabilityReport } from '../src/analysis/index.js';
import { Store } from '../src/store/store.js';
import { tempDb } from './helpers.js';
import { startPostgres, type PgServer } from './postgres.js';

async function exercise(store: Store) {
  const runId = await store.createRun({ suite: 'unit', portabenchVersion: 'test', fingerprint: { cpu_model: 'X' }, options: {} });
  const t = await store.target(runId, { framework: 'jax', device: 'cpu', mode: 'eager' });
  assert.equal((await store.target(runId, { framework: 'jax', device: 'cpu', mode: 'eager' })).id, t.id, 'same target on resume');
  await store.updateTarget(t.id, { framework_version: '0.10.2', hardware: 'CPU', status: 'done', build: { x64: true } });
  const a = await store.caseId(t.id, { file: 'f.py', function: 'jax.numpy.cos', name: 'c[dtype=float32]', params: { dtype: 'float32' } });
  const b = await store.caseId(t.id, { file: 'f.py', function: 'jax.numpy.cos', name: 'c[dtype=float16]' });
  const c = await store.caseId(t.id, { file: 'g.py', function: 'jax.numpy.sin', name: 'c' });
  assert.equal(await store.caseId(t.id, { file: 'f.py', function: 'jax.numpy.cos', name: 'c[dtype=float32]' }), a);
  assert.equal(await store.recordResult(a, { outcome: 'pass', meanMs: 2, medianMs: 1.5, n: 5, samples: [{ cold_ms: 9, samples_ms: [1, 2] }] }), true);
  assert.equal(await store.recordResult(a, { outcome: 'fail' }), false, 'a case keeps its first result');
  await store.recordResult(b, { outcome: 'fail', category: 'float_precision', errorType: 'PrecisionError', errorMessage: 'Not close' });
  await store.recordResult(c, { outcome: 'crash', category: 'crash', errorType: 'Signal SIGSEGV', errorMessage: 'worker killed by signal SIGSEGV' });
  assert.deepEqual([...(await store.finishedCases(t.id))].sort(), ['f.py\0c[dtype=float16]', 'f.py\0c[dtype=float32]', 'g.py\0c']);
  await store.setRunStatus(runId, 'finished');

  const report = portabilityReport(await loadDataset(store));
  assert.equal(report.targets.length, 1);
  const r = report.targets[0];
  assert.deepEqual(r.summary, { pass: 0, partial: 1, complete: 1, not_run: 0, ran: 2, total: 2 });
  const cos = r.functions.find((f) => f.function === 'jax.numpy.cos')!;
  assert.deepEqual(cos.latency_ms, { mean: 2, median: 1.5 });
  assert.equal(cos.failures[0].category, 'float_precision');
  assert.equal((await store.getRun(runId))?.status, 'finished');
}

describe('store on SQLite', () => {
  it('keeps runs, targets, cases and one result per case', async () => {
    const store = await Store.open(tempDb());
    try {
      await exercise(store);
    } finally {
      await store.close();
    }
  });

  it('reopens an existing file without re-running migrations', async () => {
    const file = tempDb();
    const s1 = await Store.open(file);
    await s1.createRun({ suite: 'a', portabenchVersion: 't', fingerprint: {}, options: {} });
    await s1.close();
    const s2 = await Store.open(file);
    assert.equal((await s2.listRuns()).length, 1);
    await s2.close();
  });

  it('says which file it could not open', async () => {
    await assert.rejects(Store.open('/proc/version/portabench.db'), /\/proc\/version/);
  });
});

describe('store on PostgreSQL', () => {
  let pg: PgServer;
  before(() => {
    pg = startPostgres();
  });
  after(() => pg?.stop());

  it('keeps runs, targets, cases and one result per case', async () => {
    const store = await Store.open(pg.url);
    try {
      assert.equal(store.dialect, 'postgres');
      await exercise(store);
    } finally {
      await store.close();
    }
  });
});

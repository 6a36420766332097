// One source of truth: `run` and `report` print the same numbers for the same run, every
// table comes from one dataset loaded once, and a file that does not import is its own
// record (not a fake case), counted as a function that did not run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KyselyPlugin } from 'kysely';
import { buildReport, loadDataset } from '../src/analysis/index.js';
import { reportDocument } from '../src/report/report-document.js';
import { renderDocument } from '../src/report/render.js';
import { Store } from '../src/store/store.js';
import { runCli, tempDb, writeSuite } from './helpers.js';

const suite = writeSuite({
  'jax/jax.numpy.add.py': `
import jax.numpy as jnp
from portabench import case
FUNCTION = "jax.numpy.add"
@case(n=[2, 3])
def adds(bench, device, n):
    out = bench.measure(jnp.add, jnp.ones(n), jnp.ones(n))
    assert float(out.sum()) == 2.0 * n
`,
  'jax/jax.numpy.subtract.py': `
import jax.numpy as jnp
from portabench import case
FUNCTION = "jax.numpy.subtract"
@case(sign=[1, -1])
def subtracts(bench, device, sign):
    out = bench.measure(jnp.subtract, jnp.ones(3), jnp.ones(3))
    assert float(out.sum()) == 0.0 if sign > 0 else float(out.sum()) == 1.0, "made to fail"
`,
  'jax/jax.cuda_only.py': `
from portabench import case, skip
FUNCTION = "jax.cuda_only"
@case(k=[1, 2])
def needs_cuda(bench, device, k):
    skip("needs a GPU")
`,
  'jax/jax.broken.py': `
FUNCTION = "jax.broken"
import no_such_module_anywhere
`,
});

/** The portability row's cells as `run` and `report` print them (text table), for the jax row. */
function jaxRow(text: string): string {
  const line = text.split('\n').find((l) => /│\s*jax\s*│/.test(l));
  assert.ok(line, `no jax row in:\n${text}`);
  return line.replace(/\s+/g, ' ');
}

describe('one source of truth', () => {
  const db = tempDb();
  let runText = '';

  it('run prints the portability table, with its denominator, from the same core as report', async () => {
    const res = await runCli(['run', '--suite', suite, '-f', 'jax', '-m', 'eager', '--db', db, '--min-time', '0.001']);
    assert.equal(res.code, 0, res.stderr);
    runText = res.stdout;
    assert.match(runText, /Percentages are of the functions that\s+ran/);
    // 4 functions: add passes, subtract fails partly, cuda_only skips, broken does not import.
    assert.match(jaxRow(runText), /│ 2 │ 1 \(50\.0% \[[\d.]+–[\d.]+\]\) │ 1 \(50\.0%/);
    assert.match(jaxRow(runText), /│ 2 │$/, 'two functions did not run');
    assert.match(runText, /jax\.broken.*not run.*not collected: .*ModuleNotFoundError/);
  });

  it('report shows the same numbers for the same run (text and JSON)', async () => {
    const rep = await runCli(['report', '--db', db]);
    assert.equal(rep.code, 0, rep.stderr);
    assert.equal(jaxRow(rep.stdout), jaxRow(runText));
    const a = JSON.parse((await runCli(['run', '--resume', 'last', '--db', db, '--json'])).stdout);
    const b = JSON.parse((await runCli(['report', '--db', db, '--json'])).stdout);
    assert.deepEqual(a.portability, b.portability);
    assert.deepEqual(a.targets[0].summary, b.targets[0].summary);
    assert.deepEqual(b.targets[0].summary, { pass: 1, partial: 1, complete: 0, not_run: 2, ran: 2, total: 4 });
    assert.equal(b.portability[0].functions, 2);
    assert.equal(b.portability[0].not_run, 2);
  });

  it('a file that fails to import is a collection error, not a case', async () => {
    const store = await Store.open(db);
    try {
      const ds = await loadDataset(store);
      const t = ds.targets[0];
      assert.ok(![...t.functions.values()].flat().some((c) => c.name.includes('collect')), 'no <collect> case');
      assert.equal(t.collectionErrors.length, 1);
      assert.equal(t.collectionErrors[0].function, 'jax.broken');
      assert.match(t.collectionErrors[0].error_message, /no_such_module_anywhere/);
    } finally {
      await store.close();
    }
  });

  it('the whole report, HTML included, is drawn from one dataset load of five queries', async () => {
    const store = await Store.open(db);
    try {
      let queries = 0;
      const counter: KyselyPlugin = { transformQuery: (a) => (queries++, a.node), transformResult: async (a) => a.result };
      const counted = Object.create(store) as Store;
      (counted as { db: Store['db'] }).db = store.db.withPlugin(counter);
      const dataset = await loadDataset(counted);
      assert.equal(queries, 5, 'runs, targets, cases, results, collection errors');
      const report = buildReport(dataset);
      const html = await renderDocument('html', reportDocument(report, dataset));
      for (const f of ['text', 'md', 'csv', 'json', 'latex'] as const) await renderDocument(f, reportDocument(report, dataset));
      assert.equal(queries, 5, 'rendering every format reads nothing more');
      assert.match(html, /<svg/);
    } finally {
      await store.close();
    }
  });
});

// Result bundles: export runs (a real run of portabench's and the study's imported data),
// import them into a fresh SQLite and PostgreSQL store, get the same report; importing
// twice adds nothing; a truncated, corrupted or foreign file is refused, store untouched.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ROOT, runCli, tempDb, tempDir, writeSuite } from './helpers.js';
import { startPostgres, type PgServer } from './postgres.js';

const ANCHOR = resolve(ROOT, '..', 'shared', 'anchor-data', 'for-ai-portability');

/** A report's JSON without the ids a store assigns, for comparing two stores. */
function normalized(json: string): unknown {
  const d = JSON.parse(json) as Record<string, Array<Record<string, unknown>>>;
  const broken = d.broken_tests as unknown as Record<string, Array<Record<string, unknown>>> | undefined;
  for (const rows of [...['targets', 'portability', 'strata', 'failure_categories', 'cold_warm'].map((k) => d[k]), broken?.tests, broken?.counts]) for (const row of rows ?? []) {
    delete row.run_id;
    delete row.target_id;
  }
  return d;
}

async function countRuns(db: string): Promise<number> {
  const r = await runCli(['report', '--db', db, '--all', '--json']);
  return r.code === 0 ? new Set((JSON.parse(r.stdout).targets as Array<{ run_id: number }>).map((t) => t.run_id)).size : 0;
}

describe('result bundles', () => {
  const source = tempDb();
  const dir = tempDir('portabench-bundle-');
  const bundle = join(dir, 'runs.jsonl.gz');
  let pg: PgServer;
  before(async () => {
    pg = startPostgres();
    const suite = writeSuite({
      'jax/jax.numpy.add.py': `
import jax.numpy as jnp
from portabench import case
FUNCTION = "jax.numpy.add"
@case(dtype=["float32", "float16"])
def adds(bench, device, dtype):
    out = bench.measure(jnp.add, jnp.ones(3, dtype), jnp.ones(3, dtype))
    assert float(out.sum()) == 6.0
`,
      'jax/jax.broken.py': 'import no_such_module\n',
    });
    const run = await runCli(['run', '--suite', suite, '-f', 'jax', '-m', 'eager', '--db', source, '--min-time', '0.001']);
    assert.equal(run.code, 0, run.stderr);
    const imp = await runCli(['import', 'for-ai-portability', ANCHOR, '--db', source]);
    assert.equal(imp.code, 0, imp.stderr);
  });
  after(() => pg?.stop());

  it('export writes every run with every sample and its collection errors', async () => {
    const r = await runCli(['export', '--run', '1', '--run', '9', '--db', source, '--out', bundle, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const res = JSON.parse(r.stdout);
    assert.equal(res.runs, 2);
    const lines = gunzipSync(readFileSync(bundle)).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines[0].format, 'portabench-bundle');
    assert.equal(lines.at(-1).type, 'end');
    const passing = lines.find((l) => l.type === 'case' && l.result?.outcome === 'pass' && l.function === 'jax.numpy.add');
    assert.ok(passing.result.samples[0].samples_ms.length >= 5, 'every timing sample travels');
    assert.ok(lines.some((l) => l.type === 'collection_error' && l.function === 'jax.broken'));
  });

  for (const kind of ['SQLite', 'PostgreSQL'] as const) {
    it(`import into ${kind}: the same report, and a second import adds nothing`, async () => {
      const db = kind === 'SQLite' ? tempDb() : pg.url;
      const first = await runCli(['import', 'bundle', bundle, '--db', db, '--json']);
      assert.equal(first.code, 0, first.stderr);
      assert.deepEqual(Object.values(JSON.parse(first.stdout).files as Record<string, Array<{ status: string }>>)[0].map((r) => r.status), ['imported', 'imported']);
      const ours = await runCli(['report', '--db', db, '--all', '--json']);
      const theirs = await runCli(['report', '--db', source, '--run', '1', '--run', '9', '--json']);
      assert.deepEqual(normalized(ours.stdout), normalized(theirs.stdout));
      const second = await runCli(['import', 'bundle', bundle, '--db', db]);
      assert.equal(second.code, 0);
      assert.match(second.stdout, /already imported as run/);
      assert.equal(await countRuns(db), 2);
    });
  }

  it('refuses a truncated, corrupted or foreign file, naming it and the problem, and leaves the store untouched', async () => {
    const raw = gunzipSync(readFileSync(bundle)).toString('utf8');
    const truncated = join(dir, 'truncated.jsonl.gz');
    writeFileSync(truncated, gzipSync(raw.split('\n').slice(0, 40).join('\n')));
    const cut = join(dir, 'cut.jsonl.gz');
    const bytes = readFileSync(bundle);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const corrupted = join(dir, 'corrupted.jsonl.gz');
    writeFileSync(corrupted, gzipSync(raw.replace('"outcome":"pass"', '"outcome":"fail"')));
    const foreign = join(dir, 'foreign.jsonl.gz');
    writeFileSync(foreign, gzipSync('{"hello":"world"}\n'));
    const plain = join(dir, 'plain.txt');
    writeFileSync(plain, 'not even gzip\n');
    const db = tempDb();
    for (const [file, why] of [
      [truncated, /truncated/],
      [cut, /cannot be read|truncated/],
      [corrupted, /checksum does not match/],
      [foreign, /not a portabench bundle/],
      [plain, /cannot be read/],
    ] as const) {
      const r = await runCli(['import', 'bundle', file, '--db', db]);
      assert.equal(r.code, 1, `${file} was accepted`);
      assert.ok(r.stderr.includes(file), r.stderr);
      assert.match(r.stderr, why);
      assert.match(r.stderr, /Nothing of it was imported/);
    }
    assert.equal(await countRuns(db), 0);
  });
});

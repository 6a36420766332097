// --timing none|quick|full, and a suite.json that asks for quick timing (generated suites).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import BetterSqlite3 from '../src/store/sqlite-driver.js';
import { runCli, tempDb, writeSuite } from './helpers.js';

const FILE = `
import jax.numpy as jnp
from portabench import case
FUNCTION = "jax.numpy.add"
@case(n=[3, 4])
def adds(bench, device, n):
    out = bench.measure(jnp.add, jnp.ones(n), jnp.ones(n))
    assert float(out.sum()) == 2.0 * n
`;

function samples(db: string): Array<{ n: number | null; cold_ms: number | null; outcome: string }> {
  const conn = new BetterSqlite3(db, { readonly: true });
  try {
    return conn.prepare('SELECT r.n, r.cold_ms, r.outcome FROM results r').all() as never;
  } finally {
    conn.close();
  }
}

describe('timing levels', () => {
  it('none: one checked call per case, no repetitions; quick: a handful; full: the adaptive policy', async () => {
    const suite = writeSuite({ 'jax/jax.numpy.add.py': FILE });
    const got: Record<string, ReturnType<typeof samples>> = {};
    for (const level of ['none', 'quick', 'full']) {
      const db = tempDb();
      const r = await runCli(['run', '--suite', suite, '-f', 'jax', '-m', 'eager', '--db', db, '--timing', level]);
      assert.equal(r.code, 0, r.stderr);
      got[level] = samples(db);
      assert.ok(got[level].every((x) => x.outcome === 'pass' && x.cold_ms != null), `${level}: every case passed and has its cold call`);
    }
    assert.ok(got.none.every((x) => !x.n), 'none: nothing repeated');
    assert.ok(got.quick.every((x) => x.n! >= 3 && x.n! <= 10), `quick: ${JSON.stringify(got.quick)}`);
    assert.ok(got.full.every((x) => x.n! >= 5), `full: ${JSON.stringify(got.full)}`);
  });

  it('a suite.json with "timing": "quick" makes quick the default; a flag still wins', async () => {
    const suite = writeSuite({ 'jax/jax.numpy.add.py': FILE });
    writeFileSync(join(suite, 'suite.json'), JSON.stringify({ generated: true, timing: 'quick' }));
    const db = tempDb();
    assert.equal((await runCli(['run', '--suite', suite, '-f', 'jax', '-m', 'eager', '--db', db])).code, 0);
    assert.ok(samples(db).every((x) => x.n! <= 10));
    const db2 = tempDb();
    assert.equal((await runCli(['run', '--suite', suite, '-f', 'jax', '-m', 'eager', '--db', db2, '--timing', 'none'])).code, 0);
    assert.ok(samples(db2).every((x) => !x.n));
  });
});

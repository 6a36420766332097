// Config resolved once for every command: a value in portabench.config.json reaches each
// command (flag > $PORTABENCH_DB > config file > default), shown by what the command does.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import BetterSqlite3 from '../src/store/sqlite-driver.js';
import { ROOT, runCli, tempDir, writeSuite } from './helpers.js';

const ANCHOR = resolve(process.env.PORTABENCH_ANCHOR_DATA ?? resolve(ROOT, '..', 'shared', 'anchor-data'), 'for-ai-portability');
const BOGUS_PYTHON = '/nonexistent/python-from-config';

describe('config file values reach every command', () => {
  const cwd = tempDir('portabench-config-');
  const db = join(cwd, 'from-config.db');
  writeFileSync(join(cwd, 'portabench.config.json'), JSON.stringify({ db, timeout: 2, collectTimeout: 1 }));
  // A second directory whose config names an interpreter that does not exist.
  const pyCwd = tempDir('portabench-config-py-');
  writeFileSync(join(pyCwd, 'portabench.config.json'), JSON.stringify({ python: { jax: BOGUS_PYTHON } }));
  // Run in the config's folder; an empty PORTABENCH_DB counts as unset, so the config applies.
  const cli = (args: string[], dir = cwd) => runCli(args, { cwd: dir, env: { PORTABENCH_DB: '' } });

  it('import writes the config\'s database', async () => {
    const r = await cli(['import', 'for-ai-portability', ANCHOR]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(db), 'the database named in the config was created');
    assert.ok(!existsSync(join(cwd, 'portabench.db')), 'not the default one');
  });

  for (const [name, args, expect] of [
    ['report', ['report', '--json'], /"portability"/],
    ['analyse', ['analyse', '--table', 'portability', '--json'], /"portability"/],
    ['compare', ['compare', '--from', 'pytorch/cuda@T4', '--to', 'pytorch/xla@TPU v3', '--json'], /"functions"/],
    ['diff', ['diff', 'pytorch/cuda@T4', 'pytorch/xla@TPU v3', '--json'], /"stopped_passing"/],
    ['enumerate --diff', ['enumerate', '-f', 'jax', '--diff', '--to', '9.9'], new RegExp(`no jax catalog for version 9\\.9 in ${db.replace(/[.]/g, '\\.')}`)],
  ] as const) {
    it(`${name} reads the config's database`, async () => {
      const r = await cli([...args]);
      assert.match(r.stdout + r.stderr, expect, r.stderr);
    });
  }

  it('mine stores into, and sample reads from, the config\'s database', async () => {
    const corpus = join(cwd, 'corpus');
    mkdirSync(corpus);
    writeFileSync(join(corpus, 'a.py'), 'import torch\nx = torch.zeros(3)\ny = torch.relu(x)\nz = torch.relu(y)\n');
    const m = await cli(['mine', corpus, '--corpus-name', 'cfgcorpus', '-j', '1', '-q']);
    assert.equal(m.code, 0, m.stderr);
    const conn = new BetterSqlite3(db, { readonly: true });
    try {
      const tables = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
      const freq = tables.find((t) => /frequenc|mining|usage/.test(t.name));
      assert.ok(freq, `mining tables in ${db}: ${tables.map((t) => t.name).join(', ')}`);
    } finally {
      conn.close();
    }
    const s = await cli(['sample', '--frequencies', 'db:cfgcorpus:pytorch', '--top', '1', '--per-decile', '0', '--json']);
    assert.equal(s.code, 0, s.stderr);
    assert.match(s.stdout, /torch\.relu/);
  });

  it('doctor, suite check and setup use the config\'s interpreter', async () => {
    const d = await cli(['doctor', '-f', 'jax', '--json'], pyCwd);
    const jax = JSON.parse(d.stdout).frameworks[0];
    assert.equal(jax.python, BOGUS_PYTHON);
    assert.equal(jax.source, 'config');
    const suite = writeSuite({ 'jax/jax.numpy.add.py': 'FUNCTION = "jax.numpy.add"\n' });
    const c = await cli(['suite', 'check', suite, '-f', 'jax', '--json'], pyCwd);
    assert.match(c.stdout + c.stderr, /python-from-config/);
    const s = await cli(['setup', '-f', 'jax', '--json'], pyCwd);
    assert.match(s.stdout + s.stderr, /python-from-config/);
  });

  it('run writes the config\'s database and honours its timeout and collectTimeout; a flag wins over the config', async () => {
    const suite = writeSuite({
      'jax/jax.numpy.add.py': `
import time
from portabench import case
FUNCTION = "jax.numpy.add"
@case(k=[1, 2])
def hangs(bench, device, k):
    time.sleep(600)
`,
      'jax/jax.slow_import.py': 'import time\ntime.sleep(600)\nFUNCTION = "jax.slow_import"\n',
    });
    const t0 = Date.now();
    const r = await cli(['run', '--suite', suite, '-f', 'jax', '-m', 'eager', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Date.now() - t0 < 120_000, 'the hanging cases and import were cut short by the config\'s limits');
    const report = JSON.parse(r.stdout);
    const run = report.targets[0].run_id;
    const conn = new BetterSqlite3(db, { readonly: true });
    try {
      const results = conn.prepare('SELECT r.outcome, r.error_message FROM results r JOIN cases c ON c.id = r.case_id JOIN targets t ON t.id = c.target_id WHERE t.run_id = ?').all(run) as { outcome: string; error_message: string }[];
      assert.equal(results.length, 2);
      for (const x of results) {
        assert.equal(x.outcome, 'timeout');
        assert.match(x.error_message, /time limit of 2 s/);
      }
      const errors = conn.prepare('SELECT e.error_message FROM collection_errors e JOIN targets t ON t.id = e.target_id WHERE t.run_id = ?').all(run) as { error_message: string }[];
      assert.equal(errors.length, 1);
      assert.match(errors[0].error_message, /\b1 s\b/);
    } finally {
      conn.close();
    }
    const flag = await cli(['run', '--suite', suite, '-f', 'jax', '-m', 'eager', '--timeout', '3', '--collect-timeout', '2', '--json']);
    const run2 = JSON.parse(flag.stdout).targets[0].run_id;
    const conn2 = new BetterSqlite3(db, { readonly: true });
    try {
      const msgs = conn2.prepare('SELECT r.error_message FROM results r JOIN cases c ON c.id = r.case_id JOIN targets t ON t.id = c.target_id WHERE t.run_id = ?').all(run2) as { error_message: string }[];
      assert.ok(msgs.length && msgs.every((m) => /time limit of 3 s/.test(m.error_message)), JSON.stringify(msgs));
    } finally {
      conn2.close();
    }
  });
});

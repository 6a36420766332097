import assert from 'node:assert/strict';
import { test } from 'node:test';
import { saveCatalog } from '../src/catalog/store.js';
import type { Catalog } from '../src/catalog/types.js';
import { Store } from '../src/store/store.js';
import { frameworkPython, runCli, tempDb } from './helpers.js';

const STATS = { modules_walked: 1, modules_imported: 0, modules_failed: [], modules_skipped_private: 0, modules_outside_framework: 0, attributes_failed: 0, objects_outside_framework: 0, seconds: 0 };

test('enumerate JAX for real: public names with kinds, private ones left out, catalog stored', { timeout: 180_000 }, async () => {
  const db = tempDb();
  const python = frameworkPython('jax');
  const r = await runCli(['enumerate', '--framework', 'jax', '--python', `jax=${python}`, '--db', db, '--json'], { timeoutMs: 170_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /jax: .*walking its public modules/, 'progress on stderr');
  const c = JSON.parse(r.stdout);
  assert.equal(c.framework, 'jax');
  assert.match(c.version, /^\d+\.\d+/);
  const byName = new Map<string, any>(c.entries.map((e: any) => [e.name, e]));
  assert.equal(byName.get('jax.jit')?.kind, 'function');
  assert.equal(byName.get('jax.numpy.cos')?.kind, 'function');
  assert.equal(byName.get('jax.Array')?.kind, 'class');
  assert.equal(byName.get('jax.Array.reshape')?.kind, 'method');
  assert.ok(byName.has('jax.random.normal') && byName.has('jax.lax.conv') && byName.has('jax.nn.relu'));
  // public name, not the defining module: jax.random.normal is defined in jax._src
  assert.match(byName.get('jax.random.normal').module, /^jax\._src\./);
  for (const e of c.entries) assert.ok(e.name.split('.').every((p: string) => !p.startsWith('_')), `private name listed: ${e.name}`);
  assert.ok(![...byName.keys()].some((n) => n.startsWith('jax._src')));
  assert.equal(c.names, c.entries.length);
  assert.equal(Object.values(c.kinds as Record<string, number>).reduce((a, b) => a + b, 0), c.names);
  assert.ok(c.stats.modules_walked > 20);
  assert.ok(Array.isArray(c.stats.modules_failed));
  // the text summary prints counts per kind beside the study's figure, and a second run replaces the same version
  const t = await runCli(['enumerate', '-f', 'jax', '--python', `jax=${python}`, '--db', db, '-q'], { timeoutMs: 170_000 });
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, new RegExp(`jax ${c.version.replace(/[.+]/g, '\\$&')} .*: ${c.names} public names`));
  assert.match(t.stdout, /function\s+\d+/);
  assert.match(t.stdout, /the 2023 study listed 1091/);
  const store = await Store.open(db);
  const rows = await (store.db as any).selectFrom('catalogs').selectAll().execute();
  await store.close();
  assert.equal(rows.length, 1);
});

test('enumerate --diff lists names added and removed between two stored versions', async () => {
  const db = tempDb();
  const store = await Store.open(db);
  const v1: Catalog = {
    framework: 'pytorch', version: '2.9.1', python: '3.11', stats: STATS,
    entries: [
      { name: 'torch.relu', kind: 'builtin', module: 'torch' },
      { name: 'torch.old_fn', kind: 'function', module: 'torch.old' },
      { name: 'torch.Thing', kind: 'function', module: 'torch' },
    ],
  };
  const v2: Catalog = {
    framework: 'pytorch', version: '2.10.0', python: '3.11', stats: STATS,
    entries: [
      { name: 'torch.relu', kind: 'builtin', module: 'torch' },
      { name: 'torch.new_fn', kind: 'function', module: 'torch.new' },
      { name: 'torch.Thing', kind: 'class', module: 'torch' },
    ],
  };
  await saveCatalog(store.db, v2);
  await saveCatalog(store.db, v1);
  await store.close();
  // default: the newest two versions, ordered as versions (2.10.0 after 2.9.1), not as text
  let r = await runCli(['enumerate', '-f', 'pytorch', '--diff', '--db', db, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const d = JSON.parse(r.stdout);
  assert.equal(d.from, '2.9.1');
  assert.equal(d.to, '2.10.0');
  assert.deepEqual(d.added.map((e: any) => e.name), ['torch.new_fn']);
  assert.deepEqual(d.removed.map((e: any) => e.name), ['torch.old_fn']);
  assert.deepEqual(d.changedKind, [{ name: 'torch.Thing', from: 'function', to: 'class' }]);
  assert.equal(d.unchanged, 1);
  r = await runCli(['enumerate', '-f', 'pytorch', '--diff', '--from', '2.10.0', '--to', '2.9.1', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\+ torch\.old_fn \(function\)$/m);
  assert.match(r.stdout, /^- torch\.new_fn \(function\)$/m);
  r = await runCli(['enumerate', '-f', 'pytorch', '--diff', '--from', '1.0', '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no pytorch catalog for version 1\.0 .*stored versions: 2\.9\.1, 2\.10\.0/);
  r = await runCli(['enumerate', '-f', 'jax', '--diff', '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /--diff needs two jax catalogs/);
});

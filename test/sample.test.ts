import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { drawSample } from '../src/sampling/sampler.js';
import { Store } from '../src/store/store.js';
import { ROOT, runCli, tempDb, tempDir } from './helpers.js';

const FIX = join(ROOT, 'test', 'fixtures', 'sampling');
const FREQ = join(FIX, 'frequencies.json');
const STUDY = join(process.env.PORTABENCH_ANCHOR_DATA ?? join(ROOT, '..', 'shared', 'anchor-data'), 'for-ai-portability', 'frequencies');
const SOURCE = { kind: 'test', location: 'inline', names: 0, sha256: '' };

async function sampleJson(args: string[]) {
  const r = await runCli(['sample', '--json', ...args]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const freq: Record<string, number> = JSON.parse(readFileSync(FREQ, 'utf8'));
const byRank = Object.entries(freq).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([n]) => n);

test('the same seed gives the same manifest; another seed another sample', async () => {
  const a = await sampleJson(['--frequencies', FREQ, '--seed', '42']);
  const b = await sampleJson(['--frequencies', FREQ, '--seed', '42']);
  const c = await sampleJson(['--frequencies', FREQ, '--seed', '43']);
  assert.deepEqual(a, b);
  assert.equal(a.seed, 42);
  assert.match(a.method, /xoroshiro128plus/);
  const drawn = (m: any) => m.entries.filter((e: any) => e.stratum === 'decile').map((e: any) => e.name);
  assert.notDeepEqual(drawn(a), drawn(c));
  // the top stratum does not depend on the seed
  assert.deepEqual(a.entries.filter((e: any) => e.stratum === 'top'), c.entries.filter((e: any) => e.stratum === 'top'));
});

test('top N are the most frequent names in rank order; deciles split the rest by rank into equal parts', async () => {
  const m = await sampleJson(['--frequencies', FREQ, '--top', '20', '--per-decile', '5', '--seed', '7']);
  const top = m.entries.filter((e: any) => e.stratum === 'top');
  assert.deepEqual(top.map((e: any) => e.name), byRank.slice(0, 20));
  assert.ok(top.every((e: any) => e.frequency === freq[e.name] && e.decile === null && e.replaces === null));
  // 130 names - 20 on top = 110 below: ten deciles of 11
  assert.deepEqual(m.deciles.map((d: any) => d.decile), [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  assert.deepEqual(m.deciles.map((d: any) => d.size), Array(10).fill(11));
  const rest = byRank.slice(20);
  for (const e of m.entries.filter((x: any) => x.stratum === 'decile')) {
    const i = rest.indexOf(e.name);
    assert.ok(i >= 0, `${e.name} is below the top stratum`);
    assert.equal(e.decile, 10 - Math.floor(i / 11), `${e.name} at rank ${i + 21}`);
  }
  for (let d = 1; d <= 10; d++) assert.equal(m.entries.filter((e: any) => e.decile === d).length, 5);
  assert.equal(new Set(m.entries.map((e: any) => e.name)).size, m.entries.length, 'no name twice');
  // uneven sizes: 103 names below the top differ by at most one
  const n = await sampleJson(['--frequencies', FREQ, '--top', '27', '--per-decile', '1']);
  const sizes = n.deciles.map((d: any) => d.size);
  assert.equal(sizes.reduce((s: number, x: number) => s + x, 0), 103);
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, String(sizes));
});

test('ties are broken by name, whatever the input order', () => {
  const opts = { top: 2, perDecile: 0, seed: 1, source: SOURCE };
  const a = drawSample([{ name: 'b', frequency: 5 }, { name: 'a', frequency: 5 }, { name: 'c', frequency: 5 }, { name: 'd', frequency: 9 }], opts);
  const b = drawSample([{ name: 'd', frequency: 9 }, { name: 'c', frequency: 5 }, { name: 'a', frequency: 5 }, { name: 'b', frequency: 5 }], opts);
  assert.deepEqual(a.entries.map((e) => e.name), ['d', 'a']);
  assert.deepEqual(a, b);
  // decile membership too: equal frequencies straddling a boundary go by name
  const many = Array.from({ length: 20 }, (_, i) => ({ name: `n${String(i).padStart(2, '0')}`, frequency: 1 }));
  const s = drawSample([...many].reverse(), { top: 0, perDecile: 2, seed: 3, source: SOURCE });
  for (const e of s.entries) assert.equal(e.decile, 10 - Math.floor(Number(e.name.slice(1)) / 2));
});

test('excluded names are recorded with their reason and replaced from the same stratum', async () => {
  const excl = join(tempDir(), 'exclude.json');
  const plain = await sampleJson(['--frequencies', FREQ, '--seed', '5']);
  const victim = plain.entries.find((e: any) => e.stratum === 'decile' && e.decile === 4);
  // a top name: the stratum walks on down the ranking
  writeFileSync(excl, JSON.stringify({ [byRank[0]]: 'legacy API' }));
  const m0 = await sampleJson(['--frequencies', FREQ, '--seed', '5', '--exclude', excl]);
  assert.ok(!m0.entries.some((e: any) => e.name === byRank[0]));
  const xTop = m0.excluded.find((x: any) => x.name === byRank[0]);
  assert.equal(xTop.reason, 'legacy API');
  assert.equal(xTop.stratum, 'top');
  assert.equal(xTop.replaced_by, byRank[20], 'the next name by rank enters the top stratum');
  assert.equal(m0.entries.find((e: any) => e.name === byRank[20]).replaces, byRank[0]);
  assert.equal(m0.entries.filter((e: any) => e.stratum === 'top').length, 20);
  // a drawn name: another draw from its decile
  writeFileSync(excl, JSON.stringify({ [victim.name]: 'error-only test' }));
  const m = await sampleJson(['--frequencies', FREQ, '--seed', '5', '--exclude', excl]);
  assert.ok(!m.entries.some((e: any) => e.name === victim.name));
  const xDec = m.excluded.find((x: any) => x.name === victim.name);
  assert.equal(xDec.reason, 'error-only test');
  const repl = m.entries.find((e: any) => e.name === xDec.replaced_by);
  assert.equal(repl.replaces, victim.name);
  assert.equal(repl.decile, xDec.decile);
  assert.ok(repl.draw > xDec.draw, 'the replacement is drawn after the excluded name');
  assert.equal(m.entries.filter((e: any) => e.decile === 4).length, 5);
  // the text exclusion format gives the same reasons
  const t = await sampleJson(['--frequencies', FREQ, '--seed', '5', '--exclude', join(FIX, 'exclude.txt')]);
  assert.deepEqual(t.excluded.find((x: any) => x.name === 'api_000')?.reason, 'legacy API');
});

test("the study's JAX frequencies give the study's top 20", async () => {
  const csv = readFileSync(join(STUDY, 'jax_sampled_datapoints.csv'), 'utf8').split(/\r?\n/).map((l) => l.trim().split(','));
  const studyTop = csv.filter((r) => r[2] === 'top 20').map((r) => r[0]).sort();
  const m = await sampleJson(['--frequencies', join(STUDY, 'jax_frequencies.json'), '--seed', '2023']);
  assert.equal(m.framework, 'jax');
  assert.deepEqual(m.entries.filter((e: any) => e.stratum === 'top').map((e: any) => e.name).sort(), studyTop);
  assert.equal(m.entries.length, 70);
});

test('mined frequencies are read from the database', async () => {
  const db = tempDb();
  const store = await Store.open(db);
  const rows = Array.from({ length: 40 }, (_, i) => ({ corpus: 'c1', framework: 'pytorch', name: `torch.f${i}`, calls: 100 - i, refs: 200 - i, files: 3 }));
  await (store.db as any).insertInto('mining_frequencies').values(rows).execute();
  await store.close();
  const m = await sampleJson(['--frequencies', 'db:c1:pytorch', '--db', db, '--top', '3', '--per-decile', '1']);
  assert.equal(m.framework, 'pytorch');
  assert.deepEqual(m.entries.slice(0, 3).map((e: any) => e.name), ['torch.f0', 'torch.f1', 'torch.f2']);
  assert.equal(m.entries.length, 13);
  const missing = await runCli(['sample', '--frequencies', 'db:nope', '--db', db]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no mined frequencies for corpus "nope"/);
});

test('bad input is reported with the file at fault', async () => {
  const dir = tempDir();
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"a": "many"}');
  let r = await runCli(['sample', '--frequencies', bad]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /bad\.json.*"a"/);
  r = await runCli(['sample', '--frequencies', join(dir, 'missing.json')]);
  assert.match(r.stderr, /missing\.json does not exist/);
  const excl = join(dir, 'ex.txt');
  writeFileSync(excl, 'api_001 no tab here\n');
  r = await runCli(['sample', '--frequencies', FREQ, '--exclude', excl]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /ex\.txt:1: expected "name<TAB>reason"/);
});

test('suite new lays out one placeholder per sampled name and never overwrites', async () => {
  const dir = tempDir();
  const manifest = join(dir, 'manifest.json');
  const m = await sampleJson(['--frequencies', join(STUDY, 'torch_frequencies.json'), '--top', '3', '--per-decile', '1', '--seed', '9']);
  writeFileSync(manifest, JSON.stringify(m));
  const out = join(dir, 'suite');
  let r = await runCli(['suite', 'new', '--from-sample', manifest, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const files = readdirSync(join(out, 'pytorch')).sort();
  assert.deepEqual(files, m.entries.map((e: any) => `${e.name}.py`).sort());
  const first = m.entries[0];
  const text = readFileSync(join(out, 'pytorch', `${first.name}.py`), 'utf8');
  assert.match(text, new RegExp(`^FUNCTION = "${first.name}"$`, 'm'));
  assert.match(text, /^PORTABENCH_TODO = True$/m);
  const suite = JSON.parse(readFileSync(join(out, 'suite.json'), 'utf8'));
  assert.equal(suite.entries.length, 13);
  assert.ok(suite.entries.every((e: any) => e.status === 'todo'));
  assert.deepEqual(suite.entries[5], { name: m.entries[5].name, file: `pytorch/${m.entries[5].name}.py`, status: 'todo', stratum: 'decile', decile: m.entries[5].decile, frequency: m.entries[5].frequency, replaces: null });
  // a written test file and an edited suite.json survive a second run
  writeFileSync(join(out, 'pytorch', `${first.name}.py`), 'written by hand\n');
  writeFileSync(join(out, 'suite.json'), '{"edited": true}\n');
  r = await runCli(['suite', 'new', '--from-sample', manifest, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /0 file\(s\) written, 14 existing file\(s\) kept/);
  assert.equal(readFileSync(join(out, 'pytorch', `${first.name}.py`), 'utf8'), 'written by hand\n');
  assert.equal(readFileSync(join(out, 'suite.json'), 'utf8'), '{"edited": true}\n');
  // a manifest without a framework needs --framework
  writeFileSync(manifest, JSON.stringify({ ...m, framework: null }));
  r = await runCli(['suite', 'new', '--from-sample', manifest, '--out', join(dir, 'other')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /pass --framework/);
  assert.ok(!existsSync(join(dir, 'other', 'suite.json')));
});

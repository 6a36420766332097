// Usage-weighted portability, against a hand-computed store: which share of a real corpus's
// calls and files would hit a function failing on the target.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { Store } from '../src/store/store.js';
import { ROOT, runCli, tempDb, tempDir } from './helpers.js';

const FREQS = resolve(ROOT, '..', 'shared', 'anchor-data', 'for-ai-portability', 'frequencies');

/** One target: relu and svd pass, add fails partly, mm fails completely, zeros only skips. */
async function store(db: string): Promise<void> {
  const s = await Store.open(db);
  try {
    const run = await s.createRun({ suite: 'hand', portabenchVersion: 'test', fingerprint: {}, options: {} });
    const t = await s.target(run, { framework: 'pytorch', device: 'cuda', mode: 'eager' });
    await s.updateTarget(t.id, { hardware: 'NVIDIA T4', status: 'done' });
    const cases: Array<[string, string, string]> = [
      ['torch.relu', 'a', 'pass'],
      ['torch.svd', 'a', 'pass'],
      ['torch.add', 'a', 'pass'],
      ['torch.add', 'b', 'fail'],
      ['torch.mm', 'a', 'fail'],
      ['torch.zeros', 'a', 'skip'],
    ];
    for (const [fn, name, outcome] of cases) {
      const id = await s.caseId(t.id, { file: `${fn}.py`, function: fn, name });
      await s.recordResult(id, { outcome, category: outcome === 'fail' ? 'not_implemented' : null });
    }
    await s.setRunStatus(run, 'finished');
  } finally {
    await s.close();
  }
}

describe('usage-weighted portability', () => {
  it('a mined corpus: calls and files that would hit a failing function, by hand', async () => {
    const db = tempDb();
    await store(db);
    const corpus = join(tempDir(), 'corpus');
    mkdirSync(corpus);
    writeFileSync(join(corpus, 'a.py'), 'import torch\nx = y = None\ntorch.relu(x)\ntorch.relu(y)\ntorch.add(x, y)\n');
    writeFileSync(join(corpus, 'b.py'), 'import torch\ntorch.mm(1, 2)\n');
    writeFileSync(join(corpus, 'c.py'), 'import torch as t\nt.svd(3)\nt.relu(3)\n');
    writeFileSync(join(corpus, 'd.py'), 'import torch\ntorch.zeros(3)\n');
    writeFileSync(join(corpus, 'e.py'), 'import numpy\nnumpy.add(1, 2)\n');
    const m = await runCli(['mine', corpus, '--corpus-name', 'hand', '--db', db, '-j', '1', '-q']);
    assert.equal(m.code, 0, m.stderr);
    const r = await runCli(['report', '--db', db, '--usage', 'hand', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const rep = JSON.parse(r.stdout);
    // ran: relu (3 calls), svd (1), add (1, partial), mm (1, complete); zeros did not run.
    const u = rep.targets[0].usage;
    assert.deepEqual(
      { corpus: u.corpus, calls: u.calls, calls_failing: u.calls_failing, files: u.files, files_failing: u.files_failing },
      { corpus: 'hand', calls: 6, calls_failing: 2, files: 3, files_failing: 2 },
    );
    assert.equal(u.share_failing, 2 / 6);
    assert.equal(u.unweighted_share_failing, 0.5);
    assert.ok(u.interval[0] <= u.share_failing && u.share_failing <= u.interval[1]);
    assert.deepEqual(rep.usage[0].usage, u);
    const text = await runCli(['report', '--db', db, '--usage', 'hand']);
    assert.match(text.stdout, /Usage-weighted portability/);
    assert.match(text.stdout, /│ 33\.3% \[/);
    const html = await runCli(['report', '--db', db, '--usage', 'hand', '--format', 'html', '--out', join(tempDir(), 'r.html')]);
    assert.equal(html.code, 0, html.stderr);
  });

  it('the study\'s frequency file: bare names, no files; an unknown corpus is an error naming what exists', async () => {
    const db = tempDb();
    await store(db);
    const r = await runCli(['report', '--db', db, '--usage', join(FREQS, 'torch_frequencies.json'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const u = JSON.parse(r.stdout).targets[0].usage;
    assert.equal(u.kind, 'frequency-file');
    assert.equal(u.files, null);
    assert.ok(u.calls > 0 && u.calls_failing > 0 && u.calls_failing < u.calls);
    const bad = await runCli(['report', '--db', db, '--usage', 'nope']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /no usage corpus "nope"/);
  });
});

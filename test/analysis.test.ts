import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareTargets, failureCategories, loadDataset, parseTargetSelector, portabilityTable, strataTable, summarizeRatios } from '../src/analysis/index.js';
import { latexEscape } from '../src/report/draw.js';
import { Store } from '../src/store/store.js';
import { runCli, tempDb } from './helpers.js';

type CaseSpec = { fn: string; name: string; outcome: string; mean?: number; median?: number; category?: string };

/** A store with one run per target, built through the Store API as a run would. */
async function build(db: string, targets: { framework: string; device: string; mode?: string; hardware?: string; cases: CaseSpec[] }[]): Promise<number[]> {
  const store = await Store.open(db);
  const ids: number[] = [];
  try {
    for (const t of targets) {
      const runId = await store.createRun({ suite: 'constructed', portabenchVersion: 'test', fingerprint: {}, options: {} });
      const target = await store.target(runId, { framework: t.framework, device: t.device, mode: t.mode ?? 'eager' });
      await store.updateTarget(target.id, { hardware: t.hardware ?? null, status: 'done' });
      for (const c of t.cases) {
        const caseId = await store.caseId(target.id, { file: `${c.fn}.py`, function: c.fn, name: c.name });
        await store.recordResult(caseId, { outcome: c.outcome, category: c.category ?? null, meanMs: c.mean ?? null, medianMs: c.median ?? c.mean ?? null, n: c.mean != null ? 10 : null, errorMessage: c.outcome === 'fail' ? 'boom' : null });
      }
      await store.setRunStatus(runId, 'finished');
      ids.push(runId);
    }
  } finally {
    await store.close();
  }
  return ids;
}

// f.pass: all pass; f.partial: one of two fails; f.complete: all fail; f.skipped: only skips (no outcome).
const SPLIT: CaseSpec[] = [
  { fn: 'f.pass', name: 'a', outcome: 'pass', mean: 1 },
  { fn: 'f.pass', name: 'b', outcome: 'pass', mean: 1 },
  { fn: 'f.partial', name: 'a', outcome: 'pass', mean: 1 },
  { fn: 'f.partial', name: 'b', outcome: 'fail', category: 'memory' },
  { fn: 'f.complete', name: 'a', outcome: 'fail', category: 'not_implemented' },
  { fn: 'f.complete', name: 'b', outcome: 'fail', category: 'memory' },
  { fn: 'f.skipped', name: 'a', outcome: 'skip' },
];

test('portability table: status split, percentages and bootstrap intervals over functions', async () => {
  const db = tempDb();
  await build(db, [
    { framework: 'pytorch', device: 'cuda', hardware: 'NVIDIA T4', cases: SPLIT },
    { framework: 'jax', device: 'cpu', cases: [{ fn: 'g', name: 'a', outcome: 'pass', mean: 1 }, { fn: 'h', name: 'a', outcome: 'pass', mean: 2 }] },
  ]);
  const store = await Store.open(db);
  try {
    const rows = portabilityTable(await loadDataset(store));
    assert.equal(rows.length, 2);
    const t = rows.find((r) => r.framework === 'pytorch')!;
    assert.equal(t.hardware, 'NVIDIA T4');
    assert.equal(t.functions, 3, 'the skip-only function has no outcome and is left out of the denominator');
    assert.equal(t.not_run, 1, 'and is counted as not run');
    assert.deepEqual([t.pass.count, t.partial.count, t.complete.count, t.failing.count], [1, 1, 1, 2]);
    assert.ok(Math.abs(t.pass.pct - 100 / 3) < 1e-9);
    assert.ok(Math.abs(t.failing.pct - 200 / 3) < 1e-9);
    for (const s of [t.pass, t.partial, t.complete, t.failing]) {
      assert.ok(s.ci95[0] >= 0 && s.ci95[1] <= 100 && s.ci95[0] <= s.pct && s.pct <= s.ci95[1], `interval ${s.ci95} holds ${s.pct}`);
      assert.ok(s.ci95[1] - s.ci95[0] > 30, 'three functions give a wide interval');
    }
    assert.deepEqual(portabilityTable(await loadDataset(store)), rows, 'seeded: the same data gives the same intervals');
    const all = rows.find((r) => r.framework === 'jax')!;
    assert.deepEqual([all.pass.pct, ...all.pass.ci95], [100, 100, 100], 'every function passing: no uncertainty left');
    assert.deepEqual(all.failing.ci95, [0, 0]);
  } finally {
    await store.close();
  }
});

test('strata: top 20 vs all and deciles, from suite entries', async () => {
  const db = tempDb();
  await build(db, [{ framework: 'pytorch', device: 'cuda', cases: SPLIT }]);
  const store = await Store.open(db);
  try {
    const rows = strataTable(await loadDataset(store), [
      { function: 'f.pass', decile: 100, top20: true },
      { function: 'f.partial', decile: 10 },
      { function: 'f.complete', decile: 10 },
    ]);
    const by = new Map(rows.map((r) => [r.stratum, r]));
    assert.deepEqual([...by.keys()], ['all', 'top20', 'decile:10', 'decile:100']);
    assert.equal(by.get('all')!.functions, 3);
    assert.deepEqual([by.get('top20')!.functions, by.get('top20')!.pass.count], [1, 1]);
    const d10 = by.get('decile:10')!;
    assert.deepEqual([d10.functions, d10.pass.count, d10.partial.count, d10.complete.count, d10.failing.pct], [2, 0, 1, 1, 100]);
  } finally {
    await store.close();
  }
});

test('failure categories: failed cases and functions per category', async () => {
  const db = tempDb();
  await build(db, [{ framework: 'pytorch', device: 'cuda', cases: SPLIT }]);
  const store = await Store.open(db);
  try {
    const [row] = failureCategories(await loadDataset(store));
    assert.equal(row.failed_cases, 3);
    assert.equal(row.failed_functions, 2);
    assert.deepEqual(row.categories, { memory: { cases: 2, functions: 2 }, not_implemented: { cases: 1, functions: 1 } });
  } finally {
    await store.close();
  }
});

const FROM: CaseSpec[] = [
  { fn: 'slow', name: 'a', outcome: 'pass', mean: 1, median: 1 },
  { fn: 'slow', name: 'b', outcome: 'pass', mean: 3, median: 2 },
  { fn: 'fast', name: 'a', outcome: 'pass', mean: 10, median: 8 },
  { fn: 'broken', name: 'a', outcome: 'pass', mean: 1 },
  { fn: 'mild', name: 'a', outcome: 'pass', mean: 4 },
];
const TO: CaseSpec[] = [
  { fn: 'slow', name: 'a', outcome: 'pass', mean: 20, median: 10 },
  { fn: 'slow', name: 'b', outcome: 'pass', mean: 40, median: 30 },
  { fn: 'fast', name: 'a', outcome: 'pass', mean: 5, median: 2 },
  { fn: 'broken', name: 'a', outcome: 'fail' },
  { fn: 'mild', name: 'a', outcome: 'pass', mean: 5 },
];

test('compare: per-function latency, ratios and counts over cases passing on both', async () => {
  const db = tempDb();
  await build(db, [
    { framework: 'pytorch', device: 'cuda', hardware: 'NVIDIA T4', cases: FROM },
    { framework: 'pytorch', device: 'xla', hardware: 'TPU v3-8', cases: TO },
  ]);
  const store = await Store.open(db);
  try {
    const c = compareTargets(await loadDataset(store), 'pytorch/cuda@T4', 'pytorch/xla@tpu v3');
    const by = new Map(c.functions.map((f) => [f.function, f]));
    assert.deepEqual([...by.keys()], ['slow', 'mild', 'fast'], 'sorted by ratio, largest first; "broken" failed on one side');
    const slow = by.get('slow')!;
    assert.deepEqual([slow.cases, slow.from_ms, slow.to_ms, slow.ratio], [2, 2, 30, 15]);
    assert.deepEqual([slow.from_median_ms, slow.to_median_ms, slow.ratio_median], [1.5, 20, 20 / 1.5]);
    assert.equal(by.get('fast')!.ratio, 0.5);
    assert.equal(by.get('mild')!.ratio, 1.25);
    const s = c.summary;
    assert.deepEqual([s.n, s.slower, s.slower_10x, s.faster, s.faster_1_5x, s.no_common_cases], [3, 2, 1, 1, 1, 1]);
    assert.deepEqual(s.largest, { function: 'slow', ratio: 15 });
    assert.deepEqual(s.smallest, { function: 'fast', ratio: 0.5 });
    assert.ok(Math.abs(s.geomean_ratio! - Math.cbrt(15 * 0.5 * 1.25)) < 1e-12);
    assert.equal(s.median_ratio, 1.25);
    assert.equal(s.median_based.slower_10x, 1);
    assert.equal(c.from.hardware, 'NVIDIA T4');
  } finally {
    await store.close();
  }
  // The CLI's JSON keeps the documented shape.
  const r = await runCli(['compare', '--from', 'pytorch/cuda@T4', '--to', 'pytorch/xla', '--db', db, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.summary.n, 3);
  assert.equal(j.summary.slower_10x, 1);
  assert.deepEqual(Object.keys(j.functions[0]).slice(0, 4), ['function', 'cases', 'from_ms', 'to_ms']);
  assert.equal(j.functions[0].ratio, 15);
  const bad = await runCli(['compare', '--from', 'pytorch/cuda@A100', '--to', 'pytorch/xla', '--db', db]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /no target matches "pytorch\/cuda@A100".*pytorch\/cuda\/eager@NVIDIA T4/);
});

test('ratio summary of nothing, and target selectors', () => {
  assert.deepEqual(summarizeRatios([]).n, 0);
  assert.equal(summarizeRatios([]).largest, null);
  assert.deepEqual(parseTargetSelector('pytorch/cuda@T4'), { framework: 'pytorch', device: 'cuda', mode: undefined, hardware: 'T4', run: undefined, config: undefined, text: 'pytorch/cuda@T4' });
  assert.deepEqual(parseTargetSelector('jax/xla/jit@TPU v3#4'), { framework: 'jax', device: 'xla', mode: 'jit', hardware: 'TPU v3', run: 4, config: undefined, text: 'jax/xla/jit@TPU v3#4' });
  assert.deepEqual(parseTargetSelector('12'), { run: 12, text: '12' });
  assert.throws(() => parseTargetSelector('pytorch'), /framework\/device/);
});

test('report: Markdown and LaTeX tables with the new sections; JSON keeps "targets"', async () => {
  const db = tempDb();
  await build(db, [{ framework: 'pytorch', device: 'cuda', hardware: 'NVIDIA T4', cases: [...SPLIT, { fn: 'weird_<b>name_#1', name: 'a', outcome: 'pass', mean: 1 }] }]);
  const json = JSON.parse((await runCli(['report', '--db', db, '--json'])).stdout);
  assert.equal(json.targets.length, 1);
  assert.equal(json.portability[0].functions, 4);
  assert.ok(Array.isArray(json.strata) && Array.isArray(json.failure_categories));
  const latex = await runCli(['report', '--db', db, '--format', 'latex']);
  assert.equal(latex.code, 0, latex.stderr);
  assert.match(latex.stdout, /\\begin\{tabular\}/);
  assert.match(latex.stdout, /not\\_implemented/);
  assert.equal(latexEscape('weird_<b>name_#1 50% 2×'), 'weird\\_\\textless{}b\\textgreater{}name\\_\\#1 50\\% 2$\\times$');
  const md = await runCli(['report', '--db', db, '--format', 'md']);
  assert.match(md.stdout, /## Portability: functions passing/);
  assert.match(md.stdout, /\| 4 \| 2 \(50\.0% \[/);
});

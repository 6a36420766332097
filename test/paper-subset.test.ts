// A fast subset of the paper-2023 suite, run for real through the CLI (PyTorch, CPU,
// eager) and read back from the report: the files portabench ships do run.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, runCli, tempDb, tempDir } from './helpers.js';

const FILES = ['torch.lt.py', 'torch.nn.Linear.py', 'torch.Tensor.unbind.py', 'torch.cuda.Stream.synchronize.py'];

interface FunctionReport {
  function: string;
  status: string;
  cases: { passed: number; failed: number; skipped: number; errors: number; pending: number };
  failures: { case: string; category: string | null; error: string }[];
}

describe('paper-2023 subset', () => {
  it('runs four of its PyTorch files on CPU and reports every case', async () => {
    const suite = tempDir('portabench-paper-');
    mkdirSync(join(suite, 'pytorch'));
    for (const f of FILES) copyFileSync(join(ROOT, 'suites', 'paper-2023', 'pytorch', f), join(suite, 'pytorch', f));
    const db = tempDb();
    const r = await runCli(['run', '--suite', suite, '-f', 'pytorch', '-d', 'cpu', '-m', 'eager', '--db', db, '--json', '-q']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { targets: { framework: string; device: string; mode: string; status: string; functions: FunctionReport[] }[] };
    assert.equal(report.targets.length, 1);
    const t = report.targets[0];
    assert.deepEqual([t.framework, t.device, t.mode, t.status], ['pytorch', 'cpu', 'eager', 'done']);
    const byName = Object.fromEntries(t.functions.map((f) => [f.function, f]));
    assert.deepEqual(Object.keys(byName).sort(), ['torch.Tensor.unbind', 'torch.cuda.Stream.synchronize', 'torch.lt', 'torch.nn.Linear']);
    for (const fn of ['torch.lt', 'torch.nn.Linear', 'torch.Tensor.unbind']) {
      const f = byName[fn];
      assert.equal(f.cases.pending, 0, fn);
      assert.ok(f.cases.passed >= 2, `${fn}: ${JSON.stringify(f.cases)} ${JSON.stringify(f.failures)}`);
      // every failure that does occur on this CPU is a real, classified outcome
      for (const fail of f.failures) assert.ok(fail.category, `${fn} ${fail.case}: ${fail.error}`);
    }
    // CUDA streams: every case says it was skipped on CPU, none pretends to pass
    const sync = byName['torch.cuda.Stream.synchronize'];
    assert.equal(sync.cases.passed, 0);
    assert.ok(sync.cases.skipped >= 2, JSON.stringify(sync.cases));
  });
});

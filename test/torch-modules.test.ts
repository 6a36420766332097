// The torch-modules suite on real PyTorch: a slice (nn.Linear, nn.Conv2d, optim.SGD and
// torch.tensor at float32) runs on the CPU in eager mode, each case naming its public
// function, with the ModuleInfo declarations recorded; `check` of user code building
// torch.nn.Linear and torch.optim.SGD then finds their measured verdicts.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { Store } from '../src/store/store.js';
import { checkJson, runSlice, tempDb, tempDir, type SliceReport } from './helpers.js';


const db = tempDb();
let report: SliceReport;

describe('torch-modules suite', () => {
  before(async () => {
    const env = { PORTABENCH_OPS: 'nn.Linear,nn.Conv2d,optim.SGD,tensor', PORTABENCH_DTYPES: 'float32' };
    report = await runSlice(db, 'torch-modules', 'pytorch', ['eager'], env, 'cpu');
  });

  it('nn.Linear, nn.Conv2d, optim.SGD and torch.tensor at float32 pass on the CPU, eager, under their public names', () => {
    const t = report.targets.find((x) => x.mode === 'eager');
    assert.ok(t, 'no eager target');
    const got = Object.fromEntries(t.functions.map((f) => [f.function, f.status]));
    assert.deepEqual(got, { 'torch.nn.Conv2d': 'pass', 'torch.nn.Linear': 'pass', 'torch.optim.SGD': 'pass', 'torch.tensor': 'pass' });
  });

  it('module cases carry ModuleInfo\'s declarations per device type', async () => {
    const store = await Store.open(db);
    try {
      const rows = await store.db.selectFrom('cases').select(['name', 'params']).where('name', 'like', 'nn.Linear%').execute();
      assert.equal(rows.length, 3, 'three nn.Linear samples at float32');
      for (const row of rows) {
        const params = JSON.parse(row.params) as Record<string, unknown>;
        assert.deepEqual(params.declared, { cpu: true, cuda: true, mps: true }, row.name);
        assert.deepEqual(params.xfail, [], row.name);
      }
    } finally {
      await store.close();
    }
  });

  it('torch.nn.Linear and torch.optim.SGD call sites get measured "runs" verdicts from the run', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'train.py'), 'import torch\n\nmodel = torch.nn.Linear(4, 2)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n');
    const run = report.targets.find((t) => t.mode === 'eager')!.run_id;
    const json = await checkJson(dir, `pytorch/cpu/eager#${run}`, db);
    const sites = json.files.flatMap((f) => f.sites.map((s) => ({ fn: s.function, v: s.verdicts[0] })));
    assert.deepEqual(
      sites.map((s) => [s.fn, s.v.status, s.v.kind]),
      [
        ['torch.nn.Linear', 'runs', 'measured'],
        ['torch.optim.SGD', 'runs', 'measured'],
      ],
    );
    assert.ok(sites.every((s) => s.v.cases.passed === 3 && s.v.cases.failed === 0), JSON.stringify(sites));
  });
});

// Static coverage read from the real frameworks' registries: PyTorch's dispatcher, its
// native_functions.yaml and OpInfo declarations, TensorFlow's kernel registry; stored apart from measured results.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import BetterSqlite3 from '../src/store/sqlite-driver.js';
import { runCli, tempDb } from './helpers.js';

function outcomeOf(db: string, device: string, caseName: string): { outcome: string; category: string | null; error_message: string | null; hardware: string } | undefined {
  const conn = new BetterSqlite3(db, { readonly: true });
  try {
    return conn
      .prepare(`SELECT r.outcome, r.category, r.error_message, t.hardware FROM results r JOIN cases c ON c.id = r.case_id JOIN targets t ON t.id = c.target_id
                WHERE t.device = ? AND t.mode = 'static' AND c.name = ?`)
      .get(device, caseName) as never;
  } finally {
    conn.close();
  }
}

describe('static coverage', () => {
  it('PyTorch: the CPU dispatcher speaks for cpu, a CPU-only build says it cannot speak for cuda, and OpInfo declarations stand in', async () => {
    const db = tempDb();
    const r = await runCli(['coverage', '-f', 'pytorch', '-d', 'cpu', '-d', 'cuda', '--db', db, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const res = JSON.parse(r.stdout).devices as Array<{ device: string; source: string; speaks_for: boolean; reason: string | null; registered: number; cases: number }>;
    const cpu = res.find((x) => x.device === 'cpu' && x.source === 'dispatcher')!;
    assert.ok(cpu.speaks_for && cpu.cases > 2000 && cpu.registered > 0.8 * cpu.cases, JSON.stringify(cpu));
    const cudaDispatcher = res.find((x) => x.device === 'cuda' && x.source === 'dispatcher')!;
    assert.equal(cudaDispatcher.speaks_for, false);
    assert.match(cudaDispatcher.reason!, /not built with CUDA/);
    const declared = res.find((x) => x.device === 'cuda' && x.source === 'opinfo-declarations')!;
    assert.ok(declared.speaks_for && declared.cases > 1000);
    assert.ok(!res.some((x) => x.source === 'op-dtypes'), 'the join is read only when named');

    const add = outcomeOf(db, 'cpu', 'aten::add.Tensor')!;
    assert.equal(add.outcome, 'pass');
    assert.match(add.hardware, /static: dispatcher of pytorch 2\.13/);
    // a backend-agnostic kernel serves every backend, CompositeExplicitAutogradNonFunctional included (a training step's select_backward)
    const selectBackward = outcomeOf(db, 'cpu', 'aten::select_backward')!;
    assert.equal(selectBackward.outcome, 'pass', selectBackward.error_message ?? '');
    // PyTorch's own declarations: integer matrix products are declared for CPU, not for CUDA.
    const mm = outcomeOf(db, 'cuda', 'mm[dtype=int64]')!;
    assert.deepEqual([mm.outcome, mm.category], ['fail', 'not_implemented']);
    assert.match(mm.error_message!, /declares int64 for cpu but not for cuda/);

    const rep = await runCli(['report', '--db', db, '--all']);
    assert.equal(rep.code, 0, rep.stderr);
    assert.match(rep.stdout, /│ pytorch\s*│ cpu\s*│ static │ static: dispatcher of pytorch/);
    assert.match(rep.stdout.replace(/\s+/g, ' '), /Rows in mode "static" are not measured/);
    const again = await runCli(['coverage', '-f', 'pytorch', '-d', 'cpu', '--db', db, '--json']);
    assert.equal(again.code, 0);
    const conn = new BetterSqlite3(db, { readonly: true });
    try {
      const runs = conn.prepare("SELECT count(*) AS n FROM runs WHERE origin = 'static:pytorch-dispatcher'").get() as { n: number };
      assert.equal(runs.n, 1, 'reading the same build again replaces its run');
    } finally {
      conn.close();
    }
  });

  it("PyTorch: the build's native_functions.yaml speaks for CUDA and MPS from a CPU-only wheel, and says it cannot for out-of-tree XPU", async () => {
    const db = tempDb();
    const r = await runCli(['coverage', '-f', 'pytorch', '-d', 'cuda', '-d', 'mps', '-d', 'xpu', '--source', 'native-functions', '--db', db, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const res = JSON.parse(r.stdout).devices as Array<{ device: string; source: string; speaks_for: boolean; reason: string | null; registered: number; cases: number }>;
    const cuda = res.find((x) => x.device === 'cuda')!;
    const mps = res.find((x) => x.device === 'mps')!;
    assert.ok(cuda.speaks_for && cuda.cases > 2500, JSON.stringify(cuda));
    assert.ok(mps.speaks_for && mps.registered < cuda.registered, `MPS registers fewer ops than CUDA: ${mps.registered} vs ${cuda.registered}`);
    // No MPS kernel for the general eigendecomposition in torch 2.13; CUDA has one.
    const eigMps = outcomeOf(db, 'mps', 'aten::linalg_eig')!;
    assert.deepEqual([eigMps.outcome, eigMps.category], ['fail', 'not_implemented']);
    assert.match(eigMps.error_message!, /registers no MPS kernel for aten::linalg_eig/);
    assert.match(eigMps.hardware, /static: native-functions of pytorch 2\.13/);
    assert.equal(outcomeOf(db, 'cuda', 'aten::linalg_eig')!.outcome, 'pass');
    // A structured op's functional form runs through its out= kernel.
    assert.equal(outcomeOf(db, 'mps', 'aten::add.Tensor')!.outcome, 'pass');
    const xpu = res.find((x) => x.device === 'xpu')!;
    assert.equal(xpu.speaks_for, false);
    assert.match(xpu.reason!, /out of tree/);
  });

  it("PyTorch op-dtypes: the yaml's MPS kernels joined with OpInfo's MPS dtypes, op × dtype, and where the two disagree", async () => {
    const db = tempDb();
    const r = await runCli(['coverage', '-f', 'pytorch', '-d', 'mps', '--source', 'op-dtypes', '--db', db, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const [mps] = JSON.parse(r.stdout).devices as Array<{ source: string; speaks_for: boolean; cases: number; registered: number; join: Record<string, number> }>;
    assert.equal(mps.source, 'op-dtypes');
    assert.ok(mps.speaks_for && mps.cases > 3000 && mps.registered < mps.cases, JSON.stringify(mps));
    assert.ok(mps.join.opinfos > 500 && mps.join.aten_operator > 300 && mps.join.aten_operator < mps.join.opinfos, JSON.stringify(mps.join));
    // OpInfo declares float32 for linalg.eig on MPS, but the yaml has no MPS kernel for aten::linalg_eig
    assert.ok(mps.join.declared_without_kernel >= 1, JSON.stringify(mps.join));
    const eig = outcomeOf(db, 'mps', 'linalg.eig[dtype=float32]')!;
    assert.deepEqual([eig.outcome, eig.category], ['fail', 'not_implemented']);
    assert.match(eig.error_message!, /registers no MPS kernel for any overload of aten::linalg_eig; OpInfo linalg\.eig declares float32 for mps/);
    assert.match(eig.hardware, /static: op-dtypes of pytorch 2\.13/);
    // a kernel there, and the dtype declared: covered; the kernel there but the dtype not declared (MPS has no float64): not
    const abs32 = outcomeOf(db, 'mps', 'abs[dtype=float32]')!;
    assert.equal(abs32.outcome, 'pass');
    const abs64 = outcomeOf(db, 'mps', 'abs[dtype=float64]')!;
    assert.equal(abs64.outcome, 'fail');
    assert.match(abs64.error_message!, /OpInfo abs declares float64 for cpu but not for mps; aten::abs[.\w]*: MPS kernel/);
    const text = await runCli(['coverage', '-f', 'pytorch', '-d', 'mps', '--source', 'op-dtypes', '--db', db]);
    assert.match(text.stdout, /operator × dtype pairs declared;.*\n.*\n? +\d+ OpInfos, \d+ naming an ATen operator of the yaml; \d+ of those have no kernel there/);
  });

  it('TensorFlow: the CPU kernel registry agrees with what a run measures (no half-precision SVD kernel on CPU)', async () => {
    const db = tempDb();
    const r = await runCli(['coverage', '-f', 'tensorflow', '-d', 'cpu', '--db', db, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const svd16 = outcomeOf(db, 'cpu', 'Svd[T=float16]')!;
    assert.deepEqual([svd16.outcome, svd16.category], ['fail', 'not_implemented']);
    assert.equal(outcomeOf(db, 'cpu', 'Svd[T=float32]')!.outcome, 'pass');
    assert.equal(outcomeOf(db, 'cpu', 'MatMul[T=float32]')!.outcome, 'pass');
  });
});

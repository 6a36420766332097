// Small real slices of the generated suites (the frameworks' own op databases), through the
// CLI: per-case functions, quick timing by default, declared-against-actual findings.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { frameworkPython, ROOT, runCli, tempDb } from './helpers.js';

interface ReportJson {
  targets: Array<{ mode: string; functions: Array<{ function: string; status: string; failures: Array<{ case: string; category: string | null }> }> }>;
  declarations: Array<{ mode: string; cases: Record<string, number>; findings: Array<{ function: string; case: string; verdict: string }> }>;
  compiled_only: Array<{ failures: unknown[] }>;
}

async function slice(suite: string, framework: string, env: Record<string, string>, modes = ['eager']): Promise<ReportJson> {
  const db = tempDb();
  const r = await runCli(['run', '--suite', suite, '-f', framework, ...modes.flatMap((m) => ['-m', m]), '--db', db, '-q'], { env });
  assert.equal(r.code, 0, r.stderr);
  const rep = await runCli(['report', '--db', db, '--json']);
  assert.equal(rep.code, 0, rep.stderr);
  return JSON.parse(rep.stdout) as ReportJson;
}

const fn = (r: ReportJson, name: string, mode = 'eager') => r.targets.find((t) => t.mode === mode)!.functions.find((f) => f.function === name);

describe('generated suites', () => {
  it('opinfo: OpInfo ops map to public names; undeclared dtypes fail as expected', async () => {
    const r = await slice('opinfo', 'pytorch', { PORTABENCH_OPS: 'add,mm,linalg.svd', PORTABENCH_DTYPES: 'float16,float32,int64' });
    assert.equal(fn(r, 'torch.add')?.status, 'pass');
    assert.equal(fn(r, 'torch.mm')?.status, 'pass');
    const svd = fn(r, 'torch.linalg.svd')!;
    assert.equal(svd.status, 'partial');
    assert.deepEqual(svd.failures.map((f) => f.case).sort(), ['linalg.svd[dtype=float16]', 'linalg.svd[dtype=int64]']);
    const d = r.declarations[0];
    assert.deepEqual([d.cases.as_declared, d.cases.expected_failure, d.cases.declared_but_fails, d.cases.undeclared_but_works], [7, 2, 0, 0]);
  });

  it('jax-harnesses: eager and jit, declared limitations joined with outcomes', async () => {
    const r = await slice('jax-harnesses', 'jax', { PORTABENCH_OPS: 'cos,cumsum', PORTABENCH_DTYPES: 'float32,float16' }, ['eager', 'compiled']);
    for (const mode of ['eager', 'compiled']) {
      const t = r.targets.find((x) => x.mode === mode)!;
      assert.ok(t.functions.some((f) => f.function === 'jax.lax.cos' && f.status === 'pass'), `${mode}: ${t.functions.map((f) => `${f.function}:${f.status}`).join(', ')}`);
    }
    assert.equal(r.declarations.length, 2, 'both targets carry declarations');
    assert.equal(r.compiled_only.length, 1, 'the compiled target is compared with the eager one');
  });

  it('tf-numpy: NumPy is the reference; a dtype NumPy takes and TensorFlow rejects is a finding', async () => {
    const r = await slice('tf-numpy', 'tensorflow', { PORTABENCH_OPS: 'cos,reciprocal', PORTABENCH_DTYPES: 'float32,int32' });
    assert.equal(fn(r, 'tf.experimental.numpy.cos')?.status !== undefined, true);
    const d = r.declarations[0];
    assert.ok(d.findings.some((f) => f.function === 'tf.experimental.numpy.reciprocal' && f.case.includes('int32') && f.verdict === 'declared_but_fails'), JSON.stringify(d.findings));
  });

  it('every generated suite lists the same cases in the same order in every process, so a slice selects the same cases', () => {
    // Two interpreters whose heaps are laid out differently (one allocates before importing):
    // JAX defines harnesses in loops over sets of dtype objects, whose order follows their addresses.
    const list = (framework: string, file: string, pad: number) => {
      const code = [
        'import os, sys',
        `pad = [bytearray(64) for _ in range(${pad})]`,
        `sys.path.insert(0, ${JSON.stringify(join(ROOT, 'python'))})`,
        'from portabench.cases import load_test_file',
        'module, found = load_test_file(sys.argv[1])',
        'print("\\n".join(c.name for c in found))',
      ].join('\n');
      const r = spawnSync(frameworkPython(framework), ['-c', code, join(ROOT, file)], { encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, PORTABENCH_SLICE: '::7' } });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.trim().split('\n');
    };
    for (const [framework, file] of [
      ['jax', 'suites/jax-harnesses/jax/harnesses.py'],
      ['jax', 'suites/jax-api/jax/jax_api.py'],
      ['pytorch', 'suites/opinfo/pytorch/opinfo.py'],
      ['pytorch', 'suites/torch-modules/pytorch/torch_modules.py'],
      ['tensorflow', 'suites/tf-numpy/tensorflow/tf_numpy.py'],
      ['tensorflow', 'suites/keras-layers/tensorflow/keras_layers.py'],
    ]) {
      const a = list(framework, file, 0);
      const b = list(framework, file, 20000);
      assert.ok(a.length > 100, `${file}: ${a.length} cases`);
      assert.deepEqual(b, a, `${file}: the slice ::7 differs between two processes`);
    }
  });

  it('suite check accepts generated files whose cases name their own functions', async () => {
    const r = await runCli(['suite', 'check', 'suites/opinfo', '-f', 'pytorch', '--json'], { env: { PORTABENCH_OPS: 'add,mm', PORTABENCH_DTYPES: 'float32' } });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(JSON.parse(r.stdout).counts.ok, 1);
  });
});

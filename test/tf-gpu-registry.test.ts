// TensorFlow's GPU kernel registry (issue 17): `coverage -f tensorflow -d cuda` reads the
// `tensorflow` wheel (a CUDA build) of the environment `setup --with tf-gpu-registry` makes,
// labelled with that build, where tensorflow-cpu registers no GPU kernel and cannot say.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import BetterSqlite3 from '../src/store/sqlite-driver.js';
import { ROOT, runCli, tempDb } from './helpers.js';

const REGISTRY_PYTHON = join(process.env.PORTABENCH_VENVS ?? join(ROOT, '.venvs'), 'tensorflow-gpu-registry', 'bin', 'python');
const SKIP = existsSync(REGISTRY_PYTHON) ? false : `no ${REGISTRY_PYTHON}: run "npx portabench setup --with tf-gpu-registry" (the tensorflow CUDA wheel, about 600 MB) to read TensorFlow's GPU kernels`;

describe("coverage -f tensorflow -d cuda: the CUDA build's kernel registry", { skip: SKIP }, () => {
  it('speaks for cuda, labelled with the CUDA build: MatMul float32 and Conv2D have GPU kernels, MatMul int32 and DecodeJpeg none', async () => {
    const db = tempDb();
    const r = await runCli(['coverage', '-f', 'tensorflow', '-d', 'cuda', '--db', db, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const [cuda] = (JSON.parse(r.stdout) as { devices: Array<{ device: string; speaks_for: boolean; label: string; registered: number; cases: number }> }).devices;
    assert.equal(cuda.speaks_for, true, JSON.stringify(cuda));
    assert.match(cuda.label, /^static: kernels of tensorflow \d+\.\d+\.\d+ \(tensorflow wheel, CUDA \d+\.\d+(\.\d+)? build\)$/);
    assert.ok(cuda.registered > 2000 && cuda.registered < cuda.cases, `${cuda.registered} of ${cuda.cases}`);
    const sql = new BetterSqlite3(db, { readonly: true });
    const got = Object.fromEntries(
      (sql.prepare("SELECT c.name, r.outcome FROM results r JOIN cases c ON c.id = r.case_id JOIN targets t ON t.id = c.target_id WHERE t.device = 'cuda'").all() as Array<{ name: string; outcome: string }>).map((x) => [x.name, x.outcome]),
    );
    sql.close();
    for (const name of ['MatMul[T=float32]', 'MatMul[T=bfloat16]', 'Conv2D[T=float32]', 'Cholesky[T=float32]']) assert.equal(got[name], 'pass', name);
    for (const name of ['MatMul[T=int32]', 'DecodeJpeg', 'Acos[T=complex64]']) assert.equal(got[name], 'fail', name);
  });
});

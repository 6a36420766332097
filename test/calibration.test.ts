// Calibration (issue 17): evidence that did not run on the device, scored where it meets
// measurements of the same framework on the same device. Real data: the 2023 study's
// measured TPU v3-8 runs, and JAX's own TPU lowering rules applied here to the same
// functions of the paper-2023 suite.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, tempDb, tempDir } from './helpers.js';

const STUDY = resolve(import.meta.dirname, '..', '..', 'shared', 'anchor-data', 'for-ai-portability');

describe('report: calibration of unmeasured evidence', () => {
  it("TPU lowering rules agree with the study's TPU v3-8 on eig (fails) and cos (runs), the version difference said", async () => {
    const suite = tempDir('portabench-calibration-');
    mkdirSync(join(suite, 'jax'));
    for (const f of ['jax.lax.linalg.eig.py', 'jax.numpy.cos.py']) cpSync(join('suites', 'paper-2023', 'jax', f), join(suite, 'jax', f));
    const db = tempDb();
    const imp = await runCli(['import', 'for-ai-portability', STUDY, '--db', db]);
    assert.equal(imp.code, 0, imp.stderr);
    const run = await runCli(['run', '--suite', suite, '-f', 'jax', '-d', 'tpu', '-m', 'lower', '--db', db, '-q']);
    assert.equal(run.code, 0, run.stderr);
    const rep = await runCli(['report', '--db', db, '--all', '--format', 'json']);
    assert.equal(rep.code, 0, rep.stderr);
    const rows = (JSON.parse(rep.stdout) as { calibration: Array<{ level: string; predicted: { device: string; mode: string }; measured: { hardware: string }; functions: { common: number; agree: number; precision: number | null; recall: number | null }; note: string | null }> }).calibration;
    const tpu = rows.find((r) => r.level === 'lower' && r.measured.hardware === 'TPU v3-8');
    assert.ok(tpu, JSON.stringify(rows));
    assert.deepEqual([tpu.functions.common, tpu.functions.agree, tpu.functions.precision, tpu.functions.recall], [2, 2, 1, 1]);
    assert.match(tpu.note ?? '', /different versions \(0\.10\.\d+ against/);
    const text = await runCli(['report', '--db', db, '--all']);
    assert.match(text.stdout, /Calibration: evidence that did not run, against measurements/);
    // check says the same beside its verdicts on the unmeasured target
    const src = tempDir('portabench-calibration-src-');
    writeFileSync(join(src, 'use.py'), 'import jax\nimport jax.numpy as jnp\n\ndef f(x):\n    return jnp.cos(x), jax.lax.linalg.eig(x)\n');
    const checked = await runCli(['check', src, '--target', 'jax/tpu/lower', '--db', db]);
    assert.equal(checked.code, 0, checked.stderr);
    assert.match(checked.stdout, /calibration: jax\/tpu\/lower@\S.* \(lower\) agrees with jax\/tpu\/\S+@TPU v3-8 \(measured, run \d+\) on 2 of 2 functions; its "fails": precision 1\.00, recall 1\.00; different versions/);
    const json = JSON.parse((await runCli(['check', src, '--target', 'jax/tpu/lower', '--db', db, '--format', 'json'])).stdout) as { summary: { calibration: Array<{ measured: { hardware: string } }> } };
    assert.ok(json.summary.calibration.some((r) => r.measured.hardware === 'TPU v3-8'), JSON.stringify(json.summary.calibration));
  });
});

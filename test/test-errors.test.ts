// Test errors: a failure that is the test's own fault is outcome test_error, never a device
// failure. On the 2023 study's own data (its timing helper called wrongly), on portabench
// suite files run for real in JAX and PyTorch workers, and through the cross-target rules.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { datasetOf, loadDataset } from '../src/analysis/dataset.js';
import { portabilityReport } from '../src/analysis/portability.js';
import { ownCodeError, raisingFrame } from '../src/classify/test-error.js';
import { Store, type CaseWithResult, type Run, type Target } from '../src/store/store.js';
import { ROOT, runCli, tempDb, tempDir, writeSuite } from './helpers.js';

const ANCHOR = process.env.PORTABENCH_ANCHOR_DATA ?? join(ROOT, '..', 'shared', 'anchor-data');
const STUDY = join(ANCHOR, 'for-ai-portability');
/** The study's tests whose timing helper is called wrongly, in the order reports list them. */
const BROKEN = ['jax.numpy.ones', 'jax.numpy.zeros', 'jax.vjp'];

describe("the 2023 study's data", () => {
  const db = tempDb();
  const imported = runCli(['import', 'for-ai-portability', STUDY, '--db', db]);

  it('jax.numpy.zeros, jax.numpy.ones and jax.vjp are broken tests, not failures, on the T4 and the TPU v3-8', { timeout: 300_000 }, async () => {
    const imp = await imported;
    assert.equal(imp.code, 0, imp.stderr);
    const store = await Store.open(db);
    try {
      const ds = await loadDataset(store);
      const jax = portabilityReport(ds).targets.filter((t) => t.framework === 'jax');
      for (const hardware of ['NVIDIA T4', 'TPU v3']) {
        const t = jax.find((x) => x.hardware?.startsWith(hardware));
        assert.ok(t, `a JAX target on ${hardware}: ${jax.map((x) => x.hardware).join(', ')}`);
        for (const name of BROKEN) {
          const f = t.functions.find((x) => x.function === name)!;
          assert.ok(f, `${name} on ${hardware}`);
          assert.equal(f.status, 'not_run', `${name} on ${hardware}: no evidence either way`);
          assert.equal(f.raw_status, 'complete', 'as the study counts it');
          assert.deepEqual([f.cases.failed, f.failures.length], [0, 0], `${name} has no failure on ${hardware}`);
          assert.equal(f.cases.test_errors, f.test_errors.length);
          assert.ok(f.test_errors.length >= 10);
          for (const e of f.test_errors) assert.match(e.reason, /^raised by the test's own code at jax_tests_reduced\/\w+_test\.py:\d+: TypeError: partial_timed\(\) takes 1 positional argument but [23] were given$/);
        }
        // A real device failure stays one: JAX's nonsymmetric eig is CPU-only, raised inside jax's own frames.
        const eig = t.functions.find((x) => x.function === 'jax.lax.linalg.eig')!;
        assert.equal(eig.status, 'complete');
        assert.equal(eig.cases.test_errors, 0);
        assert.match(eig.failures[0].error, /NotImplementedError: Nonsymmetric eigendecomposition is only implemented on the CPU backend/);
        assert.equal(t.summary.complete, 1, `only eig fails completely on ${hardware}`);
      }
      // Imported cases with no failure report (JAX on the A100) are unknown: never failures.
      const a100 = jax.find((x) => x.hardware === 'NVIDIA A100')!;
      assert.ok(a100.functions.length > 50);
      assert.ok(a100.functions.every((f) => f.status === 'not_run' && f.failures.length === 0 && f.cases.failed === 0 && f.cases.unknown > 0));
      // In TensorFlow's data the same parameterisation error on every device of the source.
      const tf = portabilityReport(ds).targets.filter((t) => t.framework === 'tensorflow' && t.hardware?.startsWith('TPU v3'));
      const fromList = tf.flatMap((t) => t.functions.filter((f) => f.function === 'tf.data.experimental.from_list' && !f.cases.unknown));
      assert.equal(fromList.length, 2, 'two TPU v3 reports');
      assert.ok(fromList.every((f) => f.test_errors.length === 2 && /^the same error on every device of the source \(NVIDIA T4, TPU v3-8\): ValueError: The test does not take parameters that were passed/.test(f.test_errors[0].reason)));
    } finally {
      await store.close();
    }
  });

  it('report lists them as broken tests beside the study\'s own count; check says the test is broken and never "fails on"', { timeout: 300_000 }, async () => {
    assert.equal((await imported).code, 0);
    const store = await Store.open(db);
    const targets = await store.targets();
    await store.close();
    const tpu = targets.find((t) => t.framework === 'jax' && t.hardware === 'TPU v3-8')!;
    const selectors = ['jax/cuda@NVIDIA T4', `jax/${tpu.device}@TPU v3-8`];

    const report = await runCli(['report', '--db', db, '--format', 'json']);
    assert.equal(report.code, 0, report.stderr);
    const json = JSON.parse(report.stdout) as { broken_tests: { tests: Array<{ hardware: string; function: string; status: string; recorded_status: string }>; counts: Array<{ hardware: string; framework: string; counted_by: string; complete_recorded: number; complete_corrected: number }> } };
    for (const hw of ['NVIDIA T4', 'TPU v3-8']) {
      assert.deepEqual(json.broken_tests.tests.filter((r) => r.hardware === hw && r.function.startsWith('jax')).map((r) => [r.function, r.status, r.recorded_status]), BROKEN.map((f) => [f, 'not_run', 'complete']));
      const count = json.broken_tests.counts.find((r) => r.hardware === hw && r.framework === 'jax')!;
      assert.deepEqual([count.counted_by, count.complete_recorded, count.complete_corrected], ['the 2023 study', 4, 1]);
    }
    const text = await runCli(['report', '--db', db]);
    assert.match(text.stdout, /Broken tests: failures that are the test's own fault, not the device's/);
    assert.match(text.stdout, /Failing functions as recorded, and with broken tests told apart/);
    const md = await runCli(['report', '--db', db, '--format', 'md']);
    assert.match(md.stdout, /\| jax\.vjp +\|/);

    const code = tempDir('portabench-code-');
    writeFileSync(
      join(code, 'model.py'),
      ['import jax', 'import jax.numpy as jnp', '', '', 'def init(n):', '    a = jnp.zeros((n, n))', '    b = jnp.ones(n)', '    y, pullback = jax.vjp(jnp.sin, b)', '    return a, y, pullback', ''].join('\n'),
    );
    const check = await runCli(['check', code, '--db', db, ...selectors.flatMap((s) => ['--target', s])]);
    assert.equal(check.code, 0, check.stderr);
    assert.doesNotMatch(check.stdout, /fails on/);
    for (const fn of BROKEN) for (const hw of ['NVIDIA T4', 'TPU v3-8']) assert.match(check.stdout, new RegExp(`${fn.replace(/\./g, '\\.')} \\(1 call site\\) on jax/\\w+/eager@${hw}: the test is broken on every device: no evidence about this target \\(\\d+ cases: raised by the test's own code`));
    const sarif = await runCli(['check', code, '--db', db, '--format', 'sarif', ...selectors.flatMap((s) => ['--target', s])]);
    const results = (JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ ruleId: string; level: string; message: { text: string } }> }> }).runs[0].results;
    assert.equal(results.filter((r) => r.level === 'error').length, 0, 'no "fails" finding');
    assert.ok(results.some((r) => /jax\.numpy\.zeros has no data on .*the test is broken on every device/.test(r.message.text)));
  });
});

/** A helper called with the wrong arguments on every device, beside cases whose failures are the device's. */
const SUITES: Record<string, string> = {
  'jax/jax.numpy.cumsum.py': `
import jax.numpy as jnp
from portabench import case

FUNCTION = "jax.numpy.cumsum"


def timed(fn):
    return fn


@case(n=[3, 5])
def helper_called_wrongly(bench, device, n):
    f = timed(jnp.cumsum, jnp.arange(n))
    bench.measure(f)


@case
def undefined_name(bench, device):
    out = bench.measure(jnp.cumsum, jnp.arange(3))
    assert stats.allclose(out, [0, 1, 3])


@case
def wrong_result(bench, device):
    out = bench.measure(jnp.cumsum, jnp.arange(3))
    assert out.tolist() == [0, 1, 2], f"a real assertion on the result: {out}"


@case
def framework_rejects(bench, device):
    bench.measure(lambda: jnp.cumsum(jnp.arange(3), axis="rows"))


@case
def framework_rejects_call(bench, device):
    bench.measure(lambda: jnp.cumsum(jnp.arange(3), 0, None, None, None, None))


@case
def passes(bench, device):
    out = bench.measure(jnp.cumsum, jnp.arange(3))
    assert out.tolist() == [0, 1, 3]
`,
  'pytorch/torch.cumsum.py': `
import torch
from portabench import case

FUNCTION = "torch.cumsum"


def timed(fn):
    return fn


@case(n=[3, 5])
def helper_called_wrongly(bench, device, n):
    f = timed(torch.cumsum, torch.arange(n, device=device), 0)
    bench.measure(f)


@case
def undefined_name(bench, device):
    out = bench.measure(torch.cumsum, torch.arange(3, device=device), 0)
    assert stats.allclose(out, [0, 1, 3])


@case
def wrong_result(bench, device):
    out = bench.measure(torch.cumsum, torch.arange(3, device=device), 0)
    assert out.tolist() == [0, 1, 2], f"a real assertion on the result: {out}"


@case
def framework_rejects_call(bench, device):
    torch.relu(torch.ones(2, device=device), 2)


@case
def passes(bench, device):
    out = bench.measure(torch.cumsum, torch.arange(3, device=device), 0)
    assert out.tolist() == [0, 1, 3]
`,
};

const EXPECTED: Record<string, Record<string, string>> = {
  jax: { 'helper_called_wrongly[n=3]': 'test_error', 'helper_called_wrongly[n=5]': 'test_error', undefined_name: 'test_error', wrong_result: 'fail', framework_rejects: 'fail', framework_rejects_call: 'fail', passes: 'pass' },
  pytorch: { 'helper_called_wrongly[n=3]': 'test_error', 'helper_called_wrongly[n=5]': 'test_error', undefined_name: 'test_error', wrong_result: 'fail', framework_rejects_call: 'fail', passes: 'pass' },
};

const FILE_FUNCTION: Record<string, string> = { jax: 'jax.numpy.cumsum', pytorch: 'torch.cumsum' };

describe('a portabench suite whose helper raises TypeError on every device', () => {
  for (const framework of ['jax', 'pytorch']) {
    it(`is a test error on ${framework}/cpu, run for real; the device's own failures stay failures`, { timeout: 300_000 }, async () => {
      const db = tempDb();
      const file = Object.keys(SUITES).find((k) => k.startsWith(`${framework}/`))!;
      const suite = writeSuite({ [file]: SUITES[file] });
      const run = await runCli(['run', '--suite', suite, '-f', framework, '-d', 'cpu', '-m', 'eager', '--db', db, '--timing', 'none', '--timeout', '120']);
      assert.ok([0, 1].includes(run.code ?? -1), run.stderr);
      assert.match(run.stderr, /test_error +\S+ helper_called_wrongly\[n=3\]/, 'progress names the outcome');
      const store = await Store.open(db);
      try {
        const ds = await loadDataset(store);
        const cases = [...ds.targets[0].functions.values()].flat();
        assert.deepEqual(Object.fromEntries(cases.map((c) => [c.name, c.result!.outcome])), EXPECTED[framework]);
        const wrong = cases.find((c) => c.name === 'helper_called_wrongly[n=3]')!.result!;
        assert.match(wrong.test_error!, /^raised by the test's own code at \w+\/\S+\.cumsum\.py:\d+: TypeError: timed\(\) takes 1 positional argument but \d were given$/);
        assert.equal(wrong.category, null, 'a test error has no failure category');
        assert.match(wrong.traceback!, /File ".*cumsum\.py", line \d+, in helper_called_wrongly/, 'the worker stores the traceback');
        const raw = (await store.casesWithResults(ds.targets[0].target.id)).find((c) => c.name === 'helper_called_wrongly[n=3]')!.result!;
        assert.equal(raw.outcome, 'test_error', 'the runner records it so');
        const [t] = portabilityReport(ds).targets;
        const [f] = t.functions;
        assert.equal(f.status, 'partial', 'wrong_result (and the rejected calls) fail, passes passes');
        assert.equal(f.cases.test_errors, 3);
        assert.ok(f.failures.every((x) => !x.case.startsWith('helper') && x.case !== 'undefined_name'));
        const report = await runCli(['report', '--db', db]);
        assert.match(report.stdout, /Broken tests/);
        assert.match(report.stdout, new RegExp(`${FILE_FUNCTION[framework].replace('.', '\\.')} +│ 3/\\d+`));

        // A bundle carries the outcome and its reason.
        const bundle = join(tempDir(), 'run.jsonl.gz');
        assert.equal((await runCli(['export', '--run', 'last', '--db', db, '--out', bundle])).code, 0);
        const other = tempDb();
        assert.equal((await runCli(['import', 'bundle', bundle, '--db', other])).code, 0);
        const copy = await Store.open(other);
        try {
          const [target] = await copy.targets();
          const again = (await copy.casesWithResults(target.id)).find((c) => c.name === 'helper_called_wrongly[n=3]')!.result!;
          assert.deepEqual([again.outcome, again.test_error], ['test_error', wrong.test_error]);
        } finally {
          await copy.close();
        }
      } finally {
        await store.close();
      }
    });
  }
});

describe('the cross-target rule: the same failure on the CPU reference', () => {
  const run: Run = { id: 1, created_at: '', finished_at: null, status: 'finished', origin: 'run', suite: 's', suite_path: null, suite_hash: null, portabench_version: 'x', fingerprint: '{}', options: '{}' };
  const target = (id: number, device: string, version: string | null): Target => ({ id, run_id: 1, framework: 'pytorch', framework_version: version, device, mode: 'eager', hardware: null, python: null, build: null, status: 'done', problem: null, calibration: null });
  const failing = (id: number, targetId: number, name: string, message: string, traceback = 'Traceback (most recent call last):\n  File "/x/site-packages/torch/nn/f.py", line 3, in f\n    raise ValueError(m)\nValueError: ' + message): CaseWithResult => ({
    id,
    target_id: targetId,
    file: 'torch.f.py',
    function: 'torch.f',
    name,
    params: '{}',
    line: null,
    result: { id, case_id: id, outcome: 'fail', category: 'other', error_type: 'ValueError', error_message: message, traceback, stdout: null, stderr: null, duration_ms: 1, cold_ms: null, n: null, median_ms: null, mean_ms: null, min_ms: null, iqr_ms: null, mad_ms: null, samples: null, worker_pid: 1, created_at: '', test_error: null },
  });

  it('a device failure that the CPU of the same version fails the same way is a test error on the device; a different one is not', () => {
    const cases = new Map<number, CaseWithResult[]>([
      [1, [failing(1, 1, 'a', 'bad shape at 0x7f00aa'), failing(2, 1, 'b', 'expected cpu tensor')]],
      [2, [failing(3, 2, 'a', 'bad shape at 0x7f11bb'), failing(4, 2, 'b', 'expected cuda tensor')]],
      [3, [failing(5, 3, 'a', 'bad shape at 0x7f11bb')]],
    ]);
    const ds = datasetOf('mem', [run], [target(1, 'cpu', '2.13.0'), target(2, 'cuda', '2.13.0'), target(3, 'cuda', '2.12.0')], cases);
    const outcome = (t: number, name: string) => ds.targets.find((x) => x.target.id === t)!.functions.get('torch.f')!.find((c) => c.name === name)!.result!;
    assert.equal(outcome(2, 'a').outcome, 'test_error');
    assert.equal(outcome(2, 'a').raw_outcome, 'fail');
    assert.match(outcome(2, 'a').test_error!, /^the same failure on the CPU reference \(pytorch\/cpu\/eager\): ValueError: bad shape at 0x…$/);
    assert.equal(outcome(2, 'b').outcome, 'fail', 'a different message is the device\'s own');
    assert.equal(outcome(1, 'a').outcome, 'fail', 'the reference itself keeps its failure');
    assert.equal(outcome(3, 'a').outcome, 'fail', 'another version has no reference');
  });
});

describe('the raising frame', () => {
  it('is the innermost frame of a Python traceback or of a pytest longrepr; only the test\'s own wrong calls and undefined names are its fault', () => {
    const py = 'Traceback (most recent call last):\n  File "/s/jax/jax.numpy.add.py", line 9, in c\n    y = helper(x, 2)\n        ^^^^^^^^^^^^\nTypeError: helper() takes 1 positional argument but 2 were given\n';
    assert.deepEqual(raisingFrame(py), { file: '/s/jax/jax.numpy.add.py', line: 9, source: 'y = helper(x, 2)' });
    assert.match(ownCodeError({ errorType: 'TypeError', message: 'helper() takes 1 positional argument but 2 were given', traceback: py })!, /^raised by the test's own code at jax\/jax\.numpy\.add\.py:9: TypeError/);
    // The framework's C function rejecting the arguments shows no frame of its own: still a failure.
    const c = py.replace('helper(x, 2)', 'torch.relu(x, 2)');
    assert.equal(ownCodeError({ errorType: 'TypeError', message: 'relu() takes 1 positional argument but 2 were given', traceback: c }), null);
    assert.equal(ownCodeError({ errorType: 'RuntimeError', message: '"addmm_impl_cpu_" not implemented for \'Half\'', traceback: py }), null);
    assert.equal(ownCodeError({ errorType: 'AssertionError', message: 'Not close', traceback: py }), null);
    const inside = `${py.split('TypeError')[0]}  File "/v/lib/python3.11/site-packages/jax/_src/numpy/lax_numpy.py", line 5, in helper\n    return f(x)\nTypeError: helper() takes 1 positional argument but 2 were given\n`;
    assert.equal(ownCodeError({ errorType: 'TypeError', message: 'helper() takes 1 positional argument but 2 were given', traceback: inside }), null, 'raised in the framework\'s frames');
    const pytest = '    def test(self):\n>       y = partial_timed(f, 1)\nE       TypeError: partial_timed() takes 1 positional argument but 2 were given\n\nsrc/t_test.py:7: TypeError';
    assert.deepEqual(raisingFrame(pytest), { file: 'src/t_test.py', line: 7, source: 'y = partial_timed(f, 1)' });
  });
});

// The foundation, end to end: real interpreters, real frameworks, a real SQLite store.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import BetterSqlite3 from '../src/store/sqlite-driver.js';
import { CaseResult, Listed } from '../src/runner/protocol.js';
import { WorkerProcess } from '../src/runner/worker-process.js';
import { CLI, ROOT, frameworkPython, runCli, tempDb, tempDir, writeSuite } from './helpers.js';

const TORCH_FILE = `
import os, signal, sys, time
import torch
from portabench import case
from portabench.testing import assert_close

FUNCTION = "torch.add"

@case(dtype=["float32", "float64"])
def adds(bench, device, dtype):
    x = torch.ones(4, dtype=getattr(torch, dtype), device=device)
    out = bench.measure(torch.add, x, x)
    assert_close(out, [2.0] * 4, dtype)

@case
def wrong_answer(bench, device):
    x = torch.ones(4)
    out = bench.measure(torch.add, x, x)
    assert_close(out, [2.5] * 4, "float32")

@case
def chatty(bench, device):
    print("x" * (10 * 1024 * 1024))
    print("END-OF-FLOOD")
    bench.measure(torch.add, torch.ones(2), torch.ones(2))

@case
def killed(bench, device):
    print("about to die", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)

@case
def after_kill(bench, device):
    bench.measure(torch.add, torch.ones(2), torch.ones(2))
`;

const HALF_SVD = `
import torch
from portabench import case

FUNCTION = "torch.linalg.svd"

@case(dtype=["float32", "float16"])
def svd(bench, device, dtype):
    a = torch.eye(4, dtype=getattr(torch, dtype), device=device)
    bench.measure(torch.linalg.svd, a)
`;

const SYNTAX_ERROR = `
from portabench import case
FUNCTION = "torch.broken"
def oops(:
    pass
`;

function db(path: string) {
  return new BetterSqlite3(path, { readonly: true });
}

function resultsOf(path: string) {
  const d = db(path);
  const rows = d
    .prepare(
      `select c.function, c.name, r.outcome, r.category, r.error_type, r.error_message, r.stdout, r.n, r.median_ms, r.cold_ms
       from results r join cases c on c.id = r.case_id order by r.id`,
    )
    .all() as Array<Record<string, any>>;
  d.close();
  return new Map(rows.map((r) => [`${r.function} ${r.name}`, r]));
}

describe('worker protocol', () => {
  it('lists and runs cases in a real PyTorch worker over its own file descriptors', async () => {
    const suite = writeSuite({ 'pytorch/torch.add.py': TORCH_FILE });
    const w = await WorkerProcess.start({ python: frameworkPython('pytorch'), framework: 'pytorch', device: 'cpu', mode: 'eager' });
    try {
      assert.equal(w.hello.framework, 'pytorch');
      assert.match(w.hello.version, /^2\.13\.0/);
      assert.ok(w.hello.devices.cpu);
      const file = join(suite, 'pytorch/torch.add.py');
      const listed = await w.request({ type: 'list', file }, 'listed', Listed, 60_000);
      assert.equal(listed.function, 'torch.add');
      const names = (listed.cases ?? []).map((c) => c.name);
      assert.deepEqual(names, ['adds[dtype=float32]', 'adds[dtype=float64]', 'wrong_answer', 'chatty', 'killed', 'after_kill']);
      const result = await w.request({ type: 'run', id: 7, file, case: 'adds[dtype=float64]' }, 'result', CaseResult, 60_000);
      assert.equal(result.id, 7);
      assert.equal(result.outcome, 'pass');
      const timings = result.timings;
      assert.equal(timings.length, 1);
      assert.ok(timings[0].samples_ms.length >= 5, 'at least min_reps warm samples');
      assert.ok(timings[0].cold_ms > 0);
    } finally {
      await w.stop();
    }
  });
});

describe('portabench run on real frameworks', () => {
  it('records passes, failures with categories, a broken file, a 10 MB flood and a killed worker, and goes on', async () => {
    const suite = writeSuite({ 'pytorch/torch.add.py': TORCH_FILE, 'pytorch/torch.linalg.svd.py': HALF_SVD, 'pytorch/torch.broken.py': SYNTAX_ERROR });
    const dbFile = tempDb();
    const run = await runCli(['run', '--suite', suite, '-f', 'pytorch', '-m', 'eager', '--db', dbFile, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const results = resultsOf(dbFile);

    assert.equal(results.get('torch.add adds[dtype=float32]')?.outcome, 'pass');
    const passed = results.get('torch.add adds[dtype=float64]')!;
    assert.equal(passed.outcome, 'pass');
    assert.ok(passed.n >= 5 && passed.median_ms > 0 && passed.cold_ms > 0, 'timings stored');

    const wrong = results.get('torch.add wrong_answer')!;
    assert.equal(wrong.outcome, 'fail');
    assert.equal(wrong.category, 'float_precision');

    const half = results.get('torch.linalg.svd svd[dtype=float16]')!;
    assert.equal(half.outcome, 'fail');
    assert.equal(half.category, 'not_implemented');
    assert.match(half.error_message, /Half/);
    assert.equal(results.get('torch.linalg.svd svd[dtype=float32]')?.outcome, 'pass');

    // the broken file: a clear message naming it; the other files still ran
    // its own record, not a fake case
    assert.ok(![...results.keys()].some((k) => k.includes('<collect>')));
    const d = db(dbFile);
    const broken = d.prepare('SELECT function, error_type, error_message FROM collection_errors').all() as Array<Record<string, string>>;
    d.close();
    assert.equal(broken.length, 1);
    assert.equal(broken[0].function, 'torch.broken');
    assert.equal(broken[0].error_type, 'SyntaxError');
    assert.match(broken[0].error_message, /torch\.broken\.py/);
    assert.match(run.stderr, /torch\.broken\.py/);

    // 10 MB on stdout: the case passes; what is kept is bounded and has both ends
    const chatty = results.get('torch.add chatty')!;
    assert.equal(chatty.outcome, 'pass');
    assert.ok(chatty.stdout.length < 200_000, `kept ${chatty.stdout.length} chars`);
    assert.match(chatty.stdout, /^x+/);
    assert.match(chatty.stdout, /END-OF-FLOOD/);

    // a worker killed mid-case: recorded as crash, and the next case ran in a fresh worker
    const killed = results.get('torch.add killed')!;
    assert.equal(killed.outcome, 'crash');
    assert.equal(killed.category, 'crash');
    assert.match(killed.error_message, /SIGKILL/);
    assert.equal(results.get('torch.add after_kill')?.outcome, 'pass');

    // the printed JSON report has the foundation shape
    const report = JSON.parse(run.stdout);
    const t = report.targets[0];
    assert.equal(t.framework, 'pytorch');
    assert.equal(t.device, 'cpu');
    assert.equal(t.mode, 'eager');
    assert.match(t.framework_version, /^2\.13\.0/);
    assert.ok(t.hardware);
    const byName = Object.fromEntries(t.functions.map((f: any) => [f.function, f]));
    assert.equal(byName['torch.add'].status, 'partial');
    assert.deepEqual(
      { passed: byName['torch.add'].cases.passed, failed: byName['torch.add'].cases.failed },
      { passed: 4, failed: 2 },
    );
    assert.equal(byName['torch.linalg.svd'].status, 'partial');
    assert.equal(byName['torch.broken'].status, 'not_run');
    assert.deepEqual(
      { pass: t.summary.pass, partial: t.summary.partial, complete: t.summary.complete, total: t.summary.total },
      { pass: 0, partial: 2, complete: 0, total: 3 },
    );
    assert.ok(byName['torch.add'].latency_ms.mean > 0);
    assert.ok(byName['torch.add'].failures.some((f: any) => f.category === 'float_precision'));
  });

  it('runs the smoke functions on PyTorch, JAX and TensorFlow, eager and compiled', async () => {
    const dir = tempDir();
    for (const [fw, file] of [
      ['pytorch', 'torch.cumprod.py'],
      ['jax', 'jax.numpy.cumprod.py'],
      ['tensorflow', 'tf.math.cumprod.py'],
    ]) {
      mkdirSync(join(dir, fw), { recursive: true });
      copyFileSync(join(ROOT, 'suites/smoke', fw, file), join(dir, fw, file));
    }
    const dbFile = tempDb();
    const run = await runCli(['run', '--suite', dir, '--db', dbFile, '--json', '--quiet']);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    const seen = report.targets.map((t: any) => `${t.framework}/${t.device}/${t.mode}`).sort();
    assert.deepEqual(seen, [
      'jax/cpu/compiled',
      'jax/cpu/eager',
      'pytorch/cpu/compiled',
      'pytorch/cpu/eager',
      'tensorflow/cpu/compiled',
      'tensorflow/cpu/eager',
    ]);
    for (const t of report.targets) {
      assert.equal(t.status, 'done', `${t.framework}/${t.mode}: ${t.problem}`);
      assert.equal(t.summary.total, 1);
      const f = t.functions[0];
      assert.ok(f.cases.passed > 0, `${t.framework}/${t.mode}: ${JSON.stringify(f.failures)}`);
    }
    // the report command reads the same store
    const text = await runCli(['report', '--db', dbFile]);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /tensorflow/);
    const csv = await runCli(['report', '--db', dbFile, '--format', 'csv']);
    assert.equal(csv.stdout.trim().split('\n').length, 7);
  });

  it('compiles cases that trace classes and functions of their own test file (torch.compile)', async () => {
    // torch.compile looks a traced function's module up by name: a test file must be
    // importable as a module, or every such case fails for the harness's sake
    const suite = writeSuite({
      'pytorch/torch.nn.Module.add_module.py': `
import torch
from portabench import case

FUNCTION = "torch.nn.Module.add_module"

class Scale(torch.nn.Module):
    def __init__(self, k):
        super().__init__()
        self.k = k

    def forward(self, x):
        return x * self.k

def build_and_run(x, k):
    m = torch.nn.Sequential()
    m.add_module("scale", Scale(k))
    return m(x)

@case(k=[2.0, 3.0])
def scaled(bench, device, k):
    out = bench.measure(build_and_run, torch.ones(3, device=device), k=k)
    assert torch.equal(out, torch.full((3,), k, device=device))
`,
    });
    const dbFile = tempDb();
    const run = await runCli(['run', '--suite', suite, '-f', 'pytorch', '-m', 'compiled', '--db', dbFile, '--quiet']);
    assert.equal(run.code, 0, run.stderr);
    const results = [...resultsOf(dbFile).values()];
    assert.deepEqual(
      results.map((r) => [r.name, r.outcome, r.error_message]),
      [
        ['scaled[k=2.0]', 'pass', null],
        ['scaled[k=3.0]', 'pass', null],
      ],
    );
  });

  it('keeps every result already written when the orchestrator is killed', async () => {
    const suite = writeSuite({
      'pytorch/torch.slow.py': `
import time, torch
from portabench import case
FUNCTION = "torch.add"

@case(i=list(range(40)))
def slow(bench, device, i):
    time.sleep(0.3)
    bench.measure(torch.add, torch.ones(2), torch.ones(2))
`,
    });
    const dbFile = tempDb();
    const child = spawn(process.execPath, [CLI, 'run', '--suite', suite, '-f', 'pytorch', '-m', 'eager', '--db', dbFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no results after 120 s: ${stderr}`)), 120_000);
      const poll = setInterval(() => {
        if ((stderr.match(/\bpass\b/g) ?? []).length >= 4) {
          clearInterval(poll);
          clearTimeout(timer);
          resolve();
        }
      }, 100);
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    const printed = (stderr.match(/\bpass\b/g) ?? []).length;
    const rows = resultsOf(dbFile);
    assert.ok(rows.size >= printed, `${rows.size} stored, ${printed} reported`);
    for (const r of rows.values()) assert.equal(r.outcome, 'pass');
    const d = db(dbFile);
    const integrity = d.prepare('pragma integrity_check').get() as Record<string, string>;
    d.close();
    assert.equal(Object.values(integrity)[0], 'ok');
  });
});

describe('interpreters and doctor', () => {
  it('doctor --json reports each framework with version, devices and modes', async () => {
    const res = await runCli(['doctor', '--json']);
    assert.equal(res.code, 0, res.stderr);
    const { frameworks } = JSON.parse(res.stdout);
    const names = frameworks.map((f: any) => f.name);
    assert.deepEqual(names, ['pytorch', 'jax', 'tensorflow']);
    for (const f of frameworks) {
      assert.equal(f.available, true, `${f.name}: ${f.problem}`);
      assert.ok(f.version);
      assert.ok(f.python);
      assert.ok(f.devices.includes('cpu'));
      assert.deepEqual(f.modes, ['eager', 'compiled']);
      assert.equal(f.problem, null);
    }
  });

  it('uses the interpreter a user names, and says what to do when it is wrong', async () => {
    const good = await runCli(['doctor', '--json', '-f', 'jax', '--python', `jax=${frameworkPython('jax')}`]);
    const jax = JSON.parse(good.stdout).frameworks[0];
    assert.equal(jax.source, 'flag');
    assert.equal(jax.available, true);

    const bad = await runCli(['doctor', '--json', '-f', 'pytorch', '--python', `pytorch=${frameworkPython('jax')}`]);
    assert.notEqual(bad.code, 0);
    const torch = JSON.parse(bad.stdout).frameworks[0];
    assert.equal(torch.available, false);
    assert.match(torch.problem, /No module named 'torch'/);
    assert.match(torch.hint, /install pytorch into/);

    const dir = tempDir();
    writeFileSync(join(dir, 'portabench.config.json'), JSON.stringify({ python: { jax: frameworkPython('jax') } }));
    const viaConfig = await runCli(['doctor', '--json', '-f', 'jax'], { cwd: dir });
    assert.equal(JSON.parse(viaConfig.stdout).frameworks[0].source, 'config');

    writeFileSync(join(dir, 'portabench.config.json'), JSON.stringify({ pyton: {} }));
    const badConfig = await runCli(['doctor'], { cwd: dir });
    assert.equal(badConfig.code, 1);
    assert.match(badConfig.stderr, /portabench\.config\.json is invalid/);
  });

  it('fails clearly on an unknown suite and on a missing database', async () => {
    const noSuite = await runCli(['run', '--suite', 'no-such-suite', '--db', tempDb()]);
    assert.equal(noSuite.code, 1);
    assert.match(noSuite.stderr, /no suite "no-such-suite"/);
    const noDb = await runCli(['report', '--db', join(tempDir(), 'missing.db')]);
    assert.equal(noDb.code, 1);
    assert.match(noDb.stderr, /no results database/);
  });
});

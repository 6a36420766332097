// `portabench suite check`: each case is really run once under a tracer, and the
// problems a suite author must fix are reported with file and line.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import BetterSqlite3 from '../src/store/sqlite-driver.js';
import { runCli, tempDb, writeSuite } from './helpers.js';

interface Problem {
  file: string;
  line: number | null;
  kind: string;
  case?: string;
  message: string;
  severity: string;
}
interface CheckJson {
  files: { file: string; status: string; function: string | null; cases: { name: string; outcome: string; timedCalls: number }[] }[];
  problems: Problem[];
  counts: { files: number; ok: number; problems: number; notWritten: number; errors: number };
  ok: boolean;
}

const HEADER = `import torch
from portabench import case
`;

const GOOD = {
  // a C function through functools.partial (kwargs), and inside a lambda
  'pytorch/torch.add.py': `${HEADER}
FUNCTION = "torch.add"

@case(dtype=["float32", "float64"])
def adds(bench, device, dtype):
    x = torch.ones(3, dtype=getattr(torch, dtype))
    assert bench.measure(torch.add, x, x, alpha=2).tolist() == [3.0] * 3

@case
def in_a_lambda(bench, device):
    assert bench.measure(lambda a: torch.add(a, 1), torch.zeros(2)).tolist() == [1.0, 1.0]
`,
  // a C method reached through an instance
  'pytorch/torch.Tensor.round.py': `${HEADER}
FUNCTION = "torch.Tensor.round"

@case(decimals=[0, 1])
def rounds(bench, device, decimals):
    out = bench.measure(lambda a: a.round(decimals=decimals), torch.tensor([0.25, 2.5]))
    assert out.tolist() == ([0.0, 2.0] if decimals == 0 else [0.2, 2.5])
`,
  // a Python class: calling the module runs its forward on an instance
  'pytorch/torch.nn.Linear.py': `${HEADER}
FUNCTION = "torch.nn.Linear"

@case(n=[1, 4])
def forward(bench, device, n):
    m = torch.nn.Linear(3, 2)
    assert tuple(bench.measure(m, torch.ones(n, 3)).shape) == (n, 2)
`,
  // a class implemented in C: seen through the stand-in the checker installs
  'pytorch/torch.device.py': `${HEADER}
FUNCTION = "torch.device"

@case(spec=["cpu", "cpu:0"])
def construct(bench, device, spec):
    assert bench.measure(lambda s: torch.device(s), spec).type == "cpu"
`,
  // a case skipped on this device is not a problem
  'pytorch/torch.cuda.synchronize.py': `${HEADER}
from portabench import skip
FUNCTION = "torch.cuda.synchronize"

@case
def runs(bench, device):
    if device.type != "cuda":
        skip("needs CUDA")
    bench.measure(torch.cuda.synchronize)

@case
def also_runs(bench, device):
    if device.type != "cuda":
        skip("needs CUDA")
    bench.measure(torch.cuda.synchronize)
`,
};

const BAD = {
  'pytorch/torch.abs.py': `${HEADER}
FUNCTION = "torch.abs"

@case
def broken(bench, device:
    pass
`,
  'pytorch/torch.neg.py': `${HEADER}

@case
def one(bench, device):
    bench.measure(torch.neg, torch.ones(1))

@case
def two(bench, device):
    bench.measure(torch.neg, torch.ones(2))
`,
  'pytorch/torch.exp.py': `${HEADER}
FUNCTION = "torch.exp"

@case
def only(bench, device):
    bench.measure(torch.exp, torch.ones(1))
`,
  'pytorch/torch.sin.py': `${HEADER}
FUNCTION = "torch.sin"

@case
def timed(bench, device):
    bench.measure(torch.sin, torch.ones(3))

@case
def times_cos(bench, device):
    bench.measure(torch.cos, torch.ones(3))

@case
def outside(bench, device):
    x = torch.ones(3)
    y = torch.sin(x)
    bench.measure(torch.clone, y)

@case
def untimed(bench, device):
    torch.sin(torch.ones(3))
`,
  'pytorch/torch.tan.py': `# Placeholder for torch.tan
FUNCTION = "torch.tan"
PORTABENCH_TODO = True
`,
  'pytorch/torch.nothing_here.py': `${HEADER}
FUNCTION = "torch.nothing_here"

@case(n=[1, 2])
def c(bench, device, n):
    bench.measure(torch.ones, n)
`,
};

// Cases that end, break or outlast their worker, between two good ones.
const BREAKS_WORKER = `import ctypes, os, sys, time
import torch
from portabench import case

FUNCTION = "torch.add"

@case
def before(bench, device):
    bench.measure(torch.add, torch.ones(2), torch.ones(2))

@case
def hang(bench, device):
    time.sleep(3600)

@case
def segfault(bench, device):
    ctypes.string_at(0)

@case
def scribble(bench, device):
    # the worker's own answer descriptor (moved above 200, out of a test's reach by accident)
    for fd in sorted(int(x) for x in os.listdir("/proc/self/fd")):
        if fd >= 200:
            try:
                os.write(fd, b"not an answer\\n")
            except OSError:
                pass
    bench.measure(torch.add, torch.ones(2), torch.ones(2))

@case
def soft_exit(bench, device):
    bench.measure(torch.add, torch.ones(2), torch.ones(2))
    sys.exit(3)

@case
def after(bench, device):
    bench.measure(torch.add, torch.ones(3), torch.ones(3))
`;

function problemsOf(res: CheckJson, file: string): Problem[] {
  return res.problems.filter((p) => p.file === file);
}

describe('portabench suite check', () => {
  it('passes a good suite, recognising C functions, C methods, Python and C classes, and skipped cases', async () => {
    const dir = writeSuite(GOOD);
    const r = await runCli(['suite', 'check', dir, '--json']);
    const res = JSON.parse(r.stdout) as CheckJson;
    assert.deepEqual(res.problems.filter((p) => p.severity === 'error'), [], r.stdout);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(res.counts.ok, 5);
    // both cases of the CUDA file were skipped here: said, as a warning
    assert.ok(problemsOf(res, 'pytorch/torch.cuda.synchronize.py').some((p) => p.kind === 'unverified' && p.severity === 'warning'));
  });

  it('checks JAX and TensorFlow files in their own interpreters, tf.* names included (the smoke suite)', async () => {
    const r = await runCli(['suite', 'check', 'smoke', '-f', 'jax', '-f', 'tensorflow', '--json']);
    const res = JSON.parse(r.stdout) as CheckJson;
    assert.deepEqual(res.problems, [], r.stdout);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(res.counts.ok, 10);
  });

  it('recognises a callable object, a method overridden in a subclass, and names reached through API namespaces', async () => {
    const dir = writeSuite({
      // jnp.add is a ufunc object, called here inside jax.grad
      'jax/jax.numpy.add.py': `import jax, jax.numpy as jnp
from portabench import case
FUNCTION = "jax.numpy.add"

@case(n=[2, 3])
def grad(bench, device, n):
    bench.measure(jax.grad(lambda a: jnp.add(a, a).sum()), jnp.ones(n))
`,
      // eager tensors run EagerTensor's get_shape, an override of tf.Tensor's;
      // tf.distribute is an API namespace, not the tensorflow/distribute package
      'tensorflow/tf.Tensor.get_shape.py': `import tensorflow as tf
from portabench import case
FUNCTION = "tf.Tensor.get_shape"

@case(n=[2, 3])
def shape(bench, device, n):
    bench.measure(lambda x: x.get_shape(), tf.ones((n,)))
`,
      'tensorflow/tf.distribute.InputContext.get_per_replica_batch_size.py': `import tensorflow as tf
from portabench import case
FUNCTION = "tf.distribute.InputContext.get_per_replica_batch_size"

@case(n=[8, 16])
def per_replica(bench, device, n):
    ctx = tf.distribute.InputContext(num_input_pipelines=1, input_pipeline_id=0, num_replicas_in_sync=2)
    assert bench.measure(ctx.get_per_replica_batch_size, n) == n // 2
`,
    });
    const r = await runCli(['suite', 'check', dir, '--json']);
    const res = JSON.parse(r.stdout) as CheckJson;
    assert.deepEqual(res.problems, [], r.stdout);
    assert.equal(res.counts.ok, 3);
  });

  it('reports each problem of a bad suite with its file and line, and fails', async () => {
    const dir = writeSuite(BAD);
    const r = await runCli(['suite', 'check', dir, '--json']);
    assert.equal(r.code, 1, r.stderr);
    const res = JSON.parse(r.stdout) as CheckJson;

    const syntax = problemsOf(res, 'pytorch/torch.abs.py');
    assert.equal(syntax.length, 1);
    assert.equal(syntax[0].kind, 'import');
    assert.equal(syntax[0].line, 7);
    assert.match(syntax[0].message, /SyntaxError/);

    const noFunction = problemsOf(res, 'pytorch/torch.neg.py');
    assert.deepEqual(noFunction.map((p) => p.kind), ['function']);
    assert.match(noFunction[0].message, /FUNCTION = /);

    const oneCase = problemsOf(res, 'pytorch/torch.exp.py');
    assert.deepEqual(oneCase.map((p) => [p.kind, p.line]), [['cases', 6]]);
    assert.match(oneCase[0].message, /has 1 case: at least two/);

    const sin = problemsOf(res, 'pytorch/torch.sin.py');
    const byCase = Object.fromEntries(sin.map((p) => [p.case, p]));
    assert.equal(byCase.timed, undefined, 'a case that times torch.sin is fine');
    assert.equal(byCase.times_cos.kind, 'not_timed');
    assert.equal(byCase.times_cos.line, 10);
    assert.match(byCase.times_cos.message, /torch\.sin is never called inside bench\.measure/);
    assert.equal(byCase.outside.kind, 'not_timed');
    assert.match(byCase.outside.message, /called at line 17, outside the timed region/);
    assert.equal(byCase.untimed.kind, 'no_timed_region');
    assert.equal(byCase.untimed.line, 20);

    const todo = problemsOf(res, 'pytorch/torch.tan.py');
    assert.deepEqual(todo.map((p) => [p.kind, p.line]), [['not_written', 3]]);
    assert.equal(res.files.find((f) => f.file === 'pytorch/torch.tan.py')?.status, 'not_written');

    const unresolvable = problemsOf(res, 'pytorch/torch.nothing_here.py');
    assert.deepEqual(unresolvable.map((p) => [p.kind, p.line]), [['function', 4]]);
    assert.match(unresolvable[0].message, /has no attribute 'nothing_here'/);

    assert.equal(res.counts.ok, 0);
    assert.equal(res.counts.notWritten, 1);

    // the text form names the file and line the way compilers do
    const text = await runCli(['suite', 'check', dir, '-q']);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /pytorch\/torch\.sin\.py:10: case times_cos: times something else/);
    assert.match(text.stdout, /pytorch\/torch\.tan\.py:3: not written yet/);
  });

  it('checks suite.json against the files', async () => {
    const dir = writeSuite({ 'pytorch/torch.add.py': GOOD['pytorch/torch.add.py'], 'pytorch/torch.exp.py': GOOD['pytorch/torch.add.py'].replaceAll('torch.add', 'torch.exp') });
    const entry = (fn: string) => ({ function: fn, framework: 'pytorch', file: `pytorch/${fn}.py`, stratum: 'decile', decile: 10, frequency: 1, status: 'active', reason: null, replaces: null, paper_test_file: null });
    writeFileSync(join(dir, 'suite.json'), JSON.stringify({ name: 'x', source: 'test', entries: [entry('torch.add'), entry('torch.mul')] }));
    const r = await runCli(['suite', 'check', dir, '--json']);
    assert.equal(r.code, 1);
    const res = JSON.parse(r.stdout) as CheckJson;
    const manifest = res.problems.filter((p) => p.kind === 'manifest').map((p) => p.message);
    assert.equal(manifest.length, 2, manifest.join('\n'));
    assert.ok(manifest.some((m) => /torch\.mul .*pytorch\/torch\.mul\.py, which does not exist/.test(m)));
    assert.ok(manifest.some((m) => /pytorch\/torch\.exp\.py has no entry/.test(m)));
  });

  it('reports a case that hangs, segfaults, scribbles on the answer pipe or calls sys.exit as a problem of that case, with the outcome run gives it', async () => {
    const file = 'pytorch/torch.add.py';
    const dir = writeSuite({ [file]: BREAKS_WORKER });
    const r = await runCli(['suite', 'check', dir, '--json', '--timeout', '4']);
    assert.equal(r.code, 1, r.stderr);
    const res = JSON.parse(r.stdout) as CheckJson;
    const problems = problemsOf(res, file);
    assert.ok(!problems.some((p) => p.kind === 'checker'), `each case is reported, not a crashed check: ${JSON.stringify(problems)}`);
    const byCase = Object.fromEntries(problems.map((p) => [p.case, p]));
    assert.equal(byCase.before, undefined);
    assert.equal(byCase.after, undefined, 'a fresh worker runs the case after the broken ones');
    assert.deepEqual([byCase.hang.kind, byCase.hang.line], ['timeout', 11]);
    assert.match(byCase.hang.message, /did not finish within 4 s/);
    assert.deepEqual([byCase.segfault.kind, byCase.segfault.line], ['crash', 15]);
    assert.match(byCase.segfault.message, /SIGSEGV/);
    assert.equal(byCase.scribble.kind, 'crash');
    assert.match(byCase.scribble.message, /protocol violation.*not an answer/);
    // sys.exit is a crash, as in run, found at the line that called it; its timed call was seen first
    assert.deepEqual([byCase.soft_exit.kind, byCase.soft_exit.line, byCase.soft_exit.severity], ['crash', 33, 'error']);
    assert.match(byCase.soft_exit.message, /sys\.exit\(3\).*status 3/);
    assert.doesNotMatch(byCase.soft_exit.message, /could not be checked/);
    assert.equal(problems.length, 4, JSON.stringify(problems));

    // the same file run: every case has the outcome suite check gave it
    const db = tempDb();
    const ran = await runCli(['run', '--suite', dir, '-f', 'pytorch', '-m', 'eager', '--db', db, '--timeout', '4', '--timing', 'none', '--quiet']);
    assert.ok([0, 1].includes(ran.code ?? -1), ran.stderr);
    const sql = new BetterSqlite3(db, { readonly: true });
    const stored = Object.fromEntries((sql.prepare('SELECT c.name, r.outcome FROM cases c JOIN results r ON r.case_id = c.id').all() as { name: string; outcome: string }[]).map((x) => [x.name, x.outcome]));
    sql.close();
    const checked = Object.fromEntries(res.files[0].cases.map((c) => [c.name, c.outcome]));
    assert.deepEqual(checked, { before: 'pass', hang: 'timeout', segfault: 'crash', scribble: 'crash', soft_exit: 'crash', after: 'pass' });
    assert.deepEqual(stored, checked);
  });
});

describe('portabench suite check: what a test does to others and to itself', () => {
  it("warns of a case that leaks process state, and reports a case failing in its own code as a test error, not the target's", async () => {
    const file = 'pytorch/torch.exp.py';
    const dir = writeSuite({
      [file]: `${HEADER}
FUNCTION = "torch.exp"

def helper(x):
    return x

@case
def leaks(bench, device):
    torch.set_default_dtype(torch.float64)
    bench.measure(torch.exp, torch.zeros(2))

@case
def broken(bench, device):
    bench.measure(torch.exp, helper(torch.zeros(2), 3))

@case
def fine(bench, device):
    assert bench.measure(torch.exp, torch.zeros(2)).dtype == torch.float32
`,
    });
    const r = await runCli(['suite', 'check', dir, '--json']);
    const res = JSON.parse(r.stdout) as CheckJson;
    const problems = res.problems.filter((p) => p.file === file);
    const byCase = Object.fromEntries(problems.map((p) => [p.case, p]));
    assert.deepEqual([byCase.leaks?.kind, byCase.leaks?.severity], ['leaks_state', 'warning'], JSON.stringify(problems));
    assert.match(byCase.leaks.message, /default dtype.*float64/);
    assert.deepEqual([byCase.broken?.kind, byCase.broken?.severity], ['test_error', 'error'], JSON.stringify(problems));
    assert.match(byCase.broken.message, /helper\(\) takes 1 positional argument but 2 were given.*test error/);
    assert.equal(byCase.fine, undefined, 'the case after the leaky one sees the default dtype set back');
    assert.equal(res.files[0].cases.find((c) => c.name === 'broken')?.outcome, 'test_error');
    assert.equal(r.code, 1, 'a test error fails the check');
  });
});

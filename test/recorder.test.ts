// The operator recorder (python/portabench/recorder.py) in the real frameworks, the ops a
// run records per case (results.ops), and trace-api's "no device work" (function_ops).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { namesOp } from '../src/check/predict.js';
import { Store } from '../src/store/store.js';
import { loadFunctionTraces } from '../src/trace/store.js';
import { frameworkPython, ROOT, runCli, tempDb, writeSuite } from './helpers.js';

/** Run `code` in the framework's interpreter with portabench's Python side importable; its last stdout line as JSON. */
function py(framework: string, code: string): unknown {
  const r = spawnSync(frameworkPython(framework), ['-c', code], { env: { ...process.env, PYTHONPATH: join(ROOT, 'python'), JAX_PLATFORMS: 'cpu', TF_CPP_MIN_LOG_LEVEL: '3' }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

describe('the operator recorder', () => {
  test('PyTorch: the ATen overloads below autograd, also of a call that fails', () => {
    const r = py(
      'pytorch',
      `import json, torch
from portabench.recorder import record
x, w, b = torch.rand(4, 3), torch.rand(2, 3), torch.rand(2)
_, linear = record("pytorch", torch.nn.functional.linear, x, w, b)
_, add = record("pytorch", lambda: x + 1)
_, none = record("pytorch", torch.jit.is_scripting)
try:
    record("pytorch", torch.linalg.svd, torch.rand(4, 4, dtype=torch.float16))
except NotImplementedError as e:
    failed = [e.portabench_ops, str(e)]
print(json.dumps({"linear": linear, "add": add, "none": none, "failed": failed}))`,
    ) as { linear: string[]; add: string[]; none: string[]; failed: [string[], string] };
    assert.ok(r.linear.includes('aten::addmm'), JSON.stringify(r.linear));
    assert.deepEqual(r.add, ['aten::add.Tensor'], 'a non-default overload keeps its name');
    assert.deepEqual(r.none, []);
    assert.deepEqual(r.failed[0], ['aten::_linalg_svd'], 'the op a failing call died in');
    assert.match(r.failed[1], /linalg_svd_cpu/);
  });

  test('JAX: jaxpr primitives, into sub-jaxprs; an array made from host data is a transfer', () => {
    const r = py(
      'jax',
      `import json, jax, jax.numpy as jnp, numpy as np
from portabench.recorder import record
x = np.ones((3, 4), np.float32)
_, s = record("jax", jnp.sum, x)
_, scan = record("jax", lambda: jax.lax.scan(lambda c, v: (c + v, jnp.sin(v)), 0.0, jnp.arange(3.0)))
_, tree = record("jax", lambda: jax.tree.map(lambda a: a, x))
_, arr = record("jax", lambda: jnp.array([1.0, 2.0]))
print(json.dumps({"sum": s, "scan": scan, "tree": tree, "array": arr}))`,
    ) as Record<string, string[]>;
    assert.deepEqual(r.sum, ['reduce_sum']);
    assert.ok(r.scan.includes('scan') && r.scan.includes('sin'), JSON.stringify(r.scan));
    assert.deepEqual(r.tree, []);
    assert.deepEqual(r.array, ['device_put']);
  });

  test('TensorFlow: the op types of a tf.function graph of the call', () => {
    const r = py(
      'tensorflow',
      `import json, tensorflow as tf
from portabench.recorder import record
x = tf.ones((3, 4))
_, s = record("tensorflow", tf.reduce_sum, x)
_, n = record("tensorflow", lambda: tf.nest.flatten([1, [2]]))
print(json.dumps({"sum": s, "nest": n}))`,
    ) as Record<string, string[]>;
    assert.ok(r.sum.includes('Sum'), JSON.stringify(r.sum));
    assert.deepEqual(r.nest, []);
  });
});

describe('ops per case and trace-api', () => {
  test('run --record-ops stores each case\'s operators, also of a case that fails', async () => {
    const suite = writeSuite({
      'pytorch/torch.linalg.svd.py': [
        'import torch',
        'from portabench import case',
        'FUNCTION = "torch.linalg.svd"',
        '@case(dtype=["float32", "float16"])',
        'def square(bench, device, dtype):',
        '    a = torch.rand(8, 8, device=device, dtype=getattr(torch, dtype))',
        '    bench.measure(torch.linalg.svd, a)',
        '',
      ].join('\n'),
    });
    const db = tempDb();
    const run = await runCli(['run', '--suite', suite, '-f', 'pytorch', '-m', 'eager', '--db', db, '--timing', 'none', '--record-ops', '-q']);
    assert.equal(run.code, 0, run.stderr);
    const store = await Store.open(db);
    try {
      const rows = await store.db.selectFrom('results').innerJoin('cases', 'cases.id', 'results.case_id').select(['cases.name', 'results.outcome', 'results.ops']).execute();
      const by = Object.fromEntries(rows.map((r) => [r.name, r]));
      assert.equal(by['square[dtype=float32]'].outcome, 'pass');
      assert.deepEqual(JSON.parse(by['square[dtype=float32]'].ops!), ['aten::_linalg_svd']);
      assert.equal(by['square[dtype=float16]'].outcome, 'fail');
      assert.deepEqual(JSON.parse(by['square[dtype=float16]'].ops!), ['aten::_linalg_svd']);
    } finally {
      await store.close();
    }
  });

  test('trace-api: a function that dispatches nothing does no device work; one that cannot be called, or kills the tracer, says why', async () => {
    const db = tempDb();
    const r = await runCli(['trace-api', '-f', 'pytorch', '--functions', 'os.abort,torch.jit.is_scripting,torch.nn.functional.linear,torch.nn.ReLU,torch.no_such_function', '--db', db, '--json', '-q']);
    assert.equal(r.code, 0, r.stderr);
    const store = await Store.open(db);
    try {
      const { version, traces } = await loadFunctionTraces(store.db, 'pytorch');
      assert.match(version ?? '', /^2\./);
      assert.deepEqual([traces.get('torch.jit.is_scripting')?.deviceWork, traces.get('torch.jit.is_scripting')?.ops], [false, []]);
      assert.equal(traces.get('torch.nn.functional.linear')?.deviceWork, true);
      assert.ok(traces.get('torch.nn.ReLU')?.ops?.includes('aten::relu'), 'a layer is constructed, then called');
      const missing = traces.get('torch.no_such_function')!;
      assert.equal(missing.deviceWork, null);
      assert.match(missing.error ?? '', /no attribute 'no_such_function'/);
      assert.match(traces.get('os.abort')?.error ?? '', /the call ended the tracer \(killed by SIGABRT\)/, 'tracing went on after it');
    } finally {
      await store.close();
    }
  });
});

test('which operator a real error names (the rule predicted failures rest on)', () => {
  assert.ok(namesOp(`"linalg_svd_cpu" not implemented for 'Half'`, 'aten::_linalg_svd'));
  assert.ok(namesOp(`Could not run 'aten::add.Tensor' with arguments from the 'Meta' backend.`, 'aten::add.Tensor'));
  assert.ok(namesOp(`No registered 'Sum' OpKernel for 'GPU' devices compatible with node`, 'Sum'));
  assert.ok(namesOp(`MLIR translation rule for primitive 'cumsum' not found for platform tpu`, 'cumsum'));
  assert.ok(!namesOp(`Could not run 'aten::addmm' with arguments from the 'Meta' backend.`, 'aten::add.Tensor'));
  assert.ok(!namesOp(`No registered 'SumV2' OpKernel`, 'Sum'));
});

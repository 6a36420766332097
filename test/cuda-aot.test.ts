// Deviceless compilation for an NVIDIA GPU (issue 17): mode aot with the CUDA PJRT plugin
// of .venvs/jax-aot compiles a case's call for sm_90 (a target config of an H100, no GPU, no
// CUDA libraries, no network): a float4 dot is rejected by the compiler as no GEMM takes it,
// a float32 matmul compiles and carries its flops and bytes; eig, whose lowering needs
// cuSOLVER itself, is a skip that says so. (A float4 dot of 64 x 64 or less
// compiles: XLA emits small dots as fusions, not GEMMs; 128 x 128 goes to a GEMM.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import BetterSqlite3 from '../src/store/sqlite-driver.js';
import { ROOT, runCli, tempDb, writeSuite } from './helpers.js';

const AOT_PYTHON = join(process.env.PORTABENCH_VENVS ?? join(ROOT, '.venvs'), 'jax-aot', 'bin', 'python');
const HAS_PLUGIN = existsSync(AOT_PYTHON) && spawnSync(AOT_PYTHON, ['-c', 'import jax_plugins.xla_cuda12'], { encoding: 'utf8' }).status === 0;
const SKIP = HAS_PLUGIN ? false : `no CUDA PJRT plugin in ${AOT_PYTHON}: run "npx portabench setup --with aot" to compile for NVIDIA GPUs without one`;

interface Row {
  hardware: string;
  name: string;
  outcome: string;
  category: string | null;
  error_message: string | null;
  n: number | null;
  analysis: string | null;
}

function rows(db: string): Row[] {
  const sql = new BetterSqlite3(db, { readonly: true });
  try {
    return sql
      .prepare(
        `SELECT t.hardware, c.name, r.outcome, r.category, r.error_message, r.n, r.analysis
         FROM results r JOIN cases c ON c.id = r.case_id JOIN targets t ON t.id = c.target_id`,
      )
      .all() as Row[];
  } finally {
    sql.close();
  }
}

describe('jax aot for cuda: XLA\'s GPU compiler for an architecture this machine lacks', { skip: SKIP }, () => {
  it('sm_90: a float4_e2m1fn dot is a type_failure, a float32 matmul compiles with flops and bytes, the worker sees only loopback', async () => {
    const dir = writeSuite({
      'jax/jax.numpy.matmul.py': `import socket
import jax.numpy as jnp
from portabench import case

FUNCTION = "jax.numpy.matmul"

@case(dtype=["float32", "float4_e2m1fn"])
def square(bench, device, dtype):
    x = jnp.ones((128, 128), dtype=dtype)
    bench.measure(jnp.matmul, x, x)

@case
def offline(bench, device):
    names = sorted(n for _, n in socket.if_nameindex())
    assert names == ["lo"], f"network interfaces seen: {names}"
    bench.measure(jnp.matmul, jnp.ones((2, 2)), jnp.ones((2, 2)))
`,
      'jax/jax.lax.linalg.eig.py': `import jax
import jax.numpy as jnp
from portabench import case

FUNCTION = "jax.lax.linalg.eig"

@case
def eig(bench, device):
    bench.measure(jax.lax.linalg.eig, jnp.eye(3))
`,
    });
    const db = tempDb();
    const r = await runCli(['run', '--suite', dir, '-f', 'jax', '-d', 'cuda', '-m', 'aot', '--aot-target', 'sm_90', '--db', db, '-q']);
    assert.equal(r.code, 0, r.stderr);
    const got = Object.fromEntries(rows(db).map((x) => [x.name, x]));
    const f32 = got['square[dtype=float32]'];
    assert.match(f32.hardware, /^NVIDIA H100 80GB HBM3 \(sm_90\) \(compiled by jax-cuda12-plugin \d[\d.]*, ptxas \d+\.\d+\.\d+\)$/);
    assert.equal(f32.outcome, 'pass', f32.error_message ?? '');
    assert.ok(!f32.n, 'nothing is timed');
    const analysis = JSON.parse(f32.analysis ?? '{}') as Record<string, number>;
    assert.ok(analysis.flops >= 2 * 128 ** 3, JSON.stringify(analysis));
    assert.ok(analysis.bytes_accessed >= 3 * 128 * 128 * 4, JSON.stringify(analysis));
    assert.equal(analysis.argument_bytes, 2 * 128 * 128 * 4, JSON.stringify(analysis));
    const fp4 = got['square[dtype=float4_e2m1fn]'];
    assert.deepEqual([fp4.outcome, fp4.category], ['fail', 'type_failure'], fp4.error_message ?? '');
    assert.match(fp4.error_message ?? '', /GEMM is not supported by cublasLt/);
    // eig's cuda lowering asks cuSOLVER for its version: absent without a GPU's libraries, not the device's failure
    assert.equal(got.eig.outcome, 'skip', got.eig.error_message ?? '');
    assert.match(got.eig.error_message ?? '', /asks a CUDA runtime library for its version/);
    assert.equal(got.offline.outcome, 'pass', `the aot worker has a network: ${got.offline.error_message}`);

    const doc = await runCli(['doctor', '-f', 'jax']);
    assert.match(doc.stdout, /aot: +for cuda sm_80, sm_90, sm_100/);
  });

  it('one run compiles for a TPU generation and an NVIDIA architecture (one target per device)', async () => {
    const dir = writeSuite({
      'jax/jax.numpy.add.py': `import jax.numpy as jnp
from portabench import case

FUNCTION = "jax.numpy.add"

@case
def add(bench, device):
    bench.measure(jnp.add, jnp.ones(8), jnp.ones(8))
`,
    });
    const db = tempDb();
    const r = await runCli(['run', '--suite', dir, '-f', 'jax', '-d', 'tpu', '-d', 'cuda', '-m', 'aot', '--aot-target', 'v5e,sm_90', '--db', db, '-q']);
    assert.equal(r.code, 0, r.stderr);
    const got = rows(db).map((x) => `${x.hardware.replace(/ \(compiled by .*/, '')}: ${x.outcome}`).sort();
    assert.deepEqual(got, ['NVIDIA H100 80GB HBM3 (sm_90): pass', 'TPU v5 lite: pass']);
    // several generations of one device (--aot-target v4,v5e) give a run each: test/deviceless.test.ts
  });

  it('an unknown architecture is refused with the ones known', async () => {
    const r = await runCli(['run', '--suite', 'smoke', '-f', 'jax', '-d', 'cuda', '-m', 'aot', '--aot-target', 'sm_75', '--db', tempDb(), '-q']);
    assert.match(r.stdout + r.stderr, /unknown --aot-target 'sm_75' for cuda; known: sm_80, sm_90, sm_100/);
  });
});

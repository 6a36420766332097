// Deviceless evidence (issue 17): JAX's "lower" mode applies a platform's lowering rules on
// this CPU-only machine, so a TPU or a GPU target says what JAX cannot express for it,
// labelled as not measured and never run unless named.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import BetterSqlite3 from '../src/store/sqlite-driver.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDb, tempDir, writeSuite } from './helpers.js';

interface Row {
  device: string;
  mode: string;
  hardware: string;
  function: string;
  name: string;
  outcome: string;
  category: string | null;
  error_message: string | null;
  n: number | null;
}

function rows(db: string): Row[] {
  const sql = new BetterSqlite3(db, { readonly: true });
  try {
    return sql
      .prepare(
        `SELECT t.device, t.mode, t.hardware, c.function, c.name, r.outcome, r.category, r.error_message, r.n
         FROM results r JOIN cases c ON c.id = r.case_id JOIN targets t ON t.id = c.target_id`,
      )
      .all() as Row[];
  } finally {
    sql.close();
  }
}

describe('jax lower: a platform\'s lowering rules, without the device', () => {
  it('eig lowers for cuda and is rejected for tpu; nothing is timed; the report says it is not measured', async () => {
    const db = tempDb();
    const r = await runCli(['run', '--suite', 'jax-harnesses', '-f', 'jax', '-d', 'tpu', '-d', 'cuda', '-m', 'lower', '--db', db, '-q'], {
      env: { PORTABENCH_OPS: 'eig,cos', PORTABENCH_DTYPES: 'float32' },
    });
    assert.equal(r.code, 0, r.stderr);
    const all = rows(db);
    assert.deepEqual([...new Set(all.map((x) => `${x.device}/${x.mode}`))].sort(), ['cuda/lower', 'tpu/lower']);
    const eigTpu = all.filter((x) => x.device === 'tpu' && x.function === 'jax.lax.linalg.eig');
    assert.ok(eigTpu.length > 0);
    for (const x of eigTpu) {
      assert.deepEqual([x.outcome, x.category], ['fail', 'not_implemented'], x.name);
      assert.match(x.error_message ?? '', /eig.*not found for platform tpu/);
    }
    assert.ok(all.filter((x) => x.device === 'cuda' && x.function === 'jax.lax.linalg.eig').every((x) => x.outcome === 'pass'));
    assert.ok(all.filter((x) => x.function === 'jax.lax.cos').every((x) => x.outcome === 'pass'));
    assert.ok(all.every((x) => !x.n), 'nothing is timed in a deviceless mode');
    assert.match(all.find((x) => x.device === 'tpu')!.hardware, /tpu lowering rules of jax \d/);

    const rep = await runCli(['report', '--db', db]);
    assert.equal(rep.code, 0, rep.stderr);
    assert.match(rep.stdout.replace(/\s+/g, ' '), /Rows in mode "lower" are not measured/);

    // check answers a user's eig call for the TPU with this level, never as measured
    const code = tempDir('portabench-lower-code-');
    writeFileSync(join(code, 'solve.py'), 'import jax\nimport jax.numpy as jnp\n\nw, v = jax.lax.linalg.eig(jnp.eye(3))\nc = jax.lax.cos(jnp.ones(3))\n');
    const chk = await runCli(['check', code, '--target', 'jax/tpu/lower', '--db', db, '--format', 'json']);
    const sites = (JSON.parse(chk.stdout) as { files: Array<{ sites: Array<{ function: string; verdicts: Array<{ status: string; kind: string }> }> }> }).files.flatMap((f) => f.sites);
    const eig = sites.find((x) => x.function === 'jax.lax.linalg.eig')!;
    assert.deepEqual([eig.verdicts[0].status, eig.verdicts[0].kind], ['fails', 'compiled'], chk.stdout);
    const cos = sites.find((x) => x.function === 'jax.lax.cos')!;
    assert.deepEqual([cos.verdicts[0].status, cos.verdicts[0].kind], ['runs', 'compiled']);
  });

  it('runs only when named, and a case that never calls bench.measure compiles nothing: a skip, not a pass', async () => {
    const dir = writeSuite({
      'jax/jax.numpy.cos.py': `import jax.numpy as jnp
from portabench import case

FUNCTION = "jax.numpy.cos"

@case
def timed(bench, device):
    bench.measure(jnp.cos, jnp.ones(3))

@case
def untimed(bench, device):
    assert float(jnp.cos(0.0)) == 1.0
`,
    });
    const plain = tempDb();
    const r1 = await runCli(['run', '--suite', dir, '-f', 'jax', '--timing', 'none', '--db', plain, '-q']);
    assert.equal(r1.code, 0, r1.stderr);
    assert.ok(rows(plain).every((x) => x.mode !== 'lower'), 'a run that does not name the mode has no deviceless target');
    const db = tempDb();
    const r2 = await runCli(['run', '--suite', dir, '-f', 'jax', '-d', 'tpu', '-m', 'lower', '--db', db, '-q']);
    assert.equal(r2.code, 0, r2.stderr);
    const got = Object.fromEntries(rows(db).map((x) => [x.name, [x.outcome, x.error_message]]));
    assert.equal(got.timed[0], 'pass');
    assert.equal(got.untimed[0], 'skip');
    assert.match(String(got.untimed[1]), /never called bench\.measure: nothing was compiled for tpu/);
  });
});

describe("jax aot: the real TPU compiler for a generation this machine lacks, without a network", () => {
  it('a uint64 matmul and eig are rejected for TPU v5e, a float32 matmul compiles with its flops and bytes, and the worker sees only loopback', async () => {
    const dir = writeSuite({
      'jax/jax.numpy.matmul.py': `import socket
import jax.numpy as jnp
from portabench import case

FUNCTION = "jax.numpy.matmul"

@case(dtype=["float32", "uint64"])
def square(bench, device, dtype):
    x = jnp.ones((64, 64), dtype=dtype)
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

@case(n=[3, 5])
def eig(bench, device, n):
    bench.measure(jax.lax.linalg.eig, jnp.eye(n))
`,
    });
    const db = tempDb();
    const r = await runCli(['run', '--suite', dir, '-f', 'jax', '-d', 'tpu', '-m', 'aot', '--aot-target', 'v5e', '--db', db, '-q']);
    assert.equal(r.code, 0, r.stderr);
    const all = rows(db);
    const got = Object.fromEntries(all.map((x) => [x.name, x]));
    assert.match(got['square[dtype=float32]'].hardware, /^TPU v5 lite \(compiled by libtpu /);
    assert.equal(got['square[dtype=float32]'].outcome, 'pass');
    assert.deepEqual([got['square[dtype=uint64]'].outcome, got['square[dtype=uint64]'].category], ['fail', 'not_implemented']);
    assert.match(got['square[dtype=uint64]'].error_message ?? '', /X\{?64/);
    assert.equal(got.offline.outcome, 'pass', `the aot worker has a network: ${got.offline.error_message}`);
    for (const n of ['eig[n=3]', 'eig[n=5]']) assert.deepEqual([got[n].outcome, got[n].category], ['fail', 'not_implemented'], got[n].error_message ?? '');
    const sql = new BetterSqlite3(db, { readonly: true });
    const analysis = JSON.parse((sql.prepare("SELECT r.analysis FROM results r JOIN cases c ON c.id = r.case_id WHERE c.name = 'square[dtype=float32]'").get() as { analysis: string }).analysis) as Record<string, number>;
    sql.close();
    assert.equal(analysis.flops, 2 * 64 ** 3, JSON.stringify(analysis));
    assert.ok(analysis.bytes_accessed >= 3 * 64 * 64 * 4, JSON.stringify(analysis));
  });

  it('an unknown generation is refused with the ones known', async () => {
    const r = await runCli(['run', '--suite', 'smoke', '-f', 'jax', '-d', 'tpu', '-m', 'aot', '--aot-target', 'v9z', '--db', tempDb(), '-q']);
    assert.match(r.stdout + r.stderr, /unknown --aot-target 'v9z' for tpu; known: v4, v5e, v5p, v6e/);
  });
});

/**
 * Evidence lifted from operators onto a compile-only target (issue 19): functions with no case
 * of their own on jax/tpu/aot are predicted from the primitives other cases compiled there
 * recorded, while the CPU keeps its measured verdict.
 */
describe('check on a compile-only target: predictions from what compiled for TPU v5e', () => {
  it('jax.numpy.sum is measured on the CPU and predicted to run on TPU v5e (reduce_sum compiled there); eigvals is predicted to fail, naming eig', async () => {
    const lines = (...l: string[]) => [...l, ''].join('\n');
    const cpuSuite = writeSuite({
      'jax/jax.numpy.sum.py': lines('import jax.numpy as jnp', 'from portabench import case', 'FUNCTION = "jax.numpy.sum"', '@case(n=[8])', 'def vector(bench, device, n):', '    assert float(bench.measure(jnp.sum, jnp.ones(n))) == n'),
    });
    const tpuSuite = writeSuite({
      'jax/jax.numpy.mean.py': lines('import jax.numpy as jnp', 'from portabench import case', 'FUNCTION = "jax.numpy.mean"', '@case(n=[8])', 'def vector(bench, device, n):', '    bench.measure(jnp.mean, jnp.ones((n, n)))'),
      'jax/jax.lax.linalg.eig.py': lines('import jax', 'import jax.numpy as jnp', 'from portabench import case', 'FUNCTION = "jax.lax.linalg.eig"', '@case(n=[3])', 'def eig(bench, device, n):', '    bench.measure(jax.lax.linalg.eig, jnp.eye(n))'),
    });
    const db = tempDb();
    const cpu = await runCli(['run', '--suite', cpuSuite, '-f', 'jax', '-d', 'cpu', '-m', 'eager', '--timing', 'none', '--record-ops', '--db', db, '-q']);
    assert.equal(cpu.code, 0, cpu.stderr);
    const tpu = await runCli(['run', '--suite', tpuSuite, '-f', 'jax', '-d', 'tpu', '-m', 'aot', '--aot-target', 'v5e', '--record-ops', '--db', db, '-q']);
    assert.equal(tpu.code, 0, tpu.stderr);
    const src = tempDir();
    writeFileSync(join(src, 'model.py'), lines('import jax.numpy as jnp', '', 'def score(x, m):', '    return jnp.sum(x), jnp.linalg.eigvals(m)'));
    const traced = await runCli(['trace-api', '-f', 'jax', '--from', src, '--db', db, '-q']);
    assert.equal(traced.code, 0, traced.stderr);
    const c = await runCli(['check', src, '--target', 'jax/cpu', '--target', 'jax/tpu/aot', '--db', db, '--format', 'json']);
    assert.equal(c.code, 0, c.stderr);
    const json = JSON.parse(c.stdout) as { functions: Array<{ function: string; verdicts: Array<{ target: string; status: string; kind: string; note?: string }> }> };
    const verdict = (fn: string, target: RegExp) => {
      const f = json.functions.find((x) => x.function === fn);
      assert.ok(f, `${fn} checked; functions: ${json.functions.map((x) => x.function).join(', ')}`);
      const v = f.verdicts.find((x) => target.test(x.target));
      assert.ok(v, `${fn} has a verdict for ${target}; it has: ${f.verdicts.map((x) => x.target).join(', ')}`);
      return v;
    };
    assert.deepEqual(['status', 'kind'].map((k) => verdict('jax.numpy.sum', /^jax\/cpu\/eager/)[k as 'kind']), ['runs', 'measured']);
    const sum = verdict('jax.numpy.sum', /^jax\/tpu\/aot@TPU v5 lite/);
    assert.deepEqual([sum.status, sum.kind], ['runs', 'predicted'], sum.note);
    assert.match(sum.note ?? '', /reduce_sum/);
    const eig = verdict('jax.numpy.linalg.eigvals', /^jax\/tpu\/aot/);
    assert.deepEqual([eig.status, eig.kind], ['fails', 'predicted'], eig.note);
    assert.match(eig.note ?? '', /\beig\b/);
  });
});

/**
 * The atlas's own suite (issue 17): a slice of jax-harnesses compiled in one run for a TPU
 * generation and an NVIDIA architecture, neither of which this machine has.
 */
describe('jax-harnesses compiled for TPU v5e and sm_90 in one run', () => {
  it('eig and 64-bit dots are rejected for the TPU, an int32 GEMM into float64 for sm_90; a compiler abort is a crash of its case only; passing dots carry flops', async () => {
    const db = tempDb();
    const r = await runCli(['run', '--suite', 'jax-harnesses', '-f', 'jax', '-d', 'tpu', '-d', 'cuda', '-m', 'aot', '--aot-target', 'v5e,sm_90', '--db', db, '-q'], { env: { PORTABENCH_OPS: 'eig,dot_general', PORTABENCH_SLICE: '::8' } });
    assert.equal(r.code, 0, r.stderr);
    const all = rows(db);
    const on = (device: string) => all.filter((x) => x.device === device);
    const tpuEig = on('tpu').filter((x) => x.function === 'jax.lax.linalg.eig' && x.outcome !== 'skip');
    assert.ok(tpuEig.length >= 3);
    for (const x of tpuEig) assert.deepEqual([x.outcome, x.category], ['fail', 'not_implemented'], `${x.name}: ${x.error_message}`);
    assert.ok(on('tpu').some((x) => /int64|uint64/.test(x.name) && x.category === 'not_implemented' && /X\{64/.test(x.error_message ?? '')));
    assert.ok(on('cuda').some((x) => x.category === 'type_failure' && /GEMM is not supported by cublasLt/.test(x.error_message ?? '')));
    // eig's cuda lowering asks cuSOLVER, absent here: a skip, never the GPU's failure
    assert.ok(on('cuda').filter((x) => x.function === 'jax.lax.linalg.eig').every((x) => x.outcome === 'skip'));
    const crashes = all.filter((x) => x.outcome === 'crash');
    for (const x of crashes) assert.match(x.error_message ?? '', /killed by signal/, x.name);
    for (const device of ['tpu', 'cuda']) assert.ok(on(device).filter((x) => x.outcome === 'pass').length >= 30, `${device}: the cases after a crash still compile`);
    const sql = new BetterSqlite3(db, { readonly: true });
    const flops = sql.prepare("SELECT t.device, r.analysis FROM results r JOIN cases c ON c.id = r.case_id JOIN targets t ON t.id = c.target_id WHERE r.outcome = 'pass' AND c.function = 'jax.lax.dot_general'").all() as Array<{ device: string; analysis: string | null }>;
    sql.close();
    for (const device of ['tpu', 'cuda']) assert.ok(flops.some((x) => x.device === device && (JSON.parse(x.analysis ?? '{}') as { flops?: number }).flops! > 0), device);
  });
});

describe('several generations of one device in one command', () => {
  it('--aot-target v5e,v4,sm_90 gives a run per TPU generation (sm_90 with the first), reported together', async () => {
    const db = tempDb();
    const r = await runCli(['run', '--suite', 'jax-harnesses', '-f', 'jax', '-d', 'tpu', '-d', 'cuda', '-m', 'aot', '--aot-target', 'v5e,v4,sm_90', '--timing', 'none', '--db', db, '--json'], { env: { PORTABENCH_OPS: 'cos', PORTABENCH_SLICE: '::4' } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /2 runs, one per generation of a device .*report --run 1,2/);
    const sql = new BetterSqlite3(db, { readonly: true });
    const targets = sql.prepare('SELECT run_id, device, hardware, (SELECT count(*) FROM cases c WHERE c.target_id = t.id) AS cases FROM targets t ORDER BY run_id, device').all() as Array<{ run_id: number; device: string; hardware: string; cases: number }>;
    sql.close();
    assert.deepEqual(targets.map((t) => [t.run_id, t.device]), [[1, 'cuda'], [1, 'tpu'], [2, 'tpu']], 'the second run compiles only for the second TPU generation');
    assert.match(targets[0].hardware, /sm_90/);
    assert.match(targets[1].hardware, /^TPU v5 lite/);
    assert.match(targets[2].hardware, /^TPU v4/);
    for (const t of targets) assert.ok(t.cases > 0 && t.cases === targets[0].cases, `${t.hardware}: the same ${targets[0].cases} cases`);
    // the printed report covers both runs: the three targets, each with its generation
    const report = JSON.parse(r.stdout) as { targets: Array<{ hardware?: string; label?: string; target?: string }> };
    assert.equal(report.targets.length, 3, JSON.stringify(report.targets.map((t) => t.hardware ?? t.label)));
  });
});

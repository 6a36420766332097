// Grouped compilation (`run --group N`) on real slices of the generated suites: every case
// gets the outcome it gets when compiled alone, passing cases are settled by a shared
// program, and failing ones are pinned on their case and rerun alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import BetterSqlite3 from '../src/store/sqlite-driver.js';
import { join } from 'node:path';
import { runCli, tempDb, tempDir, writeSuite } from './helpers.js';

interface Row { name: string; outcome: string; category: string | null; compile_group: string | null; worker_pid: number }

async function compiled(suite: string, framework: string, env: Record<string, string>, group: number, jobs = 1, extra: string[] = []): Promise<Map<string, Row>> {
  const db = tempDb();
  const r = await runCli(['run', '--suite', suite, '-f', framework, '-m', 'compiled', '--group', String(group), '--jobs', String(jobs), '--timing', 'none', '--db', db, '-q', ...extra], { env });
  assert.equal(r.code, 0, r.stderr);
  const sql = new BetterSqlite3(db, { readonly: true });
  try {
    const rows = sql.prepare('select c.name, r.outcome, r.category, r.compile_group, r.worker_pid from results r join cases c on c.id = r.case_id').all() as Row[];
    assert.equal(new Set(rows.map((row) => row.name)).size, rows.length, 'one result per case');
    return new Map(rows.map((row) => [row.name, row]));
  } finally {
    sql.close();
  }
}

function sameOutcomes(alone: Map<string, Row>, grouped: Map<string, Row>): void {
  assert.deepEqual([...grouped.keys()].sort(), [...alone.keys()].sort(), 'the same cases');
  const differ = [...alone.values()].filter((a) => grouped.get(a.name)!.outcome !== a.outcome || grouped.get(a.name)!.category !== a.category);
  assert.deepEqual(differ.map((a) => `${a.name}: alone ${a.outcome}/${a.category}, grouped ${grouped.get(a.name)!.outcome}/${grouped.get(a.name)!.category}`), []);
}

const groupOf = (row: Row) => (row.compile_group ? (JSON.parse(row.compile_group) as { id?: number; size?: number; alone?: boolean }) : null);

describe('grouped compilation', () => {
  it('opinfo compiled in groups of 8 gives every case its one-by-one outcome', async () => {
    const env = { PORTABENCH_OPS: 'add,mul,cos,mm,linalg.svd', PORTABENCH_DTYPES: 'float16,float32,int64' };
    const alone = await compiled('opinfo', 'pytorch', env, 1);
    const grouped = await compiled('opinfo', 'pytorch', env, 8);
    assert.ok(alone.size >= 10, `${alone.size} cases`);
    sameOutcomes(alone, grouped);
    const shared = [...grouped.values()].filter((r) => (groupOf(r)?.size ?? 0) > 1 && !groupOf(r)?.alone);
    assert.ok(shared.length >= 4, `cases settled by a shared program: ${shared.map((r) => r.name).join(', ')}`);
    assert.ok(shared.every((r) => r.outcome === 'pass'), 'a group settles only cases whose checks passed in it');
    const failed = [...grouped.values()].filter((r) => r.outcome !== 'pass' && r.outcome !== 'skip');
    assert.ok(failed.length > 0, 'the slice has failing cases (svd in float16 and int64)');
    // a failure is recorded as its case shows it alone: split off its group (alone), or never
    // grouped because OpInfo declares its dtype unsupported (no group)
    for (const f of failed) assert.ok(groupOf(f) === null || groupOf(f)!.alone === true, `${f.name} was run alone: ${f.compile_group}`);

    // --jobs 2: two workers take groups and cases side by side; every case still gets its outcome
    const side = await compiled('opinfo', 'pytorch', env, 8, 2);
    sameOutcomes(alone, side);
    assert.equal(new Set([...side.values()].map((r) => r.worker_pid)).size, 2, 'two workers ran the cases');
  });

  it('refuses --jobs at timing level full, which times each case on a quiet machine', async () => {
    const r = await runCli(['run', '--suite', 'smoke', '-f', 'pytorch', '--jobs', '2', '--timing', 'full', '--db', tempDb(), '-q']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /--jobs 2 runs cases side by side.*--timing quick or none/s);
  });

  it('jax-harnesses under jax.jit in groups of 6 gives every case its one-by-one outcome', async () => {
    const env = { PORTABENCH_OPS: 'cos,cumsum,dot_general', PORTABENCH_DTYPES: 'float32,int32' };
    const alone = await compiled('jax-harnesses', 'jax', env, 1);
    const grouped = await compiled('jax-harnesses', 'jax', env, 6);
    assert.ok(alone.size >= 6, `${alone.size} cases`);
    sameOutcomes(alone, grouped);
    assert.ok([...grouped.values()].some((r) => (groupOf(r)?.size ?? 0) > 1 && !groupOf(r)?.alone), 'some cases share a jit');
  });

  it('a group that hangs is given up after the time limit of one case, and its cases run alone', async () => {
    // The first call anywhere (a marker file: the worker is killed and replaced) blocks, as
    // the JAX program of several QR decompositions did under OMP_NUM_THREADS=1; later calls return.
    const suite = writeSuite({
      'jax/jax.numpy.sin.py': `import os, time
import jax, jax.numpy as jnp
from portabench import case
FUNCTION = "jax.numpy.sin"

def _hang_once(x):
    try:
        os.close(os.open(os.environ["PB_TEST_HANG_ONCE"], os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return x
    time.sleep(600)
    return x

def f(x):
    return jnp.sin(jax.pure_callback(_hang_once, jax.ShapeDtypeStruct(x.shape, x.dtype), x))

for n in range(4):
    def body(bench, device, n=n):
        bench.measure(f, jnp.full(3, float(n)))
    body.__name__ = f"sin_{n}"
    case(body)
`,
    });
    const grouped = await compiled(suite, 'jax', { PB_TEST_HANG_ONCE: join(tempDir(), 'hung') }, 4, 1, ['--timeout', '5']);
    assert.equal(grouped.size, 4);
    for (const r of grouped.values()) {
      assert.equal(r.outcome, 'pass', r.name);
      const g = JSON.parse(r.compile_group ?? '{}') as { alone?: boolean; why?: string; from?: { size?: number } };
      assert.equal(g.alone, true, r.compile_group ?? '');
      assert.match(g.why ?? '', /the group exceeded its time limit of 5 s \(one case's\)/);
      assert.equal(g.from?.size, 4);
    }
  });
});

// Interrupt and resume, for real: Ctrl-C (SIGINT) and kill -9 of the orchestrator in
// the middle of a run, then `run --resume`, must leave exactly one result per case,
// and no worker may outlive a killed orchestrator.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import BetterSqlite3 from '../src/store/sqlite-driver.js';
import { CLI, ROOT, runCli, tempDb, writeSuite } from './helpers.js';

const CASES = 8;
const SLOW = `
import time
import jax.numpy as jnp
from portabench import case

FUNCTION = "jax.numpy.multiply"

@case(i=list(range(${CASES})))
def slow(bench, device, i):
    time.sleep(0.6)
    out = bench.measure(jnp.multiply, jnp.ones(3), jnp.full(3, float(i)))
    assert float(out.sum()) == 3.0 * i
`;

const suite = writeSuite({ 'jax/jax.numpy.multiply.py': SLOW });

function query<T>(db: string, sql: string): T[] {
  if (!existsSync(db)) return [];
  const conn = new BetterSqlite3(db, { readonly: true, fileMustExist: true });
  try {
    return conn.prepare(sql).all() as T[];
  } catch {
    return []; // not migrated yet
  } finally {
    conn.close();
  }
}

const countResults = (db: string) => query<{ n: number }>(db, 'SELECT count(*) AS n FROM results')[0]?.n ?? 0;

function startCli(db: string, extra: string[] = []): ChildProcess {
  return spawn(process.execPath, [CLI, 'run', '--suite', suite, '-f', 'jax', '-m', 'eager', '--db', db, '--timeout', '30', '--min-time', '0.001', ...extra], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Processes whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      /* gone */
    }
  }
  return out;
}

const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdout!.resume();
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

function assertExactlyOnePerCase(db: string): void {
  const perCase = query<{ name: string; n: number }>(db, "SELECT c.name, count(r.id) AS n FROM cases c LEFT JOIN results r ON r.case_id = c.id GROUP BY c.id");
  assert.equal(perCase.length, CASES, `planned cases: ${JSON.stringify(perCase)}`);
  for (const c of perCase) assert.equal(c.n, 1, `case ${c.name} has ${c.n} results`);
  const outcomes = query<{ outcome: string; n: number }>(db, 'SELECT outcome, count(*) AS n FROM results GROUP BY outcome');
  assert.deepEqual(outcomes, [{ outcome: 'pass', n: CASES }]);
}

describe('interrupt and resume', () => {
  it('kill -9 of the orchestrator mid-run, then --resume last: one result per case, no orphaned worker', async () => {
    const db = tempDb();
    const child = startCli(db);
    const done = exited(child);
    await waitFor(() => countResults(db) >= 2, 'two results');
    const workers = childrenOf(child.pid!);
    assert.ok(workers.length >= 1, 'the orchestrator has a worker');
    child.kill('SIGKILL');
    const first = await done;
    assert.equal(first.signal, 'SIGKILL');
    const kept = countResults(db);
    assert.ok(kept >= 2 && kept < CASES, `results kept after kill -9: ${kept}`);
    await waitFor(() => workers.every((p) => !alive(p)), `workers ${workers.join(', ')} to exit`, 10_000);

    const resumed = await runCli(['run', '--resume', 'last', '--db', db, '--quiet']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assertExactlyOnePerCase(db);
    const runs = query<{ status: string }>(db, 'SELECT status FROM runs');
    assert.deepEqual(runs, [{ status: 'finished' }]);
  });

  it('Ctrl-C stops cleanly, keeps finished results and says how to resume', async () => {
    const db = tempDb();
    const child = startCli(db);
    const done = exited(child);
    await waitFor(() => countResults(db) >= 2, 'two results');
    child.kill('SIGINT');
    const res = await done;
    assert.equal(res.code, 130, res.stderr);
    const m = /Resume with: .*run --resume (\d+)/.exec(res.stderr);
    assert.ok(m, `prints how to resume:\n${res.stderr}`);
    const kept = countResults(db);
    assert.ok(kept >= 2 && kept < CASES, `kept ${kept}`);
    assert.deepEqual(query<{ status: string }>(db, 'SELECT status FROM runs'), [{ status: 'interrupted' }]);

    const resumed = await runCli(['run', '--resume', m[1], '--db', db, '--quiet']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assertExactlyOnePerCase(db);
  });
});

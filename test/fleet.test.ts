// The fleet for real: a throwaway PostgreSQL server, the real CLI as agents (separate
// processes), jobs routed by capability, an agent killed with SIGKILL mid-job and its
// job finished by another with exactly one result per case, a poisoned job stopped
// after its attempts with its reason.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { queueStatus, type JobStatus } from '../src/fleet/status.js';
import { HTML_ONLY } from '../src/pack/build.js';
import { productionClosure } from '../src/pack/closure.js';
import { CLI, ROOT, runCli, writeSuite } from './helpers.js';
import { usePostgresStore } from './pg-store.js';

const QUICK = `
import jax.numpy as jnp
from portabench import case

FUNCTION = "jax.numpy.add"

@case(i=[1, 2])
def add(bench, device, i):
    out = bench.measure(jnp.add, jnp.ones(3), jnp.full(3, float(i)))
    assert float(out.sum()) == 3.0 * (1 + i)
`;

const SLOW_CASES = 6;
const SLOW = `
import time
import jax.numpy as jnp
from portabench import case

FUNCTION = "jax.numpy.multiply"

@case(i=list(range(${SLOW_CASES})))
def slow(bench, device, i):
    time.sleep(0.7)
    out = bench.measure(jnp.multiply, jnp.ones(3), jnp.full(3, float(i)))
    assert float(out.sum()) == 3.0 * i
`;

const FAST = ['--lease', '2', '--poll', '0.3', '--timeout', '60', '-f', 'jax'];

function agent(db: string, extra: string[]): ChildProcess & { log: () => string } {
  const child = spawn(process.execPath, [CLI, 'agent', '--db', db, ...FAST, ...extra], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  return Object.assign(child, { log: () => log });
}

const exited = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null || c.signalCode !== null ? r(c.exitCode) : c.on('close', (code) => r(code))));

async function waitFor<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('fleet: queue and agents on PostgreSQL', { timeout: 300_000 }, () => {
  const env = usePostgresStore();

  const add = async (args: string[]) => {
    const r = await runCli(['queue', 'add', '--db', env.url, '--json', ...args]);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as Array<{ id: number; task: string }>;
  };
  const job = async (id: number): Promise<JobStatus> => (await queueStatus(env.store.db)).jobs.find((j) => j.id === id)!;

  it('three agents with different capabilities take only the jobs they can serve; a poisoned job stops after its attempts with its reason', async () => {
    const quick = writeSuite({ 'jax/jax.numpy.add.py': QUICK });
    const poisoned = writeSuite({ 'jax/jax.numpy.add.py': QUICK });
    const [alphaJob] = await add(['--suite', quick, '-f', 'jax', '-d', 'cpu', '-m', 'eager', '--hardware', 'alpha']);
    const [betaJob] = await add(['--suite', quick, '-f', 'jax', '-d', 'cpu', '-m', 'compiled', '--hardware', 'beta']);
    const [poisonJob] = await add(['--suite', poisoned, '-f', 'jax', '-d', 'cpu', '-m', 'eager', '--hardware', 'alpha', '--max-attempts', '2']);
    assert.equal(alphaJob!.task, 'run:jax/cpu/eager@alpha');
    rmSync(poisoned, { recursive: true, force: true }); // the job now names a suite no agent has
    // gamma has no jax (a missing interpreter) and does not mine: it can serve nothing and says so.
    const gamma = await runCli(['agent', '--db', env.url, ...FAST, '--once', '--no-mine', '--label', 'gamma', '--python', 'jax=/nonexistent/python']);
    assert.equal(gamma.code, 1);
    assert.match(gamma.stderr, /can serve nothing/);
    // delta has jax but only mines and runs unlabelled jobs: none of these is for it.
    const agents = [agent(env.url, ['--once', '--label', 'alpha']), agent(env.url, ['--once', '--label', 'beta']), agent(env.url, ['--once', '--label', 'delta'])];
    const codes = await Promise.all(agents.map(exited));
    assert.deepEqual(codes, [0, 0, 0], agents.map((a) => a.log()).join('\n----\n'));
    const s = await queueStatus(env.store.db);
    const byLabel = new Map(s.agents.map((a) => [a.labels[0], a.id]));
    const alpha = await job(alphaJob!.id);
    const beta = await job(betaJob!.id);
    assert.equal(alpha.status, 'done');
    assert.equal(alpha.agent, byLabel.get('alpha'));
    assert.equal(beta.status, 'done');
    assert.equal(beta.agent, byLabel.get('beta'));
    assert.ok(!s.jobs.some((j) => j.agent === byLabel.get('delta')), 'delta took a job it cannot serve');
    for (const j of [alpha, beta]) {
      const counts = await env.store.resultCounts(j.run_id!);
      assert.equal(counts.length, 2);
      assert.ok(counts.every((c) => c.results === 1));
      const [t] = await env.store.targets([j.run_id!]);
      assert.equal(t!.status, 'done');
      assert.equal(t!.mode, j === alpha ? 'eager' : 'compiled');
    }
    const poison = await job(poisonJob!.id);
    assert.equal(poison.status, 'failed');
    assert.equal(poison.attempts, 2);
    assert.match(poison.error ?? '', /no suite/);
    const text = await runCli(['queue', 'status', '--db', env.url]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /failed/);
    assert.match(text.stdout, /no suite/);
  });

  it('an agent killed with SIGKILL mid-job: after its lease another agent resumes the run, exactly one result per case', async () => {
    const slow = writeSuite({ 'jax/jax.numpy.multiply.py': SLOW });
    const [j] = await add(['--suite', slow, '-f', 'jax', '-d', 'cpu', '-m', 'eager', '--max-attempts', '3']);
    const first = agent(env.url, ['--label', 'doomed', '--no-mine']);
    const runId = await waitFor(async () => (await job(j!.id)).run_id ?? undefined, 'the job to start a run');
    await waitFor(async () => (await env.store.resultCounts(runId)).filter((c) => c.results > 0).length >= 2 || undefined, 'two results');
    first.kill('SIGKILL');
    await exited(first);
    const midway = (await env.store.resultCounts(runId)).filter((c) => c.results > 0).length;
    assert.ok(midway < SLOW_CASES, 'the job finished before the kill: make the cases slower');
    assert.equal((await job(j!.id)).status, 'running');
    await new Promise((r) => setTimeout(r, 2500)); // the dead agent's lease (2 s) runs out
    const second = agent(env.url, ['--once', '--label', 'rescuer']);
    assert.equal(await exited(second), 0, second.log());
    assert.match(second.log(), /lease expired/);
    const done = await job(j!.id);
    assert.equal(done.status, 'done', second.log());
    assert.equal(done.run_id, runId);
    assert.equal(done.attempts, 2);
    const counts = await env.store.resultCounts(runId);
    assert.equal(counts.length, SLOW_CASES);
    assert.ok(counts.every((c) => c.results === 1), JSON.stringify(counts));
    assert.equal((await env.store.getRun(runId))!.status, 'finished');
    const agents = (await queueStatus(env.store.db)).agents;
    assert.equal(agents.find((a) => a.labels.includes('doomed'))!.status, 'lost');
    assert.equal(done.agent, agents.find((a) => a.labels.includes('rescuer'))!.id);
  });

  it('refuses a SQLite store: the queue needs PostgreSQL', async () => {
    const r = await runCli(['queue', 'status', '--db', '/tmp/portabench-not-a-queue.db']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /needs a PostgreSQL store/);
  });
});

/** Every package the built CLI imports statically, following its own modules from dist/cli/main.js. */
function staticPackages(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else if (!spec.startsWith('node:') && !builtinModules.includes(spec)) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  };
  visit(entry);
  return packages;
}

describe('fleet: the offline pack', () => {
  it('carries every package the CLI (agent, queue, serve, mine --distributed) imports, without the HTML renderer', () => {
    const entry = join(ROOT, 'dist', 'cli', 'main.js');
    assert.ok(existsSync(entry), 'build first (npm run build)');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const closure = new Set(productionClosure(ROOT, Object.keys(pkg.dependencies).filter((d) => !HTML_ONLY.includes(d))).map((p) => p.replace(/^.*node_modules\//, '')));
    const needed = staticPackages(entry);
    for (const p of ['graphile-worker', 'fastify', 'pg', 'kysely']) assert.ok(needed.has(p), `${p} imported`);
    const missing = [...needed].filter((p) => !closure.has(p));
    assert.deepEqual(missing, [], 'imported by the CLI but left out of the pack');
    assert.ok(closure.has('@graphile/logger'), 'graphile-worker\'s own dependencies come along');
  });
});

// What the fleet's queue costs, and what distributed mining gains, on this machine:
//   (a) per-job and per-result overhead of running a suite through the queue (an agent in
//       this process takes the jobs: graphile-worker fetch, fleet bookkeeping, heartbeats)
//       against runSuite called directly, on the same PostgreSQL store, with suites of a few
//       and of many cases (the difference of the two gives the per-result part);
//   (b) distributed mining throughput with 1, 2 and 4 agent processes against a
//       single-machine `mine` of the same corpus (-j 1 and -j 2).
// Run: node --import tsx bench/queue.ts [CORPUS_DIR] [--jobs 3] [--shard-files 100]
// (default corpus: Debian's python3-torch sources, /usr/lib/python3/dist-packages/torch).
// Needs PostgreSQL (Debian's postgresql), portabench's jax environment, and a build (npm run build).
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { loadConfig } from '../src/envs/config.js';
import { runAgent } from '../src/fleet/agent.js';
import { capabilitiesOf } from '../src/fleet/capabilities.js';
import { planRunJobs } from '../src/fleet/plan-jobs.js';
import { enqueue, openQueue } from '../src/fleet/queue.js';
import { probeAll } from '../src/runner/probe.js';
import { runSuite } from '../src/runner/run-suite.js';
import { CLI, ROOT, runCli, writeSuite } from '../test/helpers.js';
import { startPostgres } from '../test/postgres.js';

const flag = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const corpus = process.argv.slice(2).find((a, i, all) => !a.startsWith('--') && !(i > 0 && all[i - 1]!.startsWith('--'))) ?? '/usr/lib/python3/dist-packages/torch';
const JOBS = flag('--jobs', 3);
const SHARD = flag('--shard-files', 100);

const suiteOf = (cases: number) =>
  writeSuite({
    'jax/jax.numpy.add.py': `
import jax.numpy as jnp
from portabench import case

FUNCTION = "jax.numpy.add"

@case(i=list(range(${cases})))
def add(bench, device, i):
    out = bench.measure(jnp.add, jnp.ones(3), jnp.full(3, float(i)))
    assert float(out.sum()) == 3.0 * (1 + i)
`,
  });

const seconds = (t0: number) => (performance.now() - t0) / 1000;
const f2 = (x: number) => x.toFixed(2);

async function main(): Promise<void> {
  console.log(`bench/queue.ts on ${cpus()[0]?.model?.trim()} × ${availableParallelism()} cores; load average at start ${loadavg().map(f2).join(' ')}`);
  const pg = startPostgres();
  try {
    const q = await openQueue(pg.url);
    const config = loadConfig();
    const common = { frameworks: ['jax'], devices: ['cpu'], modes: ['eager'], timeoutS: 60, collectTimeoutS: 30, timingLevel: 'none' as const, config, pythonFlags: {} };
    const statuses = await probeAll(config, {}, ['jax']);
    const caps = capabilitiesOf(statuses, [], false);
    console.log('\n(a) queue overhead: the same suite run directly (runSuite) and as queued jobs taken by an agent, jax/cpu/eager, timing none');
    console.log('cases/job  jobs  direct s/job  queued s/job  overhead s/job  queued s/result  direct s/result');
    const perJob: Record<number, { direct: number; queued: number }> = {};
    for (const cases of [4, 40]) {
      const suite = suiteOf(cases);
      let t0 = performance.now();
      for (let i = 0; i < JOBS; i++) await runSuite(q.store, { ...common, suite });
      const direct = seconds(t0) / JOBS;
      const jobs = await planRunJobs(q.store.db, { suite, frameworks: ['jax'], devices: ['cpu'], modes: ['eager'], maxAttempts: 1, limits: { timingLevel: 'none', timeoutS: 60 } });
      await enqueue(q.store.db, Array.from({ length: JOBS }, () => jobs[0]!));
      t0 = performance.now();
      const summary = await runAgent({ db: pg.url, capabilities: caps, config, pythonFlags: {}, timeoutS: 60, collectTimeoutS: 30, once: true, leaseS: 30, pollS: 0.2, stop: { requested: false }, log: () => {}, emit: () => {} });
      const queued = seconds(t0) / JOBS;
      if (summary.done !== JOBS) throw new Error(`the agent did ${summary.done} of ${JOBS} jobs`);
      perJob[cases] = { direct, queued };
      console.log(`${String(cases).padStart(9)}  ${String(JOBS).padStart(4)}  ${f2(direct).padStart(12)}  ${f2(queued).padStart(12)}  ${f2(queued - direct).padStart(14)}  ${(queued / cases).toFixed(4).padStart(15)}  ${(direct / cases).toFixed(4).padStart(15)}`);
      rmSync(suite, { recursive: true, force: true });
    }
    const perResult = (perJob[40]!.queued - perJob[40]!.direct - (perJob[4]!.queued - perJob[4]!.direct)) / 36;
    console.log(`per job (agent start, queue fetch, bookkeeping, included once per job above; agent start-up is part of the first job): ${f2(perJob[4]!.queued - perJob[4]!.direct)} s; per result beyond the direct run: ${(perResult * 1000).toFixed(1)} ms (noise level on a shared machine)`);
    await q.close();

    if (!existsSync(corpus)) {
      console.log(`\n(b) skipped: no corpus at ${corpus}`);
      return;
    }
    console.log(`\n(b) mining ${corpus}: single machine, then distributed over 1, 2 and 4 agents (one mining thread each), shards of ${SHARD} files`);
    for (const j of [1, 2]) {
      const t0 = performance.now();
      const r = await runCli(['mine', corpus, '--db', pg.url, '--corpus-name', `single-j${j}`, '-j', String(j), '-q', '--json']);
      const s = seconds(t0);
      const files = (JSON.parse(r.stdout) as { files: number }).files;
      console.log(`mine -j ${j}: ${f2(s)} s, ${(files / s).toFixed(0)} files/s (${files} files, with Node start-up)`);
    }
    const q2 = await openQueue(pg.url);
    for (const agents of [1, 2, 4]) {
      const name = `spread-${agents}`;
      const t0 = performance.now();
      const waiter = runCli(['mine', corpus, '--db', pg.url, '--corpus-name', name, '--distributed', '--wait', '--shard-files', String(SHARD), '-q', '--json']);
      // start the agents as soon as the shard jobs are queued
      for (;;) {
        const n = await q2.store.db.selectFrom('fleet_jobs' as never).select((eb) => eb.fn.countAll<string>().as('n')).where('label' as never, 'like', `mine ${name} %` as never).executeTakeFirstOrThrow();
        if (Number((n as { n: string }).n) > 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const procs = Array.from({ length: agents }, () => spawn(process.execPath, [CLI, 'agent', '--db', pg.url, '--once', '--poll', '0.3', '-f', 'jax', '--python', 'jax=/nonexistent', '-q'], { cwd: ROOT, stdio: 'ignore' }));
      await Promise.all(procs.map((p) => new Promise((r) => p.on('close', r))));
      const r = await waiter;
      const s = seconds(t0);
      const out = JSON.parse(r.stdout) as { files: number; shards: number };
      console.log(`distributed, ${agents} agent(s): ${f2(s)} s, ${(out.files / s).toFixed(0)} files/s (${out.shards} shards, with every process's start-up)`);
    }
    await q2.close();
    console.log(`load average at end ${loadavg().map(f2).join(' ')}`);
  } finally {
    pg.stop();
  }
}

await main();

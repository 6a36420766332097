import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { WorkerUtils } from 'graphile-worker';
import { sql, type Kysely } from 'kysely';
import { VERSION } from '../version.js';
import type { Capabilities } from './capabilities.js';
import { requeueJobsOf } from './jobs.js';
import { QUEUE_SCHEMA } from './queue.js';
import { fleetDb } from './tables.js';

/** A fresh agent id: host, process and a random tail (also the queue's worker id). */
export function newAgentId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** Announce an agent: what it can run, and its first heartbeat (database time, so machines' clocks do not matter). */
export async function registerAgent(db: Kysely<any>, id: string, caps: Capabilities, leaseS: number): Promise<void> {
  await fleetDb(db)
    .insertInto('fleet_agents')
    .values({ id, host: hostname(), pid: process.pid, labels: JSON.stringify(caps.labels), capabilities: JSON.stringify(caps), tasks: JSON.stringify(caps.tasks), lease_s: Math.ceil(leaseS), status: 'idle', current_job: null, queue_worker: null, portabench_version: VERSION, started_at: sql`now()`, heartbeat_at: sql`now()` } as never)
    .execute();
}

/** The queue's worker (pool) id of an agent, known once its runner started. */
export async function setQueueWorker(db: Kysely<any>, id: string, worker: string): Promise<void> {
  await fleetDb(db).updateTable('fleet_agents').set({ queue_worker: worker }).where('id', '=', id).execute();
}

/** Heartbeat, with what the agent is doing now. */
export async function heartbeat(db: Kysely<any>, id: string, status: 'idle' | 'busy' | 'stopped', currentJob: number | null): Promise<void> {
  await fleetDb(db)
    .updateTable('fleet_agents')
    .set({ status, current_job: currentJob, heartbeat_at: sql`now()` } as never)
    .where('id', '=', id)
    .execute();
}

/**
 * Lease expiry: agents whose last heartbeat is older than their lease are lost (killed,
 * machine gone). Their jobs are unlocked in the queue (graphile-worker's
 * forceUnlockWorkers, meant for workers known to be dead) so another agent resumes them,
 * and the agents are marked lost. Safe to run from every agent at once.
 */
export async function sweepLostAgents(db: Kysely<any>, utils: WorkerUtils): Promise<string[]> {
  const rows = await fleetDb(db)
    .selectFrom('fleet_agents')
    .select(['id', 'lease_s', 'queue_worker'])
    .where('status', 'in', ['idle', 'busy'])
    .where(sql<boolean>`heartbeat_at < now() - make_interval(secs => lease_s)`)
    .execute();
  const ids = rows.map((r) => r.id);
  if (!ids.length) return [];
  const workers = rows.flatMap((r) => (r.queue_worker ? [r.queue_worker] : []));
  if (workers.length) await utils.forceUnlockWorkers(workers);
  for (const r of rows) await requeueJobsOf(db, [r.id], `agent ${r.id} lost (no heartbeat for ${r.lease_s} s): back in the queue`);
  await fleetDb(db).updateTable('fleet_agents').set({ status: 'lost', current_job: null } as never).where('id', 'in', ids).where('status', 'in', ['idle', 'busy']).execute();
  return ids;
}

/**
 * Jobs this agent could still take: queued or waiting to be retried, or held by an agent
 * whose lease has run out. Jobs held by live agents do not count (`agent --once` exits).
 */
export async function waitingJobs(db: Kysely<any>, tasks: string[]): Promise<number> {
  if (!tasks.length) return 0;
  const q = sql.id(QUEUE_SCHEMA, 'jobs');
  const row = await sql<{ n: string }>`SELECT count(*) AS n FROM ${q} j
    WHERE j.task_identifier = ANY(${tasks}::text[]) AND j.attempts < j.max_attempts
      AND (j.locked_at IS NULL OR j.locked_by IN (SELECT queue_worker FROM fleet_agents WHERE status = 'lost' OR heartbeat_at < now() - make_interval(secs => lease_s)))`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}

import { Logger, makeWorkerUtils, runMigrations, type LogFunctionFactory, type WorkerUtils } from 'graphile-worker';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { isPostgresUrl } from '../store/open.js';
import { Store } from '../store/store.js';
import { fleetDb } from './tables.js';

/** graphile-worker's own tables live in this PostgreSQL schema, apart from the store's. */
export const QUEUE_SCHEMA = 'portabench_queue';

/** Task identifier of distributed mining shards (any agent can mine). */
export const MINE_TASK = 'mine';

/** Task identifier of a run job: `run:framework/device/mode`, with `@requirement` when it names a label or hardware. */
export function runTask(t: { framework: string; device: string; mode: string }, requirement?: string | null): string {
  return `run:${t.framework}/${t.device}/${t.mode}${requirement ? `@${requirement}` : ''}`;
}

/** graphile-worker's log lines: errors and warnings through `log`, the rest only when verbose. */
export function queueLogger(log: (line: string) => void, verbose = false): Logger {
  const factory: LogFunctionFactory = () => (level, message) => {
    if (verbose || level === 'error' || level === 'warning') log(`queue ${level}: ${message}`);
  };
  return new Logger(factory);
}

/** The store and the queue on one PostgreSQL database. */
export interface Queue {
  store: Store;
  pool: pg.Pool;
  utils: WorkerUtils;
  logger: Logger;
  close(): Promise<void>;
}

/** Open the store and the queue (creating graphile-worker's schema if new). The queue needs PostgreSQL. */
export async function openQueue(url: string, log: (line: string) => void = () => {}, verbose = false): Promise<Queue> {
  if (!isPostgresUrl(url)) throw new QueueError(`the job queue needs a PostgreSQL store (--db postgres://…), not ${url}`);
  const store = await Store.open(url);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // graphile-worker asks for both: an idle client's error must not crash the agent.
  pool.on('error', (e) => log(`queue connection error: ${e.message}`));
  pool.on('connect', (client) => client.on('error', (e) => log(`queue connection error: ${e.message}`)));
  const logger = queueLogger(log, verbose);
  try {
    await runMigrations({ pgPool: pool, schema: QUEUE_SCHEMA, logger });
    const utils = await makeWorkerUtils({ pgPool: pool, schema: QUEUE_SCHEMA, logger });
    return {
      store,
      pool,
      utils,
      logger,
      async close() {
        await utils.release();
        await pool.end();
        await store.close();
      },
    };
  } catch (e) {
    await pool.end();
    await store.close();
    throw e;
  }
}

/** A user-facing queue problem (bad store, nothing to enqueue). */
export class QueueError extends Error {}

export interface NewJob {
  kind: 'run' | 'mine';
  task: string;
  label: string;
  spec: unknown;
  maxAttempts: number;
}

/** The queue's job key of a fleet job: graphile-worker deletes finished jobs, fleet_jobs keeps them. */
export const jobKey = (id: number) => `portabench-job-${id}`;

/**
 * Enqueue jobs: a fleet_jobs row each and graphile-worker's job (its SQL add_job), in one
 * transaction, so a job is either both recorded and queued, or neither.
 */
export async function enqueue(db: Kysely<any>, jobs: NewJob[]): Promise<number[]> {
  const ids: number[] = [];
  await fleetDb(db)
    .transaction()
    .execute(async (trx) => {
      for (const j of jobs) {
        const row = await trx
          .insertInto('fleet_jobs')
          .values({ kind: j.kind, task: j.task, label: j.label, spec: JSON.stringify(j.spec), status: 'queued', agent: null, run_id: null, attempts: 0, max_attempts: j.maxAttempts, error: null, created_at: sql`now()`, updated_at: sql`now()` } as never)
          .returning('id')
          .executeTakeFirstOrThrow();
        await sql`SELECT ${sql.id(QUEUE_SCHEMA)}.add_job(${j.task}, payload => ${JSON.stringify({ job: row.id })}::json, max_attempts => ${j.maxAttempts}::int, job_key => ${jobKey(row.id)})`.execute(trx);
        ids.push(row.id);
      }
    });
  return ids;
}

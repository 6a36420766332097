import { sql, type Kysely } from 'kysely';
import { fleetDb, type FleetTables } from './tables.js';

export type FleetJob = FleetTables['fleet_jobs'];

/** One fleet job's row. */
export async function getJob(db: Kysely<any>, id: number): Promise<FleetJob | undefined> {
  return fleetDb(db).selectFrom('fleet_jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

async function update(db: Kysely<any>, id: number, values: Partial<Record<keyof FleetJob, unknown>>): Promise<void> {
  await fleetDb(db)
    .updateTable('fleet_jobs')
    .set({ ...values, updated_at: sql`now()` } as never)
    .where('id', '=', id)
    .execute();
}

/** An agent took the job (attempt `attempts` of its maximum). */
export const markRunning = (db: Kysely<any>, id: number, agent: string, attempts: number) => update(db, id, { status: 'running', agent, attempts });

/** The run the job's results go into (a second attempt resumes it). */
export const setJobRun = (db: Kysely<any>, id: number, runId: number) => update(db, id, { run_id: runId });

export const markDone = (db: Kysely<any>, id: number) => update(db, id, { status: 'done', error: null });

/** The attempt failed: `retrying` while attempts remain, else `failed` for good; the reason is kept. */
export const markFailure = (db: Kysely<any>, id: number, error: string, final: boolean) => update(db, id, { status: final ? 'failed' : 'retrying', error });

/** The jobs an agent held when it was found lost: back in the queue, saying why. */
export async function requeueJobsOf(db: Kysely<any>, agents: string[], why: string): Promise<void> {
  if (!agents.length) return;
  await fleetDb(db)
    .updateTable('fleet_jobs')
    .set({ status: 'queued', error: why, updated_at: sql`now()` } as never)
    .where('agent', 'in', agents)
    .where('status', '=', 'running')
    .execute();
}

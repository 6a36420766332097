import { resolve } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { planShards, type ShardPlanOptions } from '../mining/shards.js';
import { SHARD_TABLES, type MineShardSpec } from './mine-job.js';
import { enqueue, MINE_TASK } from './queue.js';
import { fleetDb } from './tables.js';

export interface DistributedMining {
  corpus: string;
  inputs: string[];
  frameworks?: string[];
  maxBytes: number;
  /** Stored with the corpus, as a single-machine `mine` stores its options. */
  options: Record<string, unknown>;
  maxAttempts: number;
  plan?: ShardPlanOptions;
}

/**
 * Split a corpus into shard jobs and queue them: any agent mines a shard and stores its
 * partial counts; the last one sums them (finishIfComplete). Starting the same corpus
 * again replaces the earlier partials.
 */
export async function startDistributedMining(db: Kysely<any>, m: DistributedMining): Promise<{ shards: number; jobs: number[] }> {
  const inputs = m.inputs.map((i) => resolve(i));
  const shards = await planShards(inputs, m.plan);
  await fleetDb(db)
    .transaction()
    .execute(async (trx) => {
      for (const t of [...SHARD_TABLES, 'mining_distributed'] as const) {
        await trx.deleteFrom(t).where('corpus', '=', m.corpus).execute();
      }
      await trx
        .insertInto('mining_distributed')
        .values({ corpus: m.corpus, inputs: JSON.stringify(inputs), options: JSON.stringify(m.options), shards: shards.length, status: 'running', created_at: sql`now()` } as never)
        .execute();
    });
  const jobs = await enqueue(
    db,
    shards.map((part, i) => {
      const spec: MineShardSpec = { corpus: m.corpus, shard: i, shards: shards.length, part, frameworks: m.frameworks, maxBytes: m.maxBytes };
      return { kind: 'mine' as const, task: MINE_TASK, label: `mine ${m.corpus} shard ${i + 1}/${shards.length}`, spec, maxAttempts: m.maxAttempts };
    }),
  );
  return { shards: shards.length, jobs };
}

export interface MiningProgress {
  shards: number;
  stored: number;
  failed: Array<{ id: number; label: string; error: string | null }>;
  done: boolean;
}

/** How far a distributed mining is: shards stored, shard jobs failed for good, finished. */
export async function miningProgress(db: Kysely<any>, corpus: string, jobIds: number[]): Promise<MiningProgress> {
  const f = fleetDb(db);
  const c = await f.selectFrom('mining_distributed').select(['shards', 'status']).where('corpus', '=', corpus).executeTakeFirst();
  const stored = await f.selectFrom('mining_shards').select((eb) => eb.fn.countAll<string>().as('n')).where('corpus', '=', corpus).executeTakeFirstOrThrow();
  const failed = jobIds.length ? await f.selectFrom('fleet_jobs').select(['id', 'label', 'error']).where('id', 'in', jobIds).where('status', '=', 'failed').execute() : [];
  return { shards: c?.shards ?? 0, stored: Number(stored.n), failed, done: c?.status === 'done' };
}

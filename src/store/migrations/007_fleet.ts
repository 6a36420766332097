import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';
import { withId } from './helpers.js';

/**
 * The fleet (src/fleet): agents with their capabilities and heartbeats, the jobs handed
 * out through the queue (graphile-worker keeps its own tables in the portabench_queue
 * schema; these rows keep what it deletes: done and failed jobs, their runs and agents),
 * and the partial counts of distributed mining, one set per shard, summed in SQL.
 * Only used on PostgreSQL (the queue needs it); created in both dialects so every
 * store has the same tables.
 */
export function fleet(dialect: Dialect): Migration {
  const time = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('fleet_agents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('pid', 'integer', (c) => c.notNull())
        .addColumn('labels', 'text', (c) => c.notNull())
        .addColumn('capabilities', 'text', (c) => c.notNull())
        .addColumn('tasks', 'text', (c) => c.notNull())
        .addColumn('lease_s', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('current_job', 'integer')
        .addColumn('queue_worker', 'text') // graphile-worker's pool id: what its jobs are locked by
        .addColumn('portabench_version', 'text', (c) => c.notNull())
        .addColumn('started_at', time, (c) => c.notNull())
        .addColumn('heartbeat_at', time, (c) => c.notNull())
        .execute();
      await withId(db.schema.createTable('fleet_jobs'), dialect)
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('task', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('spec', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('agent', 'text')
        .addColumn('run_id', 'integer')
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('max_attempts', 'integer', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('mining_distributed')
        .addColumn('corpus', 'text', (c) => c.primaryKey())
        .addColumn('inputs', 'text', (c) => c.notNull())
        .addColumn('options', 'text', (c) => c.notNull())
        .addColumn('shards', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('mining_shards')
        .addColumn('corpus', 'text', (c) => c.notNull())
        .addColumn('shard', 'integer', (c) => c.notNull())
        .addColumn('files', 'integer', (c) => c.notNull())
        .addColumn('parsed', 'integer', (c) => c.notNull())
        .addColumn('bytes', 'bigint', (c) => c.notNull())
        .addColumn('agent', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('mining_shards_pk', ['corpus', 'shard'])
        .execute();
      const part = (name: string) => db.schema.createTable(name).addColumn('corpus', 'text', (c) => c.notNull()).addColumn('shard', 'integer', (c) => c.notNull());
      await part('mining_shard_skipped').addColumn('reason', 'text', (c) => c.notNull()).addColumn('n', 'integer', (c) => c.notNull()).execute();
      await part('mining_shard_frameworks').addColumn('framework', 'text', (c) => c.notNull()).addColumn('files_importing', 'integer', (c) => c.notNull()).execute();
      await part('mining_shard_frequencies')
        .addColumn('framework', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('calls', 'integer', (c) => c.notNull())
        .addColumn('refs', 'integer', (c) => c.notNull())
        .addColumn('files', 'integer', (c) => c.notNull())
        .execute();
      await part('mining_shard_methods')
        .addColumn('framework', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('calls', 'integer', (c) => c.notNull())
        .addColumn('files', 'integer', (c) => c.notNull())
        .execute();
      await part('mining_shard_file_sets').addColumn('framework', 'text', (c) => c.notNull()).addColumn('names', 'text', (c) => c.notNull()).addColumn('files', 'integer', (c) => c.notNull()).execute();
      for (const t of ['mining_shard_skipped', 'mining_shard_frameworks', 'mining_shard_frequencies', 'mining_shard_methods', 'mining_shard_file_sets']) {
        await db.schema.createIndex(`${t}_shard`).on(t).columns(['corpus', 'shard']).execute();
      }
    },
    async down(db: Kysely<any>) {
      for (const t of ['mining_shard_file_sets', 'mining_shard_methods', 'mining_shard_frequencies', 'mining_shard_frameworks', 'mining_shard_skipped', 'mining_shards', 'mining_distributed', 'fleet_jobs', 'fleet_agents']) {
        await db.schema.dropTable(t).execute();
      }
    },
  };
}

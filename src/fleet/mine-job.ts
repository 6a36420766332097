import type { Kysely } from 'kysely';
import { mineShard } from '../mining/shard-mine.js';
import type { Shard } from '../mining/shards.js';
import { finishIfComplete } from './mine-aggregate.js';
import { fleetDb } from './tables.js';

/** One shard of a distributed mining: which corpus, which part, and the mining options. */
export interface MineShardSpec {
  corpus: string;
  shard: number;
  shards: number;
  part: Shard;
  frameworks?: string[];
  maxBytes: number;
}

const CHUNK = 200;

/** Where a shard's partial counts live (migration 007_fleet). */
export const SHARD_TABLES = ['mining_shards', 'mining_shard_skipped', 'mining_shard_frameworks', 'mining_shard_frequencies', 'mining_shard_methods', 'mining_shard_file_sets'] as const;

/**
 * Mine one shard and store its partial counts, replacing what an earlier attempt stored
 * (one transaction: a shard's partials are all there or not at all). The agent that
 * stores the last shard sums all partials into the corpus's frequencies, in SQL.
 */
export async function runMineShard(db: Kysely<any>, spec: MineShardSpec, agent: string, jobs = 1): Promise<void> {
  const r = await mineShard(spec.part, { jobs, frameworks: spec.frameworks, maxBytes: spec.maxBytes });
  const { corpus, shard } = spec;
  await fleetDb(db)
    .transaction()
    .execute(async (trx) => {
      for (const t of SHARD_TABLES) {
        await trx.deleteFrom(t).where('corpus', '=', corpus).where('shard', '=', shard).execute();
      }
      await trx.insertInto('mining_shards').values({ corpus, shard, files: r.files, parsed: r.parsed, bytes: r.bytes, agent }).execute();
      const skipped = Object.entries(r.skipped).map(([reason, n]) => ({ corpus, shard, reason, n }));
      if (skipped.length) await trx.insertInto('mining_shard_skipped').values(skipped).execute();
      const fws = Object.entries(r.frameworks).map(([framework, v]) => ({ corpus, shard, framework, files_importing: v.files_importing }));
      if (fws.length) await trx.insertInto('mining_shard_frameworks').values(fws).execute();
      for (let i = 0; i < r.names.length; i += CHUNK) {
        await trx.insertInto('mining_shard_frequencies').values(r.names.slice(i, i + CHUNK).map((n) => ({ corpus, shard, framework: n.framework, name: n.name, calls: n.calls, refs: n.refs, files: n.files }))).execute();
      }
      for (let i = 0; i < r.fileSets.length; i += CHUNK) {
        await trx.insertInto('mining_shard_file_sets').values(r.fileSets.slice(i, i + CHUNK).map((f) => ({ corpus, shard, framework: f.framework, names: JSON.stringify(f.names), files: f.files }))).execute();
      }
      for (let i = 0; i < r.methods.length; i += CHUNK) {
        await trx.insertInto('mining_shard_methods').values(r.methods.slice(i, i + CHUNK).map((m) => ({ corpus, shard, framework: m.framework, method: m.method, calls: m.calls, files: m.files }))).execute();
      }
    });
  await finishIfComplete(db, corpus);
}

import { sql, type Kysely } from 'kysely';
import { VERSION } from '../version.js';
import { fleetDb } from './tables.js';

/**
 * When every shard of a distributed mining has stored its partial counts, sum them into
 * the corpus's rows (mining_corpora, mining_frameworks, mining_frequencies,
 * mining_methods, mining_file_sets: the tables a single-machine `mine` writes), in SQL, in one transaction
 * that holds the corpus's row locked, so exactly one agent does it. Returns whether the
 * corpus is complete.
 */
export async function finishIfComplete(db: Kysely<any>, corpus: string): Promise<boolean> {
  return fleetDb(db)
    .transaction()
    .execute(async (trx) => {
      const c = await trx.selectFrom('mining_distributed').selectAll().where('corpus', '=', corpus).forUpdate().executeTakeFirst();
      if (!c) throw new Error(`no distributed mining of corpus "${corpus}" in this store`);
      if (c.status === 'done') return true;
      const stored = await trx.selectFrom('mining_shards').select((eb) => eb.fn.countAll<string>().as('n')).where('corpus', '=', corpus).executeTakeFirstOrThrow();
      if (Number(stored.n) < c.shards) return false;
      for (const t of ['mining_methods', 'mining_frequencies', 'mining_frameworks', 'mining_file_sets']) await sql`DELETE FROM ${sql.table(t)} WHERE corpus = ${corpus}`.execute(trx);
      await sql`DELETE FROM mining_corpora WHERE name = ${corpus}`.execute(trx);
      const skippedRows = await sql<{ reason: string; n: string }>`SELECT reason, SUM(n) AS n FROM mining_shard_skipped WHERE corpus = ${corpus} GROUP BY reason ORDER BY reason`.execute(trx);
      const skipped = JSON.stringify(Object.fromEntries(skippedRows.rows.filter((r) => Number(r.n) > 0).map((r) => [r.reason, Number(r.n)])));
      await sql`INSERT INTO mining_corpora (name, inputs, files, parsed, bytes, skipped, options, portabench_version, mined_at)
        SELECT ${corpus}, ${c.inputs}, SUM(files), SUM(parsed), SUM(bytes), ${skipped}, ${c.options}, ${VERSION}, ${new Date().toISOString()} FROM mining_shards WHERE corpus = ${corpus}`.execute(trx);
      await sql`INSERT INTO mining_frameworks (corpus, framework, files_importing)
        SELECT corpus, framework, SUM(files_importing) FROM mining_shard_frameworks WHERE corpus = ${corpus} GROUP BY corpus, framework`.execute(trx);
      await sql`INSERT INTO mining_frequencies (corpus, framework, name, calls, refs, files)
        SELECT corpus, framework, name, SUM(calls), SUM(refs), SUM(files) FROM mining_shard_frequencies WHERE corpus = ${corpus} GROUP BY corpus, framework, name`.execute(trx);
      await sql`INSERT INTO mining_methods (corpus, framework, method, calls, files)
        SELECT corpus, framework, method, SUM(calls), SUM(files) FROM mining_shard_methods WHERE corpus = ${corpus} GROUP BY corpus, framework, method`.execute(trx);
      await sql`INSERT INTO mining_file_sets (corpus, framework, names, files)
        SELECT corpus, framework, names, SUM(files) FROM mining_shard_file_sets WHERE corpus = ${corpus} GROUP BY corpus, framework, names`.execute(trx);
      await trx.updateTable('mining_distributed').set({ status: 'done' }).where('corpus', '=', corpus).execute();
      return true;
    });
}

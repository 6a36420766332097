import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * Per mined corpus and framework, the files grouped by the exact set of names they
 * call: usage-weighted portability counts the files that would hit a failing function.
 */
export function miningFileSets(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('mining_file_sets')
        .addColumn('corpus', 'text', (c) => c.notNull())
        .addColumn('framework', 'text', (c) => c.notNull())
        .addColumn('names', 'text', (c) => c.notNull()) // JSON array, sorted
        .addColumn('files', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('mining_file_sets_corpus').on('mining_file_sets').columns(['corpus', 'framework']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('mining_file_sets').execute();
    },
  };
}

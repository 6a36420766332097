import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';
import { withId } from './helpers.js';

/**
 * Usage frequencies mined from code corpora (`portabench mine`), keyed by corpus name:
 * qualified names per framework, files importing each framework, and bare method names
 * (calls on values of unknown type) kept in their own table.
 */
export function mining(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await withId(db.schema.createTable('mining_corpora'), dialect)
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('inputs', 'text', (c) => c.notNull())
        .addColumn('files', 'integer', (c) => c.notNull())
        .addColumn('parsed', 'integer', (c) => c.notNull())
        .addColumn('bytes', 'bigint', (c) => c.notNull())
        .addColumn('skipped', 'text', (c) => c.notNull())
        .addColumn('options', 'text', (c) => c.notNull())
        .addColumn('portabench_version', 'text', (c) => c.notNull())
        .addColumn('mined_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('mining_frameworks')
        .addColumn('corpus', 'text', (c) => c.notNull())
        .addColumn('framework', 'text', (c) => c.notNull())
        .addColumn('files_importing', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('mining_frameworks_pk', ['corpus', 'framework'])
        .execute();
      await db.schema
        .createTable('mining_frequencies')
        .addColumn('corpus', 'text', (c) => c.notNull())
        .addColumn('framework', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('calls', 'integer', (c) => c.notNull())
        .addColumn('refs', 'integer', (c) => c.notNull())
        .addColumn('files', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('mining_frequencies_pk', ['corpus', 'framework', 'name'])
        .execute();
      await db.schema
        .createTable('mining_methods')
        .addColumn('corpus', 'text', (c) => c.notNull())
        .addColumn('framework', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('calls', 'integer', (c) => c.notNull())
        .addColumn('files', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('mining_methods_pk', ['corpus', 'framework', 'method'])
        .execute();
      await db.schema.createIndex('mining_frequencies_name').on('mining_frequencies').columns(['framework', 'name']).execute();
    },
    async down(db: Kysely<any>) {
      for (const t of ['mining_methods', 'mining_frequencies', 'mining_frameworks', 'mining_corpora']) await db.schema.dropTable(t).execute();
    },
  };
}

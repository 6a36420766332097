import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';
import { withId } from './helpers.js';

/**
 * API catalogs (portabench enumerate): one `catalogs` row per framework version,
 * its public names in `catalog_entries` (name, kind, defining module).
 */
export function catalog(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await withId(db.schema.createTable('catalogs'), dialect)
        .addColumn('framework', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('python', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('stats', 'text', (c) => c.notNull())
        .addUniqueConstraint('catalogs_framework_version', ['framework', 'version'])
        .execute();
      await withId(db.schema.createTable('catalog_entries'), dialect)
        .addColumn('catalog_id', 'integer', (c) => c.notNull().references('catalogs.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('module', 'text')
        .addUniqueConstraint('catalog_entries_catalog_name', ['catalog_id', 'name'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('catalog_entries').execute();
      await db.schema.dropTable('catalogs').execute();
    },
  };
}

import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';
import { withId } from './helpers.js';

/**
 * What a public function dispatches, traced on the CPU per framework version
 * (`portabench trace-api`, python/portabench/trace_api.py): its operators (JSON text, a
 * sorted array; null when no candidate call succeeded), whether it does device work
 * (1/0; null with the error), how it was called and the error when it could not be.
 */
export function functionOps(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await withId(db.schema.createTable('function_ops'), dialect)
        .addColumn('framework', 'text', (c) => c.notNull())
        .addColumn('framework_version', 'text', (c) => c.notNull())
        .addColumn('function', 'text', (c) => c.notNull())
        .addColumn('ops', 'text')
        .addColumn('device_work', 'integer')
        .addColumn('called_as', 'text')
        .addColumn('error', 'text')
        .addColumn('traced_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('function_ops_framework_version_function', ['framework', 'framework_version', 'function'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('function_ops').execute();
    },
  };
}

import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * What process-wide state a case changed (default dtype, config flags, warnings filters,
 * replaced module attributes…), which the worker set back after it: JSON text,
 * `[{"what", "before", "after"}, …]`; null when it changed nothing.
 */
export function stateChanges(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('results').addColumn('state_changes', 'text').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('results').dropColumn('state_changes').execute();
    },
  };
}

import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * The operators a case's timed calls dispatched (python/portabench/recorder.py), recorded
 * once per case when the run asked for them: JSON text, a sorted array of names
 * (`["aten::addmm", "aten::t"]`, `["reduce_sum"]`, `["Sum"]`); null when not recorded.
 */
export function resultOps(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('results').addColumn('ops', 'text').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('results').dropColumn('ops').execute();
    },
  };
}

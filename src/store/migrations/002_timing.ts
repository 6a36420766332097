import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';
import { realType } from './helpers.js';

/** Spread of each case's samples (IQR, MAD) and each target's timer calibration. */
export function timing(dialect: Dialect): Migration {
  const real = realType(dialect);
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('results').addColumn('iqr_ms', real).execute();
      await db.schema.alterTable('results').addColumn('mad_ms', real).execute();
      // JSON: {timer_resolution_ns, call_overhead_ns, clock, …} measured at worker start
      await db.schema.alterTable('targets').addColumn('calibration', 'text').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('results').dropColumn('iqr_ms').execute();
      await db.schema.alterTable('results').dropColumn('mad_ms').execute();
      await db.schema.alterTable('targets').dropColumn('calibration').execute();
    },
  };
}

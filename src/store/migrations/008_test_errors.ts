import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * Results whose failure is the test's own fault: outcome `test_error`, and here the reason
 * ("raised by the test's own code at zeros_test.py:207: TypeError: …"). Rows stored before
 * keep their outcome; the analysis classifies them when it loads them (src/classify/test-error.ts).
 */
export function testErrors(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('results').addColumn('test_error', 'text').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('results').dropColumn('test_error').execute();
    },
  };
}

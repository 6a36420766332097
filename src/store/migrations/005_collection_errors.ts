import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../schema.js';
import { withId } from './helpers.js';

/**
 * Test files that could not be collected (import error, import timeout, no cases) get
 * their own record per target, instead of a fake `<collect>` case. Existing `<collect>`
 * cases are moved here.
 */
export function collectionErrors(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await withId(db.schema.createTable('collection_errors'), dialect)
        .addColumn('target_id', 'integer', (c) => c.notNull().references('targets.id').onDelete('cascade'))
        .addColumn('file', 'text', (c) => c.notNull())
        .addColumn('function', 'text', (c) => c.notNull())
        .addColumn('error_type', 'text', (c) => c.notNull())
        .addColumn('error_message', 'text', (c) => c.notNull())
        .addColumn('traceback', 'text')
        .addColumn('stdout', 'text')
        .addColumn('stderr', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('collection_errors_target_file', ['target_id', 'file'])
        .execute();
      await sql`INSERT INTO collection_errors (target_id, file, function, error_type, error_message, traceback, stdout, stderr, created_at)
        SELECT c.target_id, c.file, c.function, COALESCE(r.error_type, 'CollectionError'), COALESCE(r.error_message, ''), r.traceback, r.stdout, r.stderr, r.created_at
        FROM cases c JOIN results r ON r.case_id = c.id WHERE c.name = '<collect>'`.execute(db);
      await sql`DELETE FROM results WHERE case_id IN (SELECT id FROM cases WHERE name = '<collect>')`.execute(db);
      await sql`DELETE FROM cases WHERE name = '<collect>'`.execute(db);
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('collection_errors').execute();
    },
  };
}

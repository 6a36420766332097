import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';
import { realType, withId } from './helpers.js';

/** Runs, targets, cases and results. */
export function core(dialect: Dialect): Migration {
  const real = realType(dialect);
  return {
    async up(db: Kysely<any>) {
      await withId(db.schema.createTable('runs'), dialect)
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('origin', 'text', (c) => c.notNull().defaultTo('run'))
        .addColumn('suite', 'text', (c) => c.notNull())
        .addColumn('suite_path', 'text')
        .addColumn('suite_hash', 'text')
        .addColumn('portabench_version', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('options', 'text', (c) => c.notNull())
        .execute();
      await withId(db.schema.createTable('targets'), dialect)
        .addColumn('run_id', 'integer', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('framework', 'text', (c) => c.notNull())
        .addColumn('framework_version', 'text')
        .addColumn('device', 'text', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('hardware', 'text')
        .addColumn('python', 'text')
        .addColumn('build', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('problem', 'text')
        .addUniqueConstraint('targets_run_framework_device_mode', ['run_id', 'framework', 'device', 'mode'])
        .execute();
      await withId(db.schema.createTable('cases'), dialect)
        .addColumn('target_id', 'integer', (c) => c.notNull().references('targets.id').onDelete('cascade'))
        .addColumn('file', 'text', (c) => c.notNull())
        .addColumn('function', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('params', 'text', (c) => c.notNull())
        .addColumn('line', 'integer')
        .addUniqueConstraint('cases_target_file_name', ['target_id', 'file', 'name'])
        .execute();
      await withId(db.schema.createTable('results'), dialect)
        .addColumn('case_id', 'integer', (c) => c.notNull().unique().references('cases.id').onDelete('cascade'))
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('category', 'text')
        .addColumn('error_type', 'text')
        .addColumn('error_message', 'text')
        .addColumn('traceback', 'text')
        .addColumn('stdout', 'text')
        .addColumn('stderr', 'text')
        .addColumn('duration_ms', real)
        .addColumn('cold_ms', real)
        .addColumn('n', 'integer')
        .addColumn('median_ms', real)
        .addColumn('mean_ms', real)
        .addColumn('min_ms', real)
        .addColumn('samples', 'text')
        .addColumn('worker_pid', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('targets_run').on('targets').column('run_id').execute();
      await db.schema.createIndex('cases_function').on('cases').columns(['target_id', 'function']).execute();
    },
    async down(db: Kysely<any>) {
      for (const t of ['results', 'cases', 'targets', 'runs']) await db.schema.dropTable(t).execute();
    },
  };
}

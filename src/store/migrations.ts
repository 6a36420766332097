import { Kysely, Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Dialect } from './schema.js';
import { core } from './migrations/001_core.js';
import { timing } from './migrations/002_timing.js';
import { mining } from './migrations/003_mining.js';
import { catalog } from './migrations/004_catalog.js';
import { collectionErrors } from './migrations/005_collection_errors.js';
import { miningFileSets } from './migrations/006_mining_file_sets.js';
import { fleet } from './migrations/007_fleet.js';
import { testErrors } from './migrations/008_test_errors.js';
import { stateChanges } from './migrations/009_state_changes.js';
import { targetConfig } from './migrations/010_target_config.js';
import { tpuDevice } from './migrations/011_tpu_device.js';
import { resultOps } from './migrations/012_result_ops.js';
import { functionOps } from './migrations/013_function_ops.js';
import { compilerAnalysis } from './migrations/014_compiler_analysis.js';
import { compileGroup } from './migrations/017_compile_group.js';

/**
 * Migrations in order, by name. Never edit a released one: add the next file in
 * migrations/ and list it here (names sort in the order they run).
 */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '001_core': core(dialect),
    '002_timing': timing(dialect),
    '003_mining': mining(dialect),
    '004_catalog': catalog(dialect),
    '005_collection_errors': collectionErrors(dialect),
    '006_mining_file_sets': miningFileSets(dialect),
    '007_fleet': fleet(dialect),
    '008_test_errors': testErrors(dialect),
    '009_state_changes': stateChanges(dialect),
    '010_target_config': targetConfig(),
    '011_tpu_device': tpuDevice(dialect),
    '012_result_ops': resultOps(dialect),
    '013_function_ops': functionOps(dialect),
    '014_compiler_analysis': compilerAnalysis(),
    '017_compile_group': compileGroup(),
  };
}

export async function migrateToLatest(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  // Unordered: a store made by a build that had a later migration but not an earlier one (branches merged in
  // another order) still opens; each migration only adds, so the order they ran in does not matter.
  const migrator = new Migrator({ db, provider, migrationTableName: 'portabench_migrations', migrationLockTableName: 'portabench_migrations_lock', allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? String(error)}`);
  }
}

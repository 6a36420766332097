import type { Kysely, Migration } from 'kysely';

/**
 * Each target's framework configuration where it is not the framework's default (JSON,
 * e.g. {"jax_enable_x64": true}; null: the default), chosen with --framework-config. It
 * is part of the target's identity (src/model/target-id.ts): a run in another
 * configuration measures another program.
 */
export function targetConfig(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('targets').addColumn('config', 'text').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('targets').dropColumn('config').execute();
    },
  };
}

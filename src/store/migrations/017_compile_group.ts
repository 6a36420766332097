import type { Kysely, Migration } from 'kysely';

/**
 * The group a compiled case's result comes from (`run --group N`): JSON text,
 * `{"id", "size", "alone"?, "from"?}` — the group's number within its target and how many
 * cases it compiled as one program; `alone: true` when the result is of the case compiled
 * alone after its group did not settle it (`from`: that group's id and size, `why`).
 * Null for a case run one by one (`--group 1`, the default).
 */
export function compileGroup(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('results').addColumn('compile_group', 'text').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('results').dropColumn('compile_group').execute();
    },
  };
}

import type { Kysely, Migration } from 'kysely';

/**
 * What a deviceless compiler said of a case's program (mode aot): JSON text,
 * `{"flops", "bytes_accessed", "transcendentals", "argument_bytes", "output_bytes",
 * "temp_bytes", "code_bytes"}` (what the backend gives); null for every other result.
 */
export function compilerAnalysis(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('results').addColumn('analysis', 'text').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('results').dropColumn('analysis').execute();
    },
  };
}

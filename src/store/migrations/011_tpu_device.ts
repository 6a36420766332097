import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

/**
 * One name for a TPU: targets imported from the 2023 study (build.source
 * "for-ai-portability", also when they came through a bundle) were stored with device
 * `xla`, while the JAX and TensorFlow adapters name a TPU `tpu`. They become `tpu`, the
 * old name kept in the build as `original_device: "xla"`, as a fresh import writes it.
 * Targets of portabench's own runs keep `xla` (torch_xla's device). A run that somehow
 * already holds a `tpu` target of the same framework and mode keeps its `xla` one (the
 * unique key allows only one).
 */
export function tpuDevice(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      const rows = (await db.selectFrom('targets').select(['id', 'run_id', 'framework', 'mode', 'build']).where('device', '=', 'xla').execute()) as Array<{ id: number; run_id: number; framework: string; mode: string; build: string | null }>;
      for (const r of rows) {
        let build: Record<string, unknown> | null = null;
        try {
          const parsed = r.build ? (JSON.parse(r.build) as unknown) : null;
          if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) build = parsed as Record<string, unknown>;
        } catch {
          build = null;
        }
        if (build?.source !== 'for-ai-portability') continue;
        const taken = await db.selectFrom('targets').select('id').where('run_id', '=', r.run_id).where('framework', '=', r.framework).where('mode', '=', r.mode).where('device', '=', 'tpu').executeTakeFirst();
        if (taken) continue;
        await db.updateTable('targets').set({ device: 'tpu', build: JSON.stringify({ ...build, original_device: 'xla' }) }).where('id', '=', r.id).execute();
      }
    },
    async down(db: Kysely<any>) {
      const rows = (await db.selectFrom('targets').select(['id', 'build']).where('device', '=', 'tpu').execute()) as Array<{ id: number; build: string | null }>;
      for (const r of rows) {
        const build = r.build ? (JSON.parse(r.build) as Record<string, unknown>) : null;
        if (build?.original_device !== 'xla') continue;
        const { original_device: _, ...rest } = build;
        await db.updateTable('targets').set({ device: 'xla', build: JSON.stringify(rest) }).where('id', '=', r.id).execute();
      }
    },
  };
}

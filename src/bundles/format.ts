import { z } from 'zod';
import { OUTCOMES } from '../model/outcome.js';

/**
 * A results bundle: gzip'd JSON Lines. The first line says what the file is; then, per
 * run, its run line, its targets, their cases (each with its result, every timing
 * sample included) and collection errors; the last line counts the lines before it and
 * carries their SHA-256, so a truncated or altered file is refused as a whole.
 */
export const BUNDLE_FORMAT = 'portabench-bundle';
export const BUNDLE_VERSION = 1;

export const Header = z.object({ type: z.literal('header'), format: z.literal(BUNDLE_FORMAT), version: z.number().int(), portabench_version: z.string(), created_at: z.string() });

export const RunLine = z.object({
  type: z.literal('run'),
  /** The run's id in the store it was exported from (ids are renumbered on import). */
  id: z.number().int(),
  /** Content hash of the run as exported: importing the same run twice adds nothing. */
  key: z.string(),
  created_at: z.string(),
  finished_at: z.string().nullable(),
  status: z.string(),
  origin: z.string(),
  suite: z.string(),
  suite_path: z.string().nullable(),
  suite_hash: z.string().nullable(),
  portabench_version: z.string(),
  fingerprint: z.unknown(),
  options: z.unknown(),
});

export const TargetLine = z.object({
  type: z.literal('target'),
  run: z.number().int(),
  id: z.number().int(),
  framework: z.string(),
  framework_version: z.string().nullable(),
  device: z.string(),
  mode: z.string(),
  hardware: z.string().nullable(),
  python: z.string().nullable(),
  build: z.unknown(),
  status: z.string(),
  problem: z.string().nullable(),
  calibration: z.unknown(),
  /** The framework configuration where not the default ({"jax_enable_x64": true}); absent or null: the default (bundles before it). */
  config: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable().optional(),
});

const num = z.number().nullable();
export const CaseLine = z.object({
  type: z.literal('case'),
  target: z.number().int(),
  file: z.string(),
  function: z.string(),
  name: z.string(),
  params: z.unknown(),
  line: z.number().int().nullable(),
  result: z
    .object({
      outcome: z.enum(OUTCOMES),
      category: z.string().nullable(),
      error_type: z.string().nullable(),
      error_message: z.string().nullable(),
      traceback: z.string().nullable(),
      stdout: z.string().nullable(),
      stderr: z.string().nullable(),
      duration_ms: num,
      cold_ms: num,
      n: num,
      median_ms: num,
      mean_ms: num,
      min_ms: num,
      iqr_ms: num,
      mad_ms: num,
      samples: z.unknown(),
      worker_pid: num,
      created_at: z.string(),
      /** Why the outcome is test_error (bundles written before it have none). */
      test_error: z.string().nullable().default(null),
      /** Process state the case changed (set back by the worker); absent in bundles written before it was recorded. */
      state_changes: z.array(z.object({ what: z.string(), before: z.string(), after: z.string() })).nullable().optional(),
      /** The operators the case's timed calls dispatched, when the run recorded them (012_result_ops). */
      ops: z.array(z.string()).nullable().optional(),
    })
    .nullable(),
});

export const CollectionErrorLine = z.object({
  type: z.literal('collection_error'),
  target: z.number().int(),
  file: z.string(),
  function: z.string(),
  error_type: z.string(),
  error_message: z.string(),
  traceback: z.string().nullable(),
  stdout: z.string().nullable(),
  stderr: z.string().nullable(),
});

export const EndLine = z.object({ type: z.literal('end'), lines: z.number().int(), runs: z.number().int(), cases: z.number().int(), sha256: z.string() });

export const BodyLine = z.discriminatedUnion('type', [RunLine, TargetLine, CaseLine, CollectionErrorLine]);
export type RunLine = z.infer<typeof RunLine>;
export type TargetLine = z.infer<typeof TargetLine>;
export type CaseLine = z.infer<typeof CaseLine>;
export type CollectionErrorLine = z.infer<typeof CollectionErrorLine>;
export type BodyLine = z.infer<typeof BodyLine>;

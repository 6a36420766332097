import { z } from 'zod';

export const SampleEntry = z.object({
  name: z.string(),
  frequency: z.number(),
  stratum: z.enum(['top', 'decile']),
  /** 1 (least used) … 10 (most used) among the names below the top stratum; null for the top stratum. */
  decile: z.number().int().min(1).max(10).nullable(),
  /** Rank by frequency among all names (1 = most used). */
  rank: z.number().int(),
  /** The order in which the sampler drew this name (0-based; the top stratum first). */
  draw: z.number().int(),
  /** The excluded name this one replaces, or null. */
  replaces: z.string().nullable(),
});
export type SampleEntry = z.infer<typeof SampleEntry>;

export const ExcludedEntry = z.object({
  name: z.string(),
  frequency: z.number(),
  stratum: z.enum(['top', 'decile']),
  decile: z.number().int().nullable(),
  rank: z.number().int(),
  draw: z.number().int(),
  reason: z.string(),
  /** The name drawn in its place, or null when its stratum had no name left. */
  replaced_by: z.string().nullable(),
});
export type ExcludedEntry = z.infer<typeof ExcludedEntry>;

export const DecileInfo = z.object({
  decile: z.number().int(),
  size: z.number().int(),
  min_frequency: z.number().nullable(),
  max_frequency: z.number().nullable(),
  /** Fewer than --per-decile names could be drawn (a small decile, or too many exclusions). */
  shortfall: z.number().int(),
});

export const Manifest = z.object({
  seed: z.number().int(),
  method: z.string(),
  generator: z.string(),
  framework: z.string().nullable(),
  source: z.object({ kind: z.string(), location: z.string(), names: z.number().int(), sha256: z.string() }),
  top: z.number().int(),
  per_decile: z.number().int(),
  deciles: z.array(DecileInfo),
  entries: z.array(SampleEntry),
  excluded: z.array(ExcludedEntry),
});
export type Manifest = z.infer<typeof Manifest>;

export const METHOD =
  'Names ranked by frequency descending, ties by name ascending (ordinal, by UTF-16 code units). ' +
  'Stratum "top": the first N ranked names, walking down the ranking past excluded ones. ' +
  'The names ranked below the top stratum are cut by rank into 10 deciles of equal size (sizes differ by at most one; ' +
  'decile = 10 - floor(10 * i / M) for the i-th (0-based) of M names, so decile 10 is the most used). ' +
  'From each decile, 10 down to 1, k names are drawn without replacement: index = uniformInt(rng, 0, remaining - 1) into the ' +
  'decile\'s not-yet-drawn names in rank order, rng = pure-rand xoroshiro128plus(seed), one generator for the whole sample. ' +
  'A drawn name on the exclusion list is recorded as excluded with its reason and another name is drawn from the same decile.';

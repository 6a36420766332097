import { summarize } from '../analysis/stats.js';

/** One timed region's measurement as the worker (or an importer) reports it. */
export interface TimedRegion {
  cold_ms?: number | null;
  samples_ms: number[];
  /**
   * Which timed region of the case this measures (default: its position in the list).
   * Repetitions of the same region (an imported study's repeated runs) share region 0.
   */
  region?: number;
}

/** A case's latency statistics as the store keeps them (milliseconds). */
export interface CaseStats {
  n: number | null;
  medianMs: number | null;
  meanMs: number | null;
  minMs: number | null;
  iqrMs: number | null;
  madMs: number | null;
  coldMs: number | null;
}

export const NO_STATS: CaseStats = { n: null, medianMs: null, meanMs: null, minMs: null, iqrMs: null, madMs: null, coldMs: null };

/**
 * The one summary of a case's timings, used by the runner, the importers and the reports:
 * the samples of the case's first timed region (pooled over its repetitions), and the
 * first cold call of that region. Later regions (a case may call `bench.measure` more
 * than once) are kept with the samples but not summarised.
 */
export function summarizeCase(measurements: readonly TimedRegion[] | null | undefined): CaseStats {
  if (!measurements?.length) return NO_STATS;
  const same = firstRegion(measurements);
  const s = summarize(same.flatMap((m) => m.samples_ms ?? []));
  const cold = same.find((m) => m.cold_ms != null)?.cold_ms ?? null;
  return { n: s?.n ?? 0, medianMs: s?.median ?? null, meanMs: s?.mean ?? null, minMs: s?.min ?? null, iqrMs: s?.iqr ?? null, madMs: s?.mad ?? null, coldMs: cold };
}

/** The measurements of a case's first timed region (all its repetitions). */
function firstRegion(measurements: readonly TimedRegion[]): TimedRegion[] {
  const regionOf = (m: TimedRegion, i: number) => m.region ?? i;
  const first = regionOf(measurements[0], 0);
  return measurements.filter((m, i) => regionOf(m, i) === first);
}

/** The samples summarizeCase summarises, from a stored result's `samples` JSON ([] when absent or unreadable). */
export function caseSamples(stored: string | null | undefined): number[] {
  const list = parseMeasurements(stored);
  if (!list.length) return [];
  return firstRegion(list)
    .flatMap((m) => m.samples_ms)
    .filter((v) => typeof v === 'number' && Number.isFinite(v));
}

/** A stored result's `samples` JSON as measurements ([] when absent or unreadable). */
export function parseMeasurements(stored: string | null | undefined): TimedRegion[] {
  if (!stored) return [];
  try {
    const list = JSON.parse(stored) as unknown;
    if (!Array.isArray(list)) return [];
    return list.filter((m): m is TimedRegion => m != null && typeof m === 'object' && Array.isArray((m as TimedRegion).samples_ms));
  } catch {
    return [];
  }
}

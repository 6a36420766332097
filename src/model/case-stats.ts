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
  /** Calls per sample (blocked timing: samples are per call). */
  block?: number;
  /** The same samples timed by the device's own clock (CUDA events), named by device_clock. */
  device_samples_ms?: number[];
  device_clock?: string | null;
  /** A buffer larger than the last-level cache was written before each sample. */
  flush_cache?: boolean;
}

/** Statistics of the device-clock samples of a case (milliseconds), with the clock's name. */
export interface DeviceStats {
  clock: string;
  n: number;
  medianMs: number;
  meanMs: number;
  minMs: number;
  iqrMs: number;
  madMs: number;
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
  /** The same samples on the device's own clock; null when the device has none (wall time only). */
  device: DeviceStats | null;
  /** The largest number of calls per sample in the region (blocked timing), or null when not recorded. */
  block: number | null;
  /** Whether caches were flushed before each sample. */
  flushCache: boolean;
}

export const NO_STATS: CaseStats = { n: null, medianMs: null, meanMs: null, minMs: null, iqrMs: null, madMs: null, coldMs: null, device: null, block: null, flushCache: false };

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
  const blocks = same.map((m) => m.block).filter((b): b is number => typeof b === 'number');
  return {
    n: s?.n ?? 0,
    medianMs: s?.median ?? null,
    meanMs: s?.mean ?? null,
    minMs: s?.min ?? null,
    iqrMs: s?.iqr ?? null,
    madMs: s?.mad ?? null,
    coldMs: cold,
    device: deviceStats(same),
    block: blocks.length ? Math.max(...blocks) : null,
    flushCache: same.some((m) => m.flush_cache === true),
  };
}

/** The device-clock samples of a region, summarised the same way as its wall samples. */
function deviceStats(same: readonly TimedRegion[]): DeviceStats | null {
  const timed = same.filter((m) => m.device_clock && Array.isArray(m.device_samples_ms));
  const s = summarize(timed.flatMap((m) => m.device_samples_ms!));
  if (!s) return null;
  return { clock: timed[0].device_clock!, n: s.n, medianMs: s.median, meanMs: s.mean, minMs: s.min, iqrMs: s.iqr, madMs: s.mad };
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

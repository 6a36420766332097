import { NO_STATS, parseMeasurements, summarizeCase } from '../model/case-stats.js';
import { VOCABULARY } from '../model/vocabulary.js';

/** Summary statistics of latency samples (milliseconds). */
export interface SampleStats {
  n: number;
  median: number;
  mean: number;
  min: number;
  max: number;
  /** Interquartile range: 75th minus 25th percentile (linear interpolation). */
  iqr: number;
  /** Median absolute deviation from the median (unscaled). */
  mad: number;
}

export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function median(values: number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

export function mean(values: number[]): number {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : NaN;
}

export function iqr(values: number[]): number {
  const xs = [...values].sort((a, b) => a - b);
  return quantile(xs, 0.75) - quantile(xs, 0.25);
}

/** Median absolute deviation (not scaled to a normal σ). */
export function mad(values: number[]): number {
  if (!values.length) return NaN;
  const m = median(values);
  return median(values.map((v) => Math.abs(v - m)));
}

export function summarize(samples: number[]): SampleStats | null {
  const xs = samples.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!xs.length) return null;
  const med = quantile(xs, 0.5);
  return {
    n: xs.length,
    median: med,
    mean: mean(xs),
    min: xs[0],
    max: xs[xs.length - 1],
    iqr: quantile(xs, 0.75) - quantile(xs, 0.25),
    mad: median(xs.map((v) => Math.abs(v - med))),
  };
}

/** One case's latency statistics as `report --format json` gives them (milliseconds). */
export interface CaseLatency {
  median: number;
  mean: number;
  min: number;
  iqr: number;
  mad: number;
  n: number;
  /** The first call, timed apart (compilation, kernel loading, caches). */
  cold: number | null;
  /** Set when the median is too close to the timer's resolution or the harness's own per-call cost to be quoted. */
  near_timer_limit?: string;
  /** The clock of the figures above: always the wall clock (device synchronised around each sample). */
  clock: 'wall';
  /** The same samples on the device's own clock, when it has one (CUDA events): its name and statistics. */
  device_clock?: string;
  device_median?: number;
  device_mean?: number;
  device_min?: number;
  device_iqr?: number;
  device_mad?: number;
  device_n?: number;
  /** Calls per sample when the case was timed in blocks (the figures are per call). */
  block?: number;
  /** Caches were flushed before each sample (--flush-cache). */
  flush_cache?: true;
}

/** Timer resolution and per-call harness cost measured at worker start (nanoseconds). */
export interface Calibration {
  timer_resolution_ns?: number;
  call_overhead_ns?: number;
}

/**
 * A median under this many timer steps, or this many times the harness's cost of one timed
 * sample, is flagged: the vocabulary's `timing.quote_floor` (python/portabench/vocabulary.json).
 * It is a different threshold from `timing.block_aim`, which python/portabench/blocks.py reads:
 * the aim is how long the worker makes a blocked sample (100x the cost, 1000 timer steps, so
 * the harness is under 1% of it), the floor is where a reported median stops being quotable
 * (the harness 10% of it, the timer's rounding 1%). The floor lies below the aim, so a sample
 * the blocker aimed for is never flagged (test/vocabulary.test.ts checks it).
 */
export const RESOLUTION_FACTOR = VOCABULARY.timing.quote_floor.resolution_factor;
export const OVERHEAD_FACTOR = VOCABULARY.timing.quote_floor.overhead_factor;

/** Why a median (ms) is too close to the measuring limits to quote, or null. */
export function nearTimerLimit(medianMs: number, cal: Calibration | null | undefined): string | null {
  if (!cal) return null;
  const ns = medianMs * 1e6;
  if (cal.timer_resolution_ns && ns < RESOLUTION_FACTOR * cal.timer_resolution_ns) {
    return `median ${ns.toFixed(0)} ns is under ${RESOLUTION_FACTOR}× the timer resolution (${cal.timer_resolution_ns} ns)`;
  }
  if (cal.call_overhead_ns && ns < OVERHEAD_FACTOR * cal.call_overhead_ns) {
    return `median ${ns.toFixed(0)} ns is under ${OVERHEAD_FACTOR}× the harness's per-call cost (${cal.call_overhead_ns.toFixed(0)} ns)`;
  }
  return null;
}

interface StoredResult {
  outcome: string;
  median_ms: number | null;
  mean_ms: number | null;
  min_ms: number | null;
  n: number | null;
  cold_ms: number | null;
  samples: string | null;
  iqr_ms?: number | null;
  mad_ms?: number | null;
}

/** A passing case's latency from its stored result (samples fill in older rows). */
export function caseLatency(r: StoredResult, cal?: Calibration | null): CaseLatency | null {
  if (r.outcome !== 'pass' || r.median_ms == null) return null;
  // the one summary of the samples: device clock, block and flush; and the spread of older rows, which stored none
  const s = r.samples ? summarizeCase(parseMeasurements(r.samples)) : NO_STATS;
  const iqrMs = r.iqr_ms ?? s.iqrMs;
  const madMs = r.mad_ms ?? s.madMs;
  const out: CaseLatency = {
    median: r.median_ms,
    mean: r.mean_ms ?? NaN,
    min: r.min_ms ?? NaN,
    iqr: iqrMs ?? NaN,
    mad: madMs ?? NaN,
    n: r.n ?? 0,
    cold: r.cold_ms,
    clock: 'wall',
  };
  if (s.device) {
    Object.assign(out, {
      device_clock: s.device.clock,
      device_median: s.device.medianMs,
      device_mean: s.device.meanMs,
      device_min: s.device.minMs,
      device_iqr: s.device.iqrMs,
      device_mad: s.device.madMs,
      device_n: s.device.n,
    });
  }
  if (s.block != null && s.block > 1) out.block = s.block;
  if (s.flushCache) out.flush_cache = true;
  const flag = nearTimerLimit(r.median_ms, cal);
  if (flag) out.near_timer_limit = flag;
  return out;
}

export function parseCalibration(text: string | null | undefined): Calibration | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as Calibration;
  } catch {
    return null;
  }
}

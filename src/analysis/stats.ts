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

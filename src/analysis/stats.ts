/** Summary statistics of latency samples (milliseconds). */
export interface SampleStats {
  n: number;
  median: number;
  mean: number;
  min: number;
  max: number;
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

export function summarize(samples: number[]): SampleStats | null {
  const xs = samples.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!xs.length) return null;
  return { n: xs.length, median: quantile(xs, 0.5), mean: mean(xs), min: xs[0], max: xs[xs.length - 1] };
}

/** Seeded percentile bootstrap over functions: reproducible confidence intervals for shares. */

/** Resamples drawn for every bootstrap interval (percentile method). */
export const BOOTSTRAP_RESAMPLES = 2000;
/** Seed of the generator: the same data always gives the same interval. */
export const BOOTSTRAP_SEED = 2023;

/** mulberry32: a small, fast, seedable 32-bit generator (uniform in [0, 1)). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * 95% percentile-bootstrap intervals of the share of items in each class, resampling the
 * items (functions) with replacement. Returns, per class, [low, high] as fractions in [0, 1].
 * With no items the interval is [0, 1] (nothing is known).
 */
export function bootstrapShares<K extends string>(labels: K[], classes: readonly K[], opts: { resamples?: number; seed?: number } = {}): Record<K, [number, number]> {
  const out = {} as Record<K, [number, number]>;
  const n = labels.length;
  if (!n) {
    for (const k of classes) out[k] = [0, 1];
    return out;
  }
  const B = opts.resamples ?? BOOTSTRAP_RESAMPLES;
  const rand = seededRandom(opts.seed ?? BOOTSTRAP_SEED);
  const draws: Record<string, number[]> = {};
  for (const k of classes) draws[k] = new Array(B);
  const counts = new Map<K, number>();
  for (let b = 0; b < B; b++) {
    counts.clear();
    for (let i = 0; i < n; i++) {
      const k = labels[Math.floor(rand() * n)];
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    for (const k of classes) draws[k][b] = (counts.get(k) ?? 0) / n;
  }
  for (const k of classes) {
    const s = draws[k].sort((a, b) => a - b);
    out[k] = [percentile(s, 0.025), percentile(s, 0.975)];
  }
  return out;
}

export interface Frequency {
  name: string;
  frequency: number;
}

export interface Ranked extends Frequency {
  /** 1 = most used. */
  rank: number;
}

/** Deterministic order: frequency descending, then name ascending by UTF-16 code units (not locale). */
export function compareFrequency(a: Frequency, b: Frequency): number {
  if (a.frequency !== b.frequency) return b.frequency - a.frequency;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function rankNames(items: Frequency[]): Ranked[] {
  return [...items].sort(compareFrequency).map((it, i) => ({ ...it, rank: i + 1 }));
}

/** Decile of the i-th (0-based, most used first) of m names: 10 (most used) … 1 (least used), equal sizes by rank. */
export function decileOf(i: number, m: number): number {
  return 10 - Math.floor((10 * i) / m);
}

/** Split ranked names (most used first) into deciles 10 … 1. */
export function splitDeciles<T>(ranked: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (let d = 10; d >= 1; d--) out.set(d, []);
  ranked.forEach((item, i) => out.get(decileOf(i, ranked.length))!.push(item));
  return out;
}

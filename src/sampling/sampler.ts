import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { METHOD, type ExcludedEntry, type Manifest, type SampleEntry } from './manifest.js';
import { rankNames, splitDeciles, type Frequency, type Ranked } from './rank.js';

export interface SampleOptions {
  top: number;
  perDecile: number;
  seed: number;
  /** name → reason: names that must not be in the sample. */
  exclusions?: Map<string, string>;
  framework?: string | null;
  source: Manifest['source'];
}

export const GENERATOR = 'pure-rand xoroshiro128plus(seed), uniformInt(rng, 0, n - 1)';

/**
 * The stratified sample: the top N names by frequency plus k drawn at random from each
 * frequency decile of the names ranked below them (see METHOD for every rule). The same
 * frequencies, options and seed give the same manifest on every machine.
 */
export function drawSample(items: Frequency[], opts: SampleOptions): Manifest {
  if (!Number.isInteger(opts.seed) || opts.seed < -(2 ** 31) || opts.seed >= 2 ** 32) throw new Error(`the seed must be a 32-bit integer, got ${opts.seed}`);
  if (!Number.isInteger(opts.top) || opts.top < 0) throw new Error(`--top must be a whole number ≥ 0, got ${opts.top}`);
  if (!Number.isInteger(opts.perDecile) || opts.perDecile < 0) throw new Error(`--per-decile must be a whole number ≥ 0, got ${opts.perDecile}`);
  const seen = new Set<string>();
  for (const it of items) {
    if (seen.has(it.name)) throw new Error(`the name ${it.name} appears twice in the frequencies`);
    seen.add(it.name);
  }
  const exclusions = opts.exclusions ?? new Map<string, string>();
  const ranked = rankNames(items);
  const entries: SampleEntry[] = [];
  const excluded: ExcludedEntry[] = [];
  let draw = 0;

  // Top stratum: walk down the ranking past excluded names. Each excluded one is
  // replaced by a name from beyond the first N ranks, in rank order.
  let next = 0;
  const topExcluded: ExcludedEntry[] = [];
  while (entries.length < opts.top && next < ranked.length) {
    const r = ranked[next++];
    const reason = exclusions.get(r.name);
    if (reason !== undefined) {
      const x: ExcludedEntry = { name: r.name, frequency: r.frequency, stratum: 'top', decile: null, rank: r.rank, draw: draw++, reason, replaced_by: null };
      excluded.push(x);
      topExcluded.push(x);
      continue;
    }
    entries.push({ name: r.name, frequency: r.frequency, stratum: 'top', decile: null, rank: r.rank, draw: draw++, replaces: null });
  }
  entries
    .filter((e) => e.rank > opts.top)
    .forEach((e, i) => {
      const x = topExcluded[i];
      if (!x) return;
      x.replaced_by = e.name;
      e.replaces = x.name;
    });

  // Deciles of the names below the top stratum, drawn 10 (most used) down to 1.
  const rest = ranked.slice(next);
  const deciles = splitDeciles(rest);
  const rng = xoroshiro128plus(opts.seed | 0);
  const info: Manifest['deciles'] = [];
  for (const [decile, names] of deciles) {
    const pool: Ranked[] = [...names];
    let taken = 0;
    const pending: ExcludedEntry[] = [];
    while (taken < opts.perDecile && pool.length > 0) {
      const [r] = pool.splice(uniformInt(rng, 0, pool.length - 1), 1);
      const reason = exclusions.get(r.name);
      if (reason !== undefined) {
        const x: ExcludedEntry = { name: r.name, frequency: r.frequency, stratum: 'decile', decile, rank: r.rank, draw: draw++, reason, replaced_by: null };
        excluded.push(x);
        pending.push(x);
        continue;
      }
      const replaced = pending.shift();
      if (replaced) replaced.replaced_by = r.name;
      entries.push({ name: r.name, frequency: r.frequency, stratum: 'decile', decile, rank: r.rank, draw: draw++, replaces: replaced?.name ?? null });
      taken++;
    }
    info.push({
      decile,
      size: names.length,
      min_frequency: names.length ? names[names.length - 1].frequency : null,
      max_frequency: names.length ? names[0].frequency : null,
      shortfall: opts.perDecile - taken,
    });
  }

  return {
    seed: opts.seed,
    method: METHOD,
    generator: GENERATOR,
    framework: opts.framework ?? null,
    source: opts.source,
    top: opts.top,
    per_decile: opts.perDecile,
    deciles: info,
    entries,
    excluded,
  };
}

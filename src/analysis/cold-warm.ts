import { isPass } from '../model/outcome.js';
import { identity, type Dataset, type TargetIdentity } from './dataset.js';
import { mean, median } from './stats.js';

export interface ColdWarmFunction {
  function: string;
  cases: number;
  /** Mean over passing cases of the first (cold) call, ms. */
  cold_ms: number;
  /** Mean over the same cases of each case's median warm time, ms. */
  warm_ms: number;
  /** cold_ms / warm_ms */
  ratio: number;
}

export interface ColdWarmRow extends TargetIdentity {
  functions: ColdWarmFunction[];
  median_ratio: number | null;
  geomean_ratio: number | null;
}

/** Cold (first call: compilation, kernel loading) against warm latency, for targets whose results have both. */
export function coldWarm(ds: Dataset): ColdWarmRow[] {
  const rows: ColdWarmRow[] = [];
  for (const d of ds.targets) {
    const functions: ColdWarmFunction[] = [];
    for (const [fn, list] of d.functions) {
      const ok = list.filter((c) => c.result != null && isPass(c.result.outcome) && c.result.cold_ms != null && c.result.median_ms != null && c.result.median_ms > 0);
      if (!ok.length) continue;
      const cold = mean(ok.map((c) => c.result!.cold_ms!));
      const warm = mean(ok.map((c) => c.result!.median_ms!));
      functions.push({ function: fn, cases: ok.length, cold_ms: cold, warm_ms: warm, ratio: cold / warm });
    }
    if (!functions.length) continue;
    functions.sort((a, b) => b.ratio - a.ratio);
    const ratios = functions.map((f) => f.ratio).filter((r) => r > 0 && Number.isFinite(r));
    rows.push({ ...identity(d), functions, median_ratio: ratios.length ? median(ratios) : null, geomean_ratio: ratios.length ? Math.exp(mean(ratios.map(Math.log))) : null });
  }
  return rows;
}

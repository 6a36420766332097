import { formatConfig, sameConfig } from '../model/target-id.js';
import type { CaseWithResult } from '../store/store.js';
import { identity, latencyUsable, type Dataset, type TargetData, type TargetIdentity } from './dataset.js';
import { resolveSelector, type TargetSelector } from './selector.js';
import { mean, median } from './stats.js';

/** One function's latency on both sides, over the cases usable on both. */
export interface FunctionComparison {
  function: string;
  /** Cases compared (passed, or timed with unknown outcome, on both sides). */
  cases: number;
  /** Mean over cases of each case's mean operation time (the study's convention), ms. */
  from_ms: number;
  to_ms: number;
  /** to_ms / from_ms: above 1 the function is slower on "to". */
  ratio: number;
  /** Median over cases of each case's median operation time, ms. */
  from_median_ms: number;
  to_median_ms: number;
  ratio_median: number;
}

export interface RatioSummary {
  /** Functions compared. */
  n: number;
  /** ratio > 1 */
  slower: number;
  /** ratio > 10 */
  slower_10x: number;
  /** ratio < 1 */
  faster: number;
  /** ratio ≤ 1/1.5: at least 1.5× faster on "to" */
  faster_1_5x: number;
  pct_slower: number;
  largest: { function: string; ratio: number } | null;
  smallest: { function: string; ratio: number } | null;
  geomean_ratio: number | null;
  median_ratio: number | null;
}

export interface ComparisonSide extends TargetIdentity {
  selector: string;
  functions: number;
}

export interface Comparison {
  /** Which clock the latencies are: wall time around each call, the device synchronised (device-event samples are in each case's JSON latency). */
  clock: 'wall';
  from: ComparisonSide;
  to: ComparisonSide;
  functions: FunctionComparison[];
  /** Over the mean-based ratios; `median_based` repeats it over the median-based ones. */
  summary: RatioSummary & {
    median_based: RatioSummary;
    /** Functions on only one side, or with no case usable on both. */
    only_from: number;
    only_to: number;
    no_common_cases: number;
  };
  /** Set when the two sides run different framework configurations: the ratios compare two programs. */
  config_note: string | null;
}

interface CaseLatency {
  mean: number;
  median: number;
}

function usableCases(list: CaseWithResult[]): Map<string, CaseLatency> {
  const out = new Map<string, CaseLatency>();
  for (const c of list) if (latencyUsable(c)) out.set(c.name, { mean: c.result!.mean_ms!, median: c.result!.median_ms ?? c.result!.mean_ms! });
  return out;
}

export function summarizeRatios(items: { function: string; ratio: number }[]): RatioSummary {
  const valid = items.filter((x) => Number.isFinite(x.ratio) && x.ratio > 0);
  const sorted = [...valid].sort((a, b) => a.ratio - b.ratio);
  const n = valid.length;
  const slower = valid.filter((x) => x.ratio > 1).length;
  return {
    n,
    slower,
    slower_10x: valid.filter((x) => x.ratio > 10).length,
    faster: valid.filter((x) => x.ratio < 1).length,
    faster_1_5x: valid.filter((x) => x.ratio <= 1 / 1.5).length,
    pct_slower: n ? (100 * slower) / n : 0,
    largest: n ? { function: sorted[n - 1].function, ratio: sorted[n - 1].ratio } : null,
    smallest: n ? { function: sorted[0].function, ratio: sorted[0].ratio } : null,
    geomean_ratio: n ? Math.exp(mean(valid.map((x) => Math.log(x.ratio)))) : null,
    median_ratio: n ? median(valid.map((x) => x.ratio)) : null,
  };
}

/** Compare two resolved targets function by function. */
export function compareData(from: TargetData, to: TargetData, fromText = '', toText = ''): Comparison {
  const functions: FunctionComparison[] = [];
  let noCommon = 0;
  for (const [fn, fromList] of from.functions) {
    const toList = to.functions.get(fn);
    if (!toList) continue;
    const a = usableCases(fromList);
    const b = usableCases(toList);
    const common = [...a.keys()].filter((k) => b.has(k));
    const usable = common.filter((k) => a.get(k)!.mean > 0 && b.get(k)!.mean > 0);
    if (!usable.length) {
      noCommon++;
      continue;
    }
    const fromMs = mean(usable.map((k) => a.get(k)!.mean));
    const toMs = mean(usable.map((k) => b.get(k)!.mean));
    const fromMed = median(usable.map((k) => a.get(k)!.median));
    const toMed = median(usable.map((k) => b.get(k)!.median));
    functions.push({ function: fn, cases: usable.length, from_ms: fromMs, to_ms: toMs, ratio: toMs / fromMs, from_median_ms: fromMed, to_median_ms: toMed, ratio_median: toMed / fromMed });
  }
  functions.sort((x, y) => y.ratio - x.ratio);
  const onlyFrom = [...from.functions.keys()].filter((f) => !to.functions.has(f)).length;
  const onlyTo = [...to.functions.keys()].filter((f) => !from.functions.has(f)).length;
  return {
    clock: 'wall',
    from: { selector: fromText, ...identity(from), functions: from.functions.size },
    to: { selector: toText, ...identity(to), functions: to.functions.size },
    functions,
    config_note: sameConfig(from.id, to.id)
      ? null
      : `the two sides run different framework configurations (${formatConfig(from.id.config) || 'default'} → ${formatConfig(to.id.config) || 'default'}): a ratio compares the device and the configuration together`,
    summary: {
      ...summarizeRatios(functions),
      median_based: summarizeRatios(functions.map((f) => ({ function: f.function, ratio: f.ratio_median }))),
      only_from: onlyFrom,
      only_to: onlyTo,
      no_common_cases: noCommon,
    },
  };
}

/** Latency of every function on two targets of a dataset and their ratio (to / from), over the cases usable on both. */
export function compareTargets(ds: Dataset, from: TargetSelector | string, to: TargetSelector | string): Comparison {
  const a = resolveSelector(ds, from);
  const b = resolveSelector(ds, to);
  return compareData(a, b, typeof from === 'string' ? from : from.text, typeof to === 'string' ? to : to.text);
}

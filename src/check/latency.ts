import { compareData, type FunctionComparison } from '../analysis/compare.js';
import type { TargetData } from '../analysis/dataset.js';
import { evidenceKind, type CheckTarget } from './targets.js';

/** A function's measured latency on a target against the baseline (to / from), over the cases usable on both. */
export interface LatencyRatio {
  baseline: string;
  ratio: number;
  cases: number;
  baseline_ms: number;
  target_ms: number;
  /** The baseline's run and the target's run the ratio was computed from. */
  runs: [number, number];
}

/**
 * Latency ratios against a baseline, from `compareData` over every pair of measured runs
 * (baseline run × target run); for each function the pair with the most cases in common
 * (then the latest runs) is used. Comparisons are made once per pair.
 */
export class LatencyRatios {
  private comparisons = new Map<string, Map<string, FunctionComparison>>();

  constructor(private baselines: Map<string, CheckTarget>) {}

  ratio(target: CheckTarget, fn: string): LatencyRatio | null {
    const base = this.baselines.get(target.id.framework);
    if (!base || base.label === target.label) return null;
    let best: { c: FunctionComparison; runs: [number, number] } | null = null;
    for (const b of measured(base)) {
      for (const t of measured(target)) {
        if (!b.functions.has(fn) || !t.functions.has(fn)) continue;
        const c = this.compare(b, t).get(fn);
        if (!c) continue;
        const runs: [number, number] = [b.run.id, t.run.id];
        if (!best || c.cases > best.c.cases || (c.cases === best.c.cases && runs[0] + runs[1] > best.runs[0] + best.runs[1])) best = { c, runs };
      }
    }
    if (!best) return null;
    return { baseline: base.label, ratio: best.c.ratio, cases: best.c.cases, baseline_ms: best.c.from_ms, target_ms: best.c.to_ms, runs: best.runs };
  }

  private compare(from: TargetData, to: TargetData): Map<string, FunctionComparison> {
    const key = `${from.target.id}>${to.target.id}`;
    let c = this.comparisons.get(key);
    if (!c) this.comparisons.set(key, (c = new Map(compareData(from, to).functions.map((f) => [f.function, f]))));
    return c;
  }
}

function measured(t: CheckTarget): TargetData[] {
  return t.members.filter((m) => evidenceKind(m.run.origin, m.id.mode) === 'measured');
}

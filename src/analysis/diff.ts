import { caseSamples } from '../model/case-stats.js';
import { isFailure, isPass, type FunctionStatus } from '../model/outcome.js';
import type { CaseWithResult } from '../store/store.js';
import { identity, type Dataset, type TargetData, type TargetIdentity } from './dataset.js';
import { firstLine } from './portability.js';
import { benjaminiHochberg, mannWhitney } from './rank-test.js';
import { formatConfig, sameConfig } from '../model/target-id.js';
import { matchingTargets, noMatch, parseTargetSelector, runTargetName, SelectorError } from './selector.js';
import { median } from './stats.js';
import { statusesOf } from './tables.js';

/** How latency changes are told from noise. */
export const LATENCY_TEST = {
  method: 'Mann–Whitney U test (two-sided, normal approximation with tie correction) on each case\'s stored samples, Benjamini–Hochberg over the cases of a target pair',
  fdr: 0.01,
  /** The medians must also differ by at least this factor. */
  min_ratio: 1.1,
  /** Cases with fewer samples on either side are not tested. */
  min_samples: 5,
} as const;

export interface FunctionChange {
  function: string;
  from: FunctionStatus;
  to: FunctionStatus;
}

export interface CaseChange {
  function: string;
  case: string;
  from: string;
  to: string;
  from_category: string | null;
  to_category: string | null;
  /** The first line of the error on the side where the case fails. */
  error: string | null;
}

export interface LatencyChange {
  function: string;
  case: string;
  from_median_ms: number;
  to_median_ms: number;
  /** to / from */
  ratio: number;
  n_from: number;
  n_to: number;
  p: number;
  q: number;
}

export interface TargetDiff {
  from: TargetIdentity & { label: string };
  to: TargetIdentity & { label: string };
  functions: {
    stopped_passing: FunctionChange[];
    started_passing: FunctionChange[];
    /** Other status changes among failing functions (partial ↔ complete). */
    changed: FunctionChange[];
    new: string[];
    vanished: string[];
  };
  cases: {
    stopped_passing: CaseChange[];
    started_passing: CaseChange[];
    /** Failing on both sides, in another category. */
    category_changed: CaseChange[];
    new: number;
    vanished: number;
  };
  latency: {
    /** Cases passing on both sides with enough samples to test. */
    tested: number;
    /** Cases passing on both sides with too few samples. */
    untested: number;
    slower: LatencyChange[];
    faster: LatencyChange[];
  };
  /** Functions and cases that stopped passing. */
  regressions: number;
}

export interface Diff {
  from: string;
  to: string;
  latency_test: typeof LATENCY_TEST;
  targets: TargetDiff[];
  /** Targets on one side with no counterpart on the other. */
  unmatched_from: string[];
  unmatched_to: string[];
  /**
   * What a reader must know about the pairing: targets left unpaired because their
   * framework configurations differ, or a pair in different configurations (both
   * selectors named one).
   */
  config_notes: string[];
  regressions: number;
}

const passing = (s: FunctionStatus) => s === 'pass';
const ran = (s: FunctionStatus) => s !== 'not_run';

function side(d: TargetData) {
  return { ...identity(d), label: d.label };
}

function casesByKey(d: TargetData): Map<string, CaseWithResult> {
  const m = new Map<string, CaseWithResult>();
  for (const [fn, list] of d.functions) for (const c of list) m.set(`${fn}\0${c.name}`, c);
  return m;
}

const errorOf = (c: CaseWithResult) => (c.result ? firstLine([c.result.error_type, c.result.error_message].filter(Boolean).join(': ')) || null : null);

/** What changed between two targets: function and case outcomes, categories, and latency beyond noise. */
export function diffTargets(a: TargetData, b: TargetData): TargetDiff {
  const sa = statusesOf(a);
  const sb = statusesOf(b);
  const functions: TargetDiff['functions'] = { stopped_passing: [], started_passing: [], changed: [], new: [], vanished: [] };
  for (const [fn, from] of sa) {
    const to = sb.get(fn);
    if (to === undefined) {
      functions.vanished.push(fn);
      continue;
    }
    if (from === to || !ran(from) || !ran(to)) {
      if (from !== to && !ran(from) && ran(to)) (passing(to) ? functions.started_passing : functions.changed).push({ function: fn, from, to });
      else if (from !== to && ran(from) && !ran(to)) functions.changed.push({ function: fn, from, to });
      continue;
    }
    if (passing(from)) functions.stopped_passing.push({ function: fn, from, to });
    else if (passing(to)) functions.started_passing.push({ function: fn, from, to });
    else functions.changed.push({ function: fn, from, to });
  }
  for (const fn of sb.keys()) if (!sa.has(fn)) functions.new.push(fn);

  const ca = casesByKey(a);
  const cb = casesByKey(b);
  const cases: TargetDiff['cases'] = { stopped_passing: [], started_passing: [], category_changed: [], new: 0, vanished: 0 };
  const tests: Array<Omit<LatencyChange, 'q'>> = [];
  let untested = 0;
  for (const [key, x] of ca) {
    const y = cb.get(key);
    if (!y) {
      cases.vanished++;
      continue;
    }
    const rx = x.result;
    const ry = y.result;
    if (!rx || !ry) continue;
    const change = (error: string | null): CaseChange => ({ function: x.function, case: x.name, from: rx.outcome, to: ry.outcome, from_category: rx.category, to_category: ry.category, error });
    if (isPass(rx.outcome) && isFailure(ry.outcome)) cases.stopped_passing.push(change(errorOf(y)));
    else if (isFailure(rx.outcome) && isPass(ry.outcome)) cases.started_passing.push(change(errorOf(x)));
    else if (isFailure(rx.outcome) && isFailure(ry.outcome) && (rx.category ?? rx.outcome) !== (ry.category ?? ry.outcome)) cases.category_changed.push(change(errorOf(y)));
    else if (isPass(rx.outcome) && isPass(ry.outcome)) {
      const xs = caseSamples(rx.samples);
      const ys = caseSamples(ry.samples);
      if (xs.length < LATENCY_TEST.min_samples || ys.length < LATENCY_TEST.min_samples) {
        untested++;
        continue;
      }
      const mx = median(xs);
      const my = median(ys);
      tests.push({ function: x.function, case: x.name, from_median_ms: mx, to_median_ms: my, ratio: my / mx, n_from: xs.length, n_to: ys.length, p: mannWhitney(xs, ys).p });
    }
  }
  for (const key of cb.keys()) if (!ca.has(key)) cases.new++;

  const q = benjaminiHochberg(tests.map((t) => t.p));
  const significant = tests.map((t, i) => ({ ...t, q: q[i] })).filter((t) => t.q <= LATENCY_TEST.fdr && Number.isFinite(t.ratio));
  const slower = significant.filter((t) => t.ratio >= LATENCY_TEST.min_ratio).sort((x, y) => y.ratio - x.ratio);
  const faster = significant.filter((t) => t.ratio <= 1 / LATENCY_TEST.min_ratio).sort((x, y) => x.ratio - y.ratio);
  for (const list of Object.values(functions)) list.sort((x: { function?: string } | string, y: { function?: string } | string) => String(typeof x === 'string' ? x : x.function).localeCompare(String(typeof y === 'string' ? y : y.function)));
  return {
    from: side(a),
    to: side(b),
    functions,
    cases,
    latency: { tested: tests.length, untested, slower, faster },
    regressions: functions.stopped_passing.length + cases.stopped_passing.length,
  };
}

/**
 * The targets one side of a diff names: a run id → every target of that run; a target
 * pattern → its matching targets, the latest run's where the same target was measured again.
 */
function sideTargets(ds: Dataset, text: string): TargetData[] {
  const sel = parseTargetSelector(text);
  const found = matchingTargets(ds, sel);
  if (!found.length) throw noMatch(ds, text);
  const latest = new Map<string, TargetData>();
  for (const d of found) {
    const key = `${pairKey(d)}/${d.target.hardware ?? ''}`;
    const prev = latest.get(key);
    if (!prev || prev.run.id < d.run.id) latest.set(key, d);
  }
  return [...latest.values()];
}

/** Targets pair by framework/device/mode and framework configuration: another configuration measures another program. */
const pairKey = (d: TargetData) => `${d.target.framework}/${d.target.device}/${d.target.mode}${formatConfig(d.id.config)}`;
const configName = (d: TargetData) => formatConfig(d.id.config) || 'the default configuration';

/**
 * Diff two selections (`A`, `B`: run ids or target patterns). Targets are paired by
 * framework/device/mode and framework configuration; one target on each side are paired
 * whatever their device (a device against another), but two configurations only when
 * both selectors name a configuration (`jax/cpu[]` and `jax/cpu[jax_enable_x64=true]`),
 * and the diff says so (config_notes).
 */
export function diffDatasets(ds: Dataset, fromText: string, toText: string): Diff {
  const as = sideTargets(ds, fromText);
  const bs = sideTargets(ds, toText);
  const pairs: Array<[TargetData, TargetData]> = [];
  const usedB = new Set<TargetData>();
  const configNotes: string[] = [];
  const single = as.length === 1 && bs.length === 1;
  const bothNamed = parseTargetSelector(fromText).config !== undefined && parseTargetSelector(toText).config !== undefined;
  if (single && (sameConfig(as[0].id, bs[0].id) || bothNamed)) {
    pairs.push([as[0], bs[0]]);
    if (!sameConfig(as[0].id, bs[0].id)) configNotes.push(`${as[0].label} and ${bs[0].label} run different framework configurations (${configName(as[0])} → ${configName(bs[0])}): every change below may come from the configuration`);
  } else if (single) {
    const named = (d: TargetData) => `${d.id.framework}/${d.id.device}/${d.id.mode}${formatConfig(d.id.config) || '[]'}`;
    configNotes.push(`${as[0].label} and ${bs[0].label} were not paired: they run different framework configurations (${configName(as[0])} vs ${configName(bs[0])}); to diff them anyway name both configurations (${named(as[0])} and ${named(bs[0])})`);
  } else if ((as.length === 1 || bs.length === 1) && !as.some((a) => bs.some((b) => pairKey(a) === pairKey(b)))) {
    const [text, many] = as.length === 1 ? [toText, bs] : [fromText, as];
    throw new SelectorError(`"${text}" matches ${many.length} targets (${many.map(runTargetName).join(', ')}) and none has the other side's framework/device/mode and configuration: name one`);
  } else {
    for (const a of as) {
      const b = bs.find((x) => !usedB.has(x) && pairKey(x) === pairKey(a) && x.target.hardware === a.target.hardware) ?? bs.find((x) => !usedB.has(x) && pairKey(x) === pairKey(a));
      if (!b) continue;
      usedB.add(b);
      pairs.push([a, b]);
    }
    const paired = (a: TargetData) => pairs.some(([x]) => x === a);
    for (const a of as.filter((x) => !paired(x))) {
      const other = bs.find((b) => !usedB.has(b) && b.target.framework === a.target.framework && b.target.device === a.target.device && b.target.mode === a.target.mode);
      if (other) configNotes.push(`${a.label} and ${other.label} were not paired: they run different framework configurations (${configName(a)} vs ${configName(other)})`);
    }
  }
  const targets = pairs.map(([a, b]) => diffTargets(a, b));
  return {
    from: fromText,
    to: toText,
    latency_test: LATENCY_TEST,
    targets,
    unmatched_from: as.filter((a) => !pairs.some(([x]) => x === a)).map((a) => a.label),
    unmatched_to: bs.filter((b) => !pairs.some(([, y]) => y === b)).map((b) => b.label),
    config_notes: configNotes,
    regressions: targets.reduce((n, t) => n + t.regressions, 0),
  };
}

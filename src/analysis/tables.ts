import { readFileSync } from 'node:fs';
import { isFailure } from '../model/outcome.js';
import { BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, bootstrapShares } from './bootstrap.js';
import { identity, type Dataset, type TargetData, type TargetIdentity } from './dataset.js';
import { targetReport, type FunctionStatus } from './portability.js';

/** A share of functions: count, percentage of the row's functions, and its 95% bootstrap interval (percent). */
export interface Share {
  count: number;
  pct: number;
  ci95: [number, number];
}

/**
 * Functions passing / failing partly / failing completely on one target. Percentages are of
 * `functions`, the functions that ran (at least one case passed or failed); `not_run` counts
 * the others (every case skipped or in error, or the file did not import).
 */
export interface PortabilityRow extends TargetIdentity {
  /** Functions with at least one case that passed or failed: the denominator of every share. */
  functions: number;
  /** Functions of the target with no case that passed or failed. */
  not_run: number;
  pass: Share;
  partial: Share;
  complete: Share;
  /** partial + complete: the study's headline "fail partly or fully". */
  failing: Share;
}

export const CI_METHOD = { method: 'percentile bootstrap over functions', resamples: BOOTSTRAP_RESAMPLES, seed: BOOTSTRAP_SEED, level: 0.95 } as const;

type Split = 'pass' | 'partial' | 'complete' | 'failing';

function shares(statuses: FunctionStatus[]): Pick<PortabilityRow, 'functions' | 'not_run' | Split> {
  const ran = statuses.filter((s) => s !== 'not_run');
  const labels = ran.map((s) => s as Exclude<FunctionStatus, 'not_run'>);
  const n = labels.length;
  const ci = bootstrapShares(labels, ['pass', 'partial', 'complete'] as const);
  const failingCi = bootstrapShares(labels.map((s) => (s === 'pass' ? 'ok' : 'failing')), ['ok', 'failing'] as const);
  const share = (count: number, interval: [number, number]): Share => ({ count, pct: n ? (100 * count) / n : 0, ci95: [100 * interval[0], 100 * interval[1]] });
  const count = (k: string) => labels.filter((s) => s === k).length;
  return {
    functions: n,
    not_run: statuses.length - n,
    pass: share(count('pass'), ci.pass),
    partial: share(count('partial'), ci.partial),
    complete: share(count('complete'), ci.complete),
    failing: share(count('partial') + count('complete'), failingCi.failing),
  };
}

const statusCache = new WeakMap<TargetData, Map<string, FunctionStatus>>();

/** Each function's status on a target (computed once per target and kept). */
export function statusesOf(d: TargetData): Map<string, FunctionStatus> {
  let m = statusCache.get(d);
  if (!m) {
    m = new Map(targetReport(d).functions.map((f) => [f.function, f.status]));
    statusCache.set(d, m);
  }
  return m;
}

/** The portability table: one row per target (framework × device × mode × hardware, per run) with functions. */
export function portabilityTable(ds: Dataset): PortabilityRow[] {
  const rows: PortabilityRow[] = [];
  for (const d of ds.targets) {
    const statuses = [...statusesOf(d).values()];
    const row = { ...identity(d), ...shares(statuses) };
    // A portabench run's target is shown even when nothing ran on it; imported timings with no outcomes are not.
    if (row.functions || (statuses.length && d.run.origin === 'run')) rows.push(row);
  }
  return rows;
}

// -- strata -------------------------------------------------------------------

/** Where a function stands in its framework's usage ranking. */
export interface StratumEntry {
  function: string;
  /** Frequency decile, as the study numbers them (10 = least used … 100 = most used). */
  decile?: number | null;
  top20?: boolean;
  frequency?: number | null;
}

/** 'all', 'top20', or 'decile:<d>'. */
export type Stratum = string;

export interface StratumRow extends TargetIdentity {
  stratum: Stratum;
  functions: number;
  not_run: number;
  pass: Share;
  partial: Share;
  complete: Share;
  failing: Share;
}

/**
 * Stratum info of a run's functions: imported study runs carry it (from paper-functions.json);
 * portabench runs take it from the suite's entries when given.
 */
function strataOf(d: TargetData, suiteEntries?: StratumEntry[]): Map<string, StratumEntry> {
  const out = new Map<string, StratumEntry>();
  for (const e of suiteEntries ?? []) out.set(e.function, e);
  try {
    const options = JSON.parse(d.run.options) as { strata?: Record<string, { decile?: number | null; top20?: boolean; frequency?: number | null }> };
    for (const [fn, s] of Object.entries(options.strata ?? {})) if (!out.has(fn)) out.set(fn, { function: fn, ...s });
  } catch {
    // options that are not JSON carry no strata
  }
  return out;
}

function stratumOrder(s: Stratum): number {
  if (s === 'all') return -2;
  if (s === 'top20') return -1;
  return Number(s.split(':')[1] ?? 0);
}

/** The portability split per stratum: all functions, the top 20, and each frequency decile. */
export function strataTable(ds: Dataset, suiteEntries?: StratumEntry[]): StratumRow[] {
  const rows: StratumRow[] = [];
  for (const d of ds.targets) {
    const statuses = statusesOf(d);
    if (![...statuses.values()].some((s) => s !== 'not_run')) continue;
    const strata = strataOf(d, suiteEntries);
    const groups = new Map<Stratum, FunctionStatus[]>([['all', []]]);
    for (const [fn, status] of statuses) {
      groups.get('all')!.push(status);
      const s = strata.get(fn);
      if (!s) continue;
      const keys: Stratum[] = [];
      if (s.top20) keys.push('top20');
      if (s.decile != null) keys.push(`decile:${s.decile}`);
      for (const k of keys) groups.set(k, [...(groups.get(k) ?? []), status]);
    }
    for (const [stratum, list] of [...groups].sort((a, b) => stratumOrder(a[0]) - stratumOrder(b[0]))) {
      const row = { ...identity(d), stratum, ...shares(list) };
      if (row.functions) rows.push(row);
    }
  }
  return rows;
}

/**
 * Stratum entries from a suite.json: a list under "functions" (or "entries", or the file itself)
 * of objects naming the function ("function" or "name") with "decile" and "top20" (or "top_n"/"rank" ≤ 20).
 */
export function readSuiteStrata(path: string): StratumEntry[] {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  const list = Array.isArray(raw) ? raw : ((raw as Record<string, unknown>)?.functions ?? (raw as Record<string, unknown>)?.entries ?? []);
  if (!Array.isArray(list)) return [];
  const out: StratumEntry[] = [];
  for (const e of list as Record<string, unknown>[]) {
    const fn = typeof e?.function === 'string' ? e.function : typeof e?.name === 'string' ? e.name : null;
    if (!fn) continue;
    const rank = typeof e.rank === 'number' ? e.rank : typeof e.top20_rank === 'number' ? e.top20_rank : null;
    const top20 = e.top20 === true || e.top_n === true || (rank != null && rank <= 20) || e.stratum === 'top20' || e.stratum === 'top';
    const decile = typeof e.decile === 'number' ? e.decile : null;
    out.push({ function: fn, decile, top20, frequency: typeof e.frequency === 'number' ? e.frequency : null });
  }
  return out;
}

// -- failure categories -----------------------------------------------------

export interface CategoryCount {
  /** Failed cases in this category. */
  cases: number;
  /** Functions with at least one failed case in this category. */
  functions: number;
}

export interface CategoryRow extends TargetIdentity {
  failed_cases: number;
  failed_functions: number;
  /** By category ('unclassified' where a failure has none stored). */
  categories: Record<string, CategoryCount>;
}

/** Failure categories per target (framework × device × mode × hardware, per run): failed cases and functions. */
export function failureCategories(ds: Dataset): CategoryRow[] {
  const rows: CategoryRow[] = [];
  for (const d of ds.targets) {
    const categories: Record<string, CategoryCount> = {};
    let failedCases = 0;
    const failedFunctions = new Set<string>();
    for (const [fn, list] of d.functions) {
      const seen = new Set<string>();
      for (const c of list) {
        if (!c.result || !isFailure(c.result.outcome)) continue;
        failedCases++;
        failedFunctions.add(fn);
        const cat = c.result.category ?? 'unclassified';
        categories[cat] ??= { cases: 0, functions: 0 };
        categories[cat].cases++;
        if (!seen.has(cat)) {
          seen.add(cat);
          categories[cat].functions++;
        }
      }
    }
    const hasOutcomes = [...d.functions.values()].some((l) => l.some((c) => c.result && c.result.outcome !== 'unknown'));
    if (hasOutcomes) rows.push({ ...identity(d), failed_cases: failedCases, failed_functions: failedFunctions.size, categories });
  }
  return rows;
}

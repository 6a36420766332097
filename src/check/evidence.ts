import { summarizeFunctions, type FunctionReport } from '../analysis/portability.js';
import { declaredToWork } from '../analysis/declarations.js';
import { isFailure, isTestError } from '../model/outcome.js';
import { DTYPE_NAMES } from '../model/vocabulary.js';
import type { CaseWithResult } from '../store/store.js';
import { EVIDENCE_KINDS, evidenceKind, originLabel, type CheckTarget, type EvidenceKind } from './targets.js';

/** What the store says about one function on one target. */
export type CheckStatus = 'runs' | 'fails_partly' | 'fails' | 'no_data';

export interface FailureGroup {
  /** Failure category (`not_implemented`, `float_precision`, …), or the outcome when unclassified (`timeout`, `crash`). */
  category: string;
  /** Failed cases of this category, of `of` cases that passed or failed. */
  cases: number;
  of: number;
  /** Dtypes named by the failed cases (from their names), when any. */
  dtypes: string[];
  /** One real error message (its first line) and the case it came from. */
  example: { case: string; error: string };
}

export interface Evidence {
  status: CheckStatus;
  /** Measured wins over the others when several decide; predicted and no_device_work come from traces (./predict.ts); null with no data. */
  kind: EvidenceKind | 'predicted' | 'no_device_work' | null;
  /** The runs whose results the answer rests on, and their origins. */
  runs: number[];
  origins: string[];
  cases: { passed: number; failed: number };
  failures: FailureGroup[];
  /** When there is no data but the function's test file did not import on the target, or its test is broken: why. */
  note?: string;
}

/** A dtype named in a case's name: the vocabulary's 12, and PyTorch's `half` and `double` spellings. */
const DTYPE = new RegExp(`(?<![A-Za-z0-9])(${[...DTYPE_NAMES, 'half', 'double'].sort((a, b) => b.length - a.length).join('|')})(?![A-Za-z0-9])`, 'g');

function dtypesOf(names: string[]): string[] {
  const out = new Set<string>();
  for (const n of names) for (const m of n.matchAll(DTYPE)) out.add(m[1]);
  return [...out];
}

/** The one dtype a case's name (or a trace's call) names, or null when it names none or several. */
export function soleDtype(text: string): string | null {
  const found = dtypesOf([text]);
  return found.length === 1 ? found[0] : null;
}

function failureGroups(report: FunctionReport, of: number): FailureGroup[] {
  const byCategory = new Map<string, FunctionReport['failures']>();
  for (const f of report.failures) {
    if (!isFailure(f.outcome)) continue;
    const key = f.category ?? f.outcome;
    if (!byCategory.has(key)) byCategory.set(key, []);
    byCategory.get(key)!.push(f);
  }
  return [...byCategory]
    .map(([category, list]) => ({ category, cases: list.length, of, dtypes: dtypesOf(list.map((f) => f.case)), example: { case: list[0].case, error: list[0].error } }))
    .sort((a, b) => b.cases - a.cases || a.category.localeCompare(b.category));
}

/** A case the framework declares somewhere (not a dtype the op rejects even on the CPU, the reference): only those say anything about portability. */
export function appliesAnywhere(c: CaseWithResult): boolean {
  let params: Record<string, unknown>;
  try {
    params = JSON.parse(c.params) as Record<string, unknown>;
  } catch {
    return true;
  }
  return !params || typeof params !== 'object' || declaredToWork(params, 'cpu') !== false;
}

/** One kind of evidence (measured, compiled, registered, declared) about a function on a target, pooled over the runs that have it. */
function pooled(target: CheckTarget, fn: string, kind: EvidenceKind): Evidence | null {
  const cases: CaseWithResult[] = [];
  const runs = new Set<number>();
  const origins = new Set<string>();
  let note: string | undefined;
  let broken = 0;
  let reason: string | null = null;
  for (const m of target.members) {
    if (evidenceKind(m.run.origin, m.id.mode) !== kind) continue;
    const list = m.functions.get(fn);
    for (const c of list ?? []) {
      if (!c.result || !isTestError(c.result.outcome)) continue;
      broken++;
      reason ??= c.result.test_error;
    }
    // A case the framework declares nowhere (a dtype the op does not take even on the CPU, the
    // reference platform: generated suites record it) says nothing about portability.
    const decisive = list?.filter((c) => c.result && (c.result.outcome === 'pass' || isFailure(c.result.outcome)) && appliesAnywhere(c)) ?? [];
    if (decisive.length) {
      cases.push(...decisive);
      runs.add(m.run.id);
      origins.add(originLabel(m.run.origin));
    } else {
      const err = m.collectionErrors.find((e) => e.function === fn);
      if (err) note ??= `its test did not import in run ${m.run.id}: ${err.error_type}`;
    }
  }
  // A broken test (src/classify/test-error.ts) says nothing about the target: never a failure.
  if (!cases.length && broken) note = `the test is broken on every device: no evidence about this target (${broken} case${broken === 1 ? '' : 's'}: ${reason ?? 'test error'})`;
  if (!cases.length) return note ? { status: 'no_data', kind: null, runs: [], origins: [], cases: { passed: 0, failed: 0 }, failures: [], note } : null;
  const [report] = summarizeFunctions(cases);
  const { passed, failed } = report.cases;
  const status: CheckStatus = failed === 0 ? 'runs' : passed === 0 ? 'fails' : 'fails_partly';
  return {
    status,
    kind,
    runs: [...runs].sort((a, b) => a - b),
    origins: [...origins],
    cases: { passed, failed },
    failures: failureGroups(report, passed + failed),
    ...(broken ? { note: `${broken} case${broken === 1 ? '' : 's'} with a broken test left out` } : {}),
  };
}

export const NO_DATA: Evidence = { status: 'no_data', kind: null, runs: [], origins: [], cases: { passed: 0, failed: 0 }, failures: [] };

/** The measured verdict of a function on a target from its cases of those dtypes only, or null where it has none (how a prediction made at them is scored). */
export function measuredAt(target: CheckTarget, fn: string, dtypes: string[]): CheckStatus | null {
  let passed = 0;
  let failed = 0;
  for (const m of target.members) {
    if (evidenceKind(m.run.origin, m.id.mode) !== 'measured') continue;
    for (const c of m.functions.get(fn) ?? []) {
      if (!c.result || !dtypes.includes(soleDtype(c.name) ?? '') || !appliesAnywhere(c)) continue;
      if (c.result.outcome === 'pass') passed++;
      else if (isFailure(c.result.outcome)) failed++;
    }
  }
  if (!passed && !failed) return null;
  return failed === 0 ? 'runs' : passed === 0 ? 'fails' : 'fails_partly';
}

/** The strongest kind with a decisive result decides (measured, compiled, registered, declared); else no data, with the first note. */
export function evidenceFor(target: CheckTarget, fn: string): Evidence {
  const found = EVIDENCE_KINDS.map((k) => pooled(target, fn, k));
  return found.find((e) => e && e.status !== 'no_data') ?? found.find((e) => e) ?? NO_DATA;
}

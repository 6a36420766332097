import { functionStatus, isFailure, isPass, isSkip, isTestError, type FunctionStatus, type Outcome } from '../model/outcome.js';
import { targetFingerprint, type TargetFingerprint } from '../runner/fingerprint.js';
import type { TargetConfig } from '../model/target-id.js';
import type { CaseWithResult, CollectionErrorRow } from '../store/store.js';
import type { Dataset, TargetData } from './dataset.js';
import { caseLatency, mean, parseCalibration, type Calibration, type CaseLatency } from './stats.js';

export { functionStatus, type FunctionStatus } from '../model/outcome.js';

export interface FailureEntry {
  case: string;
  outcome: Outcome;
  category: string | null;
  error: string;
}

/** A case that failed through the test's own fault: not evidence about the target. */
export interface TestErrorEntry {
  case: string;
  /** Why it is a test error (src/classify/test-error.ts). */
  reason: string;
  error: string;
}

export interface FunctionReport {
  function: string;
  file: string;
  status: FunctionStatus;
  /** errors: the harness could not run the case; test_errors: the test is broken; unknown: ran, outcome not recorded (imported timings). */
  cases: { passed: number; failed: number; skipped: number; errors: number; test_errors: number; unknown: number; pending: number };
  /** Cases that failed on the target, and cases the harness could not run (outcome `error`). */
  failures: FailureEntry[];
  /** Cases whose test is broken, apart from failures. */
  test_errors: TestErrorEntry[];
  /** The status as the data reports it, before its test errors were told apart (set when it differs). */
  raw_status?: FunctionStatus;
  /** Mean over passing cases of each case's mean (the study's convention) and of each case's median. */
  latency_ms: { mean: number; median: number } | null;
  /** Each passing case's statistics, by case name (e.g. "square[n=256]"); `near_timer_limit` marks medians too small to quote. */
  case_latency_ms: Record<string, CaseLatency>;
  /** Why the function's test file could not be collected on this target (then it has no cases). */
  collection_error?: string;
}

/**
 * Functions by status. `total` counts every function of the target, `not_run` included
 * (no case passed or failed: all skipped, or the file did not import); percentages in
 * reports are of `ran` = pass + partial + complete.
 */
export interface Summary {
  pass: number;
  partial: number;
  complete: number;
  not_run: number;
  ran: number;
  total: number;
}

export interface TargetReport {
  run_id: number;
  /** 'run' (portabench's own), 'import:…' (another tool's results), 'static:…' (read from a build's registry, not measured). */
  origin: string;
  target_id: number;
  framework: string;
  framework_version: string | null;
  device: string;
  hardware: string | null;
  mode: string;
  /** The framework configuration where it is not the default (--framework-config); null: the default. */
  config: TargetConfig | null;
  status: string;
  problem: string | null;
  summary: Summary;
  functions: FunctionReport[];
  /** Machine, framework build and timer calibration of the run. */
  fingerprint: TargetFingerprint;
}

export interface PortabilityReport {
  targets: TargetReport[];
}

export function firstLine(text: string, max = 300): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Per-function status, case counts, failures and latency of one target's cases; files that did not import count as functions that did not run. */
export function summarizeFunctions(cases: CaseWithResult[], calibration?: Calibration | null, collectionErrors: CollectionErrorRow[] = []): FunctionReport[] {
  const byFunction = new Map<string, CaseWithResult[]>();
  for (const c of cases) {
    const key = c.function;
    if (!byFunction.has(key)) byFunction.set(key, []);
    byFunction.get(key)!.push(c);
  }
  const out: FunctionReport[] = [];
  for (const [fn, list] of byFunction) {
    const counts = { passed: 0, failed: 0, skipped: 0, errors: 0, test_errors: 0, unknown: 0, pending: 0 };
    const failures: FailureEntry[] = [];
    const testErrors: TestErrorEntry[] = [];
    let rawFailed = 0;
    const means: number[] = [];
    const medians: number[] = [];
    const caseLatencyMs: Record<string, CaseLatency> = {};
    for (const c of list) {
      const r = c.result;
      if (!r) {
        counts.pending++;
        continue;
      }
      if (isPass(r.outcome)) {
        counts.passed++;
        const lat = caseLatency(r, calibration);
        if (lat) caseLatencyMs[c.name] = lat;
        if (r.mean_ms != null) means.push(r.mean_ms);
        if (r.median_ms != null) medians.push(r.median_ms);
      } else if (isSkip(r.outcome)) counts.skipped++;
      else if (isFailure(r.outcome)) counts.failed++;
      else if (isTestError(r.outcome)) counts.test_errors++;
      else if (r.outcome === 'unknown') counts.unknown++;
      else counts.errors++;
      if (isFailure(r.raw_outcome ?? r.outcome)) rawFailed++;
      const error = firstLine([r.error_type, r.error_message].filter(Boolean).join(': ') || r.outcome);
      if (isTestError(r.outcome)) testErrors.push({ case: c.name, reason: firstLine(r.test_error ?? 'the test is broken'), error });
      else if (isFailure(r.outcome) || r.outcome === 'error') failures.push({ case: c.name, outcome: r.outcome, category: r.category, error });
    }
    const status = functionStatus(counts.passed, counts.failed);
    const rawStatus = functionStatus(counts.passed, rawFailed);
    out.push({
      function: fn,
      file: list[0].file,
      status,
      ...(rawStatus !== status ? { raw_status: rawStatus } : {}),
      cases: counts,
      failures,
      test_errors: testErrors,
      latency_ms: means.length ? { mean: mean(means), median: mean(medians) } : null,
      case_latency_ms: caseLatencyMs,
    });
  }
  const seen = new Set(out.map((f) => f.function));
  for (const e of collectionErrors) {
    if (seen.has(e.function)) continue;
    seen.add(e.function);
    out.push({
      function: e.function,
      file: e.file,
      status: 'not_run',
      cases: { passed: 0, failed: 0, skipped: 0, errors: 0, test_errors: 0, unknown: 0, pending: 0 },
      failures: [],
      test_errors: [],
      latency_ms: null,
      case_latency_ms: {},
      collection_error: firstLine(`${e.error_type}: ${e.error_message}`),
    });
  }
  return out.sort((a, b) => a.function.localeCompare(b.function));
}

export function summaryOf(functions: FunctionReport[]): Summary {
  const s: Summary = { pass: 0, partial: 0, complete: 0, not_run: 0, ran: 0, total: functions.length };
  for (const f of functions) s[f.status]++;
  s.ran = s.pass + s.partial + s.complete;
  return s;
}

export function targetReport(d: TargetData): TargetReport {
  const t = d.target;
  const functions = summarizeFunctions([...d.functions.values()].flat(), parseCalibration(t.calibration), d.collectionErrors);
  return {
    run_id: t.run_id,
    origin: d.run.origin,
    target_id: t.id,
    framework: t.framework,
    framework_version: t.framework_version,
    device: t.device,
    hardware: t.hardware,
    mode: t.mode,
    config: d.id.config ?? null,
    status: t.status,
    problem: t.problem,
    summary: summaryOf(functions),
    functions,
    fingerprint: targetFingerprint(d.run.fingerprint, t),
  };
}

/** Every target's functions with their status, cases, failures and latency. */
export function portabilityReport(ds: Dataset): PortabilityReport {
  return { targets: ds.targets.map(targetReport) };
}

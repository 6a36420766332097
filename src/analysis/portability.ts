import type { CaseWithResult, Store, Target } from '../store/store.js';
import { targetFingerprint, type TargetFingerprint } from '../runner/fingerprint.js';
import { caseLatency, mean, parseCalibration, type Calibration, type CaseLatency } from './stats.js';

export type FunctionStatus = 'pass' | 'partial' | 'complete' | 'not_run';

export interface FailureEntry {
  case: string;
  outcome: string;
  category: string | null;
  error: string;
}

export interface FunctionReport {
  function: string;
  file: string;
  status: FunctionStatus;
  cases: { passed: number; failed: number; skipped: number; errors: number; pending: number };
  failures: FailureEntry[];
  /** Mean over passing cases of each case's mean (the study's convention) and of each case's median. */
  latency_ms: { mean: number; median: number } | null;
  /** Each passing case's statistics, by case name (e.g. "square[n=256]"); `near_timer_limit` marks medians too small to quote. */
  case_latency_ms: Record<string, CaseLatency>;
}

export interface Summary {
  pass: number;
  partial: number;
  complete: number;
  not_run: number;
  total: number;
}

export interface TargetReport {
  run_id: number;
  target_id: number;
  framework: string;
  framework_version: string | null;
  device: string;
  hardware: string | null;
  mode: string;
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

const FAILED = new Set(['fail', 'timeout', 'crash']);

/** pass: every case that ran passed; complete: none passed; partial: some of each. */
export function functionStatus(passed: number, failed: number): FunctionStatus {
  if (passed === 0 && failed === 0) return 'not_run';
  if (failed === 0) return 'pass';
  if (passed === 0) return 'complete';
  return 'partial';
}

export function firstLine(text: string, max = 300): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function summarizeFunctions(cases: CaseWithResult[], calibration?: Calibration | null): FunctionReport[] {
  const byFunction = new Map<string, CaseWithResult[]>();
  for (const c of cases) {
    const key = c.function;
    if (!byFunction.has(key)) byFunction.set(key, []);
    byFunction.get(key)!.push(c);
  }
  const out: FunctionReport[] = [];
  for (const [fn, list] of byFunction) {
    const counts = { passed: 0, failed: 0, skipped: 0, errors: 0, pending: 0 };
    const failures: FailureEntry[] = [];
    const means: number[] = [];
    const medians: number[] = [];
    const caseLatencyMs: Record<string, CaseLatency> = {};
    for (const c of list) {
      const r = c.result;
      if (!r) {
        counts.pending++;
        continue;
      }
      if (r.outcome === 'pass') {
        counts.passed++;
        const lat = caseLatency(r, calibration);
        if (lat) caseLatencyMs[c.name] = lat;
        if (r.mean_ms != null) means.push(r.mean_ms);
        if (r.median_ms != null) medians.push(r.median_ms);
      } else if (r.outcome === 'skip') counts.skipped++;
      else if (FAILED.has(r.outcome)) counts.failed++;
      else counts.errors++;
      if (r.outcome !== 'pass' && r.outcome !== 'skip') {
        const error = [r.error_type, r.error_message].filter(Boolean).join(': ');
        failures.push({ case: c.name, outcome: r.outcome, category: r.category, error: firstLine(error || r.outcome) });
      }
    }
    out.push({
      function: fn,
      file: list[0].file,
      status: functionStatus(counts.passed, counts.failed),
      cases: counts,
      failures,
      latency_ms: means.length ? { mean: mean(means), median: mean(medians) } : null,
      case_latency_ms: caseLatencyMs,
    });
  }
  return out.sort((a, b) => a.function.localeCompare(b.function));
}

export function summaryOf(functions: FunctionReport[]): Summary {
  const s: Summary = { pass: 0, partial: 0, complete: 0, not_run: 0, total: functions.length };
  for (const f of functions) s[f.status]++;
  return s;
}

export async function targetReport(store: Store, t: Target): Promise<TargetReport> {
  const functions = summarizeFunctions(await store.casesWithResults(t.id), parseCalibration(t.calibration));
  return {
    run_id: t.run_id,
    target_id: t.id,
    framework: t.framework,
    framework_version: t.framework_version,
    device: t.device,
    hardware: t.hardware,
    mode: t.mode,
    status: t.status,
    problem: t.problem,
    summary: summaryOf(functions),
    functions,
    fingerprint: targetFingerprint((await store.getRun(t.run_id))?.fingerprint, t),
  };
}

/** The portability table of the given runs (default: the latest run). */
export async function portabilityReport(store: Store, runIds?: number[]): Promise<PortabilityReport> {
  let ids = runIds;
  if (!ids || !ids.length) {
    const latest = await store.latestRun();
    ids = latest ? [latest.id] : [];
  }
  if (!ids.length) return { targets: [] };
  const targets = await store.targets(ids);
  return { targets: await Promise.all(targets.map((t) => targetReport(store, t))) };
}

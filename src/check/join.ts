import type { CalibrationRow } from '../analysis/calibration.js';
import type { Dataset } from '../analysis/dataset.js';
import type { CallSite, SourcePoint, UnresolvedCall } from '../mining/extract.js';
import type { ModelSite } from '../models/check.js';
import type { FunctionTrace } from '../trace/store.js';
import { evidenceFor, measuredAt, type Evidence } from './evidence.js';
import { noDeviceWorkEvidence, predictedEvidence, predictionText, Predictor } from './predict.js';
import { SEVERITY, type FindingKind } from './findings.js';
import { LatencyRatios, type LatencyRatio } from './latency.js';
import type { FileScan } from './scan.js';
import { EVIDENCE_LEVELS, evidenceKind, selectAllTargets, selectBaselines, type CheckTarget, type EvidenceKind, type EvidenceLevel } from './targets.js';

export interface CheckOptions {
  /** Target patterns (`pytorch/xla@TPU v3`); each names one or more targets. */
  targets: string[];
  /** One measured target per framework to compare latencies against. */
  baseline?: string[];
  /** A ratio above this is a `slower` finding (default 10). */
  slowerThan?: number;
  /** Traced functions by framework (`trace-api`, src/trace/store.ts): their operators, or none (no device work). */
  traces?: Map<string, Map<string, FunctionTrace>>;
  /** How far the unmeasured targets' levels agree with measured ones where both exist (./calibration.ts). */
  calibration?: CalibrationRow[];
}

/** What the function's operators predict on the target (src/check/predict.ts), where they do. */
export interface VerdictPrediction {
  status: 'runs' | 'fails' | 'fails_partly';
  text: string;
  ops: string[];
  /** Where the verdict is measured: whether the prediction says the same (runs, or not). */
  agrees?: boolean;
}

/** One target's answer for a function, shared by every site of that function. */
export interface Verdict extends Evidence {
  target: string;
  latency: LatencyRatio | null;
  findings: FindingKind[];
  prediction?: VerdictPrediction;
}

export interface CheckedSite extends SourcePoint {
  function: string;
  framework: string;
  via: CallSite['via'];
  /** One per checked target of the site's framework. */
  verdicts: Verdict[];
}

export interface CheckedFile {
  path: string;
  sites: CheckedSite[];
  unresolved: UnresolvedCall[];
}

export interface SkippedFile {
  path: string;
  reason: string;
  at?: SourcePoint;
  detail?: string;
}

export interface TargetInfo {
  label: string;
  framework: string;
  device: string;
  mode: string;
  hardware: string | null;
  pattern: string;
  runs: Array<{ id: number; origin: string; evidence: EvidenceKind; framework_version: string | null }>;
}

export interface TargetSummary {
  target: string;
  /** Call sites and distinct functions of the target's framework. */
  sites: number;
  functions: number;
  /** Of those, with a result on the target. */
  sites_with_data: number;
  functions_with_data: number;
  runs: number;
  fails_partly: number;
  fails: number;
  no_data: number;
  slower: number;
  /** Call sites by the level of evidence their verdict rests on, and their shares (%). */
  levels: Record<EvidenceLevel, number>;
  pct_levels: Record<EvidenceLevel, number | null>;
  /** Functions with a measured verdict and a prediction: how many, how many agree (runs, or not), and those that do not. */
  predictions: { scored: number; agree: number; disagree: Array<{ function: string; measured: string; predicted: string }> };
  /** Usage-weighted: sites whose function runs, over sites with data (null when none has data). */
  pct_runs: number | null;
  /** Sites with data over all sites of the framework. */
  pct_with_data: number | null;
}

export interface FunctionRow {
  function: string;
  framework: string;
  sites: number;
  verdicts: Verdict[];
}

export interface CheckResult {
  source: string;
  targets: TargetInfo[];
  baselines: string[];
  slower_than: number;
  files: CheckedFile[];
  skipped: SkippedFile[];
  functions: FunctionRow[];
  /** Calls that build a known model, with its verdicts (src/models/check.ts; added by the CLI). */
  models?: ModelSite[];
  summary: {
    files: number;
    files_resolved: number;
    files_without_framework: number;
    files_skipped: number;
    sites: number;
    functions: number;
    /** Sites that are methods on values of known type (`x.argsort()` after `x = torch.zeros(…)`). */
    sites_via_value: number;
    unresolved: { calls: number; methods: Array<{ method: string; calls: number }> };
    /** Sites of frameworks no --target names. */
    untargeted: Array<{ framework: string; sites: number }>;
    /** Checked frameworks with no traced functions in the store (`trace-api`): no predictions, no "no device work". */
    untraced: string[];
    targets: TargetSummary[];
    findings: Record<FindingKind, number>;
    /** The findings of the calls that build a known model (src/models/check.ts), where there are any. */
    model_findings?: Record<FindingKind, number>;
    /** Highest severity of any finding, models' included (3 fails, 2 fails partly or slower, 1 no data), 0 with none. */
    worst: number;
    /** For each unmeasured target checked, its agreement with a measured target of its device, where the store has one. */
    calibration: CalibrationRow[];
  };
}

/**
 * The join of a user's call sites with the store, built one file at a time: only the
 * per-site answers are kept, each function's answer is worked out once per target.
 */
export class Checker {
  readonly targets: CheckTarget[];
  private baselines: Map<string, CheckTarget>;
  private latency: LatencyRatios;
  private verdicts = new Map<string, Verdict>();
  private files: CheckedFile[] = [];
  private skipped: SkippedFile[] = [];
  private counts = { files: 0, resolved: 0, none: 0 };
  private functions = new Map<string, FunctionRow>();
  private unresolved = new Map<string, number>();
  private viaValue = 0;
  private untargeted = new Map<string, number>();
  private slowerThan: number;
  private predictor: Predictor;
  private traces: Map<string, Map<string, FunctionTrace>>;
  private calibration: CalibrationRow[];

  constructor(
    private ds: Dataset,
    options: CheckOptions,
  ) {
    this.targets = selectAllTargets(ds, options.targets);
    this.baselines = selectBaselines(ds, options.baseline ?? []);
    this.latency = new LatencyRatios(this.baselines);
    this.slowerThan = options.slowerThan ?? 10;
    this.traces = options.traces ?? new Map();
    this.calibration = options.calibration ?? [];
    this.predictor = new Predictor(this.targets, this.traces);
  }

  add(scan: FileScan): void {
    this.counts.files++;
    if (scan.status === 'no_framework') {
      this.counts.none++;
      return;
    }
    if (scan.status === 'skipped') {
      this.skipped.push({ path: scan.path, reason: scan.reason, ...(scan.at ? { at: scan.at } : {}), ...(scan.detail ? { detail: scan.detail } : {}) });
      return;
    }
    this.counts.resolved++;
    const sites = scan.sites.map((s) => this.site(s));
    for (const u of scan.unresolved) this.unresolved.set(u.method, (this.unresolved.get(u.method) ?? 0) + 1);
    if (sites.length || scan.unresolved.length) this.files.push({ path: scan.path, sites, unresolved: scan.unresolved });
  }

  private site(s: CallSite): CheckedSite {
    if (s.via === 'value') this.viaValue++;
    const targets = this.targets.filter((t) => t.id.framework === s.framework);
    if (!targets.length) this.untargeted.set(s.framework, (this.untargeted.get(s.framework) ?? 0) + 1);
    const verdicts = targets.map((t) => this.verdict(t, s.name));
    const key = `${s.framework}\t${s.name}`;
    const row = this.functions.get(key);
    if (row) row.sites++;
    else this.functions.set(key, { function: s.name, framework: s.framework, sites: 1, verdicts });
    return { line: s.line, column: s.column, function: s.name, framework: s.framework, via: s.via, verdicts };
  }

  private verdict(t: CheckTarget, fn: string): Verdict {
    const key = `${t.label}\t${fn}`;
    let v = this.verdicts.get(key);
    if (v) return v;
    let e = evidenceFor(t, fn);
    const trace = this.predictor.trace(t.id.framework, fn);
    const p = this.predictor.predict(t, fn);
    let prediction: VerdictPrediction | undefined;
    if (p?.status) prediction = { status: p.status, text: predictionText(t.label, p), ops: p.ops.map((o) => o.op) };
    if (e.status === 'no_data') {
      const predicted = p ? predictedEvidence(p) : null;
      if (trace?.deviceWork === false) e = { ...noDeviceWorkEvidence(), note: `no device work: runs wherever the framework imports (traced on the CPU: ${trace.calledAs} dispatches no operator)` };
      else if (predicted && prediction) e = { ...predicted, note: prediction.text };
      else if (p && !e.note) e = { ...e, note: predictionText(t.label, p) };
      else if (!e.note && this.predictor.traced(t.id.framework, fn)?.error) e = { ...e, note: `trace-api could not call it with made-up inputs: ${this.predictor.traced(t.id.framework, fn)!.error}` };
    } else if (prediction && e.kind === 'measured') {
      // a prediction made for some dtypes is scored against the measured cases of those dtypes, where there are any
      const measured = (p?.dtypes.length && measuredAt(t, fn, p.dtypes)) || e.status;
      prediction.agrees = (prediction.status === 'runs') === (measured === 'runs');
    }
    const latency = e.status === 'no_data' ? null : this.latency.ratio(t, fn);
    const findings: FindingKind[] = [];
    if (e.status === 'fails') findings.push('fails');
    if (e.status === 'fails_partly') findings.push('fails-partly');
    if (e.status === 'no_data') findings.push('no-data');
    if (latency && latency.ratio > this.slowerThan) findings.push('slower');
    v = { target: t.label, ...e, latency, findings, ...(prediction ? { prediction } : {}) };
    this.verdicts.set(key, v);
    return v;
  }

  result(): CheckResult {
    const sites = this.files.flatMap((f) => f.sites);
    const findings: Record<FindingKind, number> = { fails: 0, 'fails-partly': 0, slower: 0, 'no-data': 0 };
    let worst = 0;
    for (const s of sites) for (const v of s.verdicts) for (const k of v.findings) {
      findings[k]++;
      worst = Math.max(worst, SEVERITY[k]);
    }
    const calls = [...this.unresolved.values()].reduce((a, b) => a + b, 0);
    return {
      source: this.ds.source,
      targets: this.targets.map(targetInfo),
      baselines: [...this.baselines.values()].map((b) => b.label),
      slower_than: this.slowerThan,
      files: this.files,
      skipped: this.skipped,
      functions: [...this.functions.values()].sort((a, b) => b.sites - a.sites || a.function.localeCompare(b.function)),
      summary: {
        files: this.counts.files,
        files_resolved: this.counts.resolved,
        files_without_framework: this.counts.none,
        files_skipped: this.skipped.length,
        sites: sites.length,
        functions: this.functions.size,
        sites_via_value: this.viaValue,
        unresolved: { calls, methods: [...this.unresolved].map(([method, n]) => ({ method, calls: n })).sort((a, b) => b.calls - a.calls || a.method.localeCompare(b.method)) },
        untargeted: [...this.untargeted].map(([framework, n]) => ({ framework, sites: n })),
        untraced: [...new Set(this.targets.map((t) => t.id.framework))].filter((f) => !this.traces.get(f)?.size),
        targets: this.targets.map((t) => summarize(t, sites, this.functions)),
        findings,
        worst,
        calibration: this.calibration,
      },
    };
  }
}

function targetInfo(t: CheckTarget): TargetInfo {
  return {
    label: t.label,
    framework: t.id.framework,
    device: t.id.device,
    mode: t.id.mode,
    hardware: t.id.hardware ?? null,
    pattern: t.pattern,
    runs: t.members.map((m) => ({ id: m.run.id, origin: m.run.origin, evidence: evidenceKind(m.run.origin, m.id.mode), framework_version: m.target.framework_version })),
  };
}

const perLevel = <T>(f: (l: EvidenceLevel) => T) => Object.fromEntries(EVIDENCE_LEVELS.map((l) => [l, f(l)])) as Record<EvidenceLevel, T>;

function summarize(t: CheckTarget, sites: CheckedSite[], functions: Map<string, FunctionRow>): TargetSummary {
  const s: TargetSummary = { target: t.label, sites: 0, functions: 0, sites_with_data: 0, functions_with_data: 0, runs: 0, fails_partly: 0, fails: 0, no_data: 0, slower: 0, levels: perLevel(() => 0), pct_levels: perLevel(() => null), predictions: { scored: 0, agree: 0, disagree: [] }, pct_runs: null, pct_with_data: null };
  const fns = new Set<string>();
  const withData = new Set<string>();
  for (const site of sites) {
    const v = site.verdicts.find((x) => x.target === t.label);
    if (!v) continue;
    s.sites++;
    fns.add(site.function);
    s[v.status]++;
    s.levels[v.kind ?? 'none']++;
    if (v.status !== 'no_data') {
      s.sites_with_data++;
      withData.add(site.function);
    }
    if (v.findings.includes('slower')) s.slower++;
  }
  s.functions = fns.size;
  s.functions_with_data = withData.size;
  s.pct_runs = s.sites_with_data ? (100 * s.runs) / s.sites_with_data : null;
  s.pct_with_data = s.sites ? (100 * s.sites_with_data) / s.sites : null;
  s.pct_levels = perLevel((l) => (s.sites ? (100 * s.levels[l]) / s.sites : null));
  for (const f of functions.values()) {
    const v = f.verdicts.find((x) => x.target === t.label);
    if (v?.prediction?.agrees === undefined) continue;
    s.predictions.scored++;
    if (v.prediction.agrees) s.predictions.agree++;
    else s.predictions.disagree.push({ function: f.function, measured: v.status, predicted: v.prediction.status });
  }
  return s;
}

/** Check resolved files against the store: a pure function of the dataset and the scans. */
export function checkCode(ds: Dataset, scans: Iterable<FileScan>, options: CheckOptions): CheckResult {
  const c = new Checker(ds, options);
  for (const s of scans) c.add(s);
  return c.result();
}

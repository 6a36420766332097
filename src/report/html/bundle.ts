/** Gathers the HTML report's data from the analysis core: a dataset and the report computed from it. */
import { compareData, compareTargets, type Comparison as AnalysisComparison } from '../../analysis/compare.js';
import { latencyUsable, type Dataset, type TargetData, type TargetIdentity } from '../../analysis/dataset.js';
import { targetReport } from '../../analysis/portability.js';
import type { Report } from '../../analysis/report.js';
import { SelectorError } from '../../analysis/selector.js';
import { mean } from '../../analysis/stats.js';
import { datasetModelTables } from '../../models/tables.js';
import type { Share as AnalysisShare } from '../../analysis/tables.js';
import { isDecisive } from '../../model/outcome.js';
import { changeList, leakText } from '../../model/state-changes.js';
import { formatTargetId } from '../../model/target-id.js';
import { VERSION } from '../../version.js';
import type { Comparison, FailingFunction, HtmlBundle, LatencySet, PortabilityRow, Share, StratumRow, TargetLabel } from './types.js';

export interface HtmlBundleOptions {
  /** Comparisons to chart, as `portabench compare` targets (`pytorch/cuda@T4`, `jax/xla@TPU v3`, a run id); default: chosen automatically. */
  comparisons?: [string, string][];
  /** At most this many automatic comparisons (default 12). */
  maxComparisons?: number;
  title?: string;
}

/** Each target's label as the dataset names it: `framework/device/mode@hardware`, with `#run` where the same target is in several runs. */
function labeller(ds: Dataset): (t: TargetIdentity) => TargetLabel {
  const byId = new Map(ds.targets.map((d) => [d.target.id, d.label]));
  return (t) => ({ run_id: t.run_id, framework: t.framework, device: t.device, mode: t.mode, hardware: t.hardware, label: byId.get(t.target_id) ?? formatTargetId(t) });
}

const share = (s: AnalysisShare): Share => ({ count: s.count, pct: s.pct, ci: { lo: s.ci95[0], hi: s.ci95[1] } });

/** Strata as shown: `top-20`, `all`, `decile 10` … `decile 100` (the study's numbering, 100 = most used). */
function stratumName(s: string): string {
  if (s === 'top20') return 'top-20';
  if (s.startsWith('decile:')) return `decile ${s.slice('decile:'.length)}`;
  return s;
}

/** Per-function latency on a target: mean over its usable cases of each case's mean (the study's convention). */
function latencySet(d: TargetData, label: string): LatencySet {
  const values: LatencySet['values'] = [];
  for (const [fn, list] of d.functions) {
    const ms = list.filter(latencyUsable).map((c) => c.result!.mean_ms!).filter((v) => v > 0);
    if (ms.length) values.push({ function: fn, ms: mean(ms) });
  }
  return { framework: d.target.framework, target: label, values };
}

function failingFunctions(d: TargetData, label: string): FailingFunction[] {
  return targetReport(d)
    .functions.filter((f) => f.status === 'partial' || f.status === 'complete')
    .map((f) => {
      const cats = new Map<string, number>();
      for (const x of f.failures) cats.set(x.category ?? x.outcome, (cats.get(x.category ?? x.outcome) ?? 0) + 1);
      return {
        target: label,
        function: f.function,
        status: f.status,
        failed_cases: f.cases.failed,
        cases: f.cases.passed + f.cases.failed,
        categories: [...cats].map(([k, v]) => `${k}×${v}`).join(' '),
        error: f.failures[0]?.error ?? '',
      };
    });
}

function toChartComparison(c: AnalysisComparison, fromLabel: string, toLabel: string): Comparison {
  return {
    framework: c.from.framework,
    from: fromLabel,
    to: toLabel,
    functions: c.functions.map((f) => ({ function: f.function, from_ms: f.from_ms, to_ms: f.to_ms, ratio: f.ratio })),
    summary: {
      n: c.summary.n,
      slower: c.summary.slower,
      slower_10x: c.summary.slower_10x,
      faster: c.summary.faster,
      faster_1_5x: c.summary.faster_1_5x,
      min_ratio: c.summary.smallest?.ratio ?? null,
      max_ratio: c.summary.largest?.ratio ?? null,
      median_ratio: c.summary.median_ratio,
    },
  };
}

const DEVICE_RANK: Record<string, number> = { cuda: 0, gpu: 0, xla: 1, tpu: 1, cpu: 2 };
const rank = (d: TargetData) => DEVICE_RANK[d.target.device] ?? 3;
/** Known hardware generations, oldest first, so a generation comparison runs from old to new. */
const GENERATIONS = [/\bK80\b/i, /\bP100\b/i, /\bT4\b/i, /\bV100\b/i, /\bA10G?\b/i, /\bA100\b/i, /\bL4\b/i, /\bH100\b/i, /\bH200\b/i, /\bB200\b/i, /\bv2\b/i, /\bv3\b/i, /\bv4\b/i, /\bv5/i, /\bv6/i];
function generation(hardware: string | null): number {
  const i = GENERATIONS.findIndex((re) => re.test(hardware ?? ''));
  return i < 0 ? GENERATIONS.length : i;
}

/** How interesting a pair is: GPU ↔ TPU first, then hardware generations, then modes or re-runs, then pairs with the CPU. */
function pairKind(a: TargetData, b: TargetData): number {
  if (a.target.device === 'cpu' || b.target.device === 'cpu') return 3;
  if (a.target.device !== b.target.device) return 0;
  if (a.target.hardware !== b.target.hardware) return 1;
  return 2;
}

/** Functions with a known outcome (passed or failed) on a target: imported timings without a failure report have none. */
function knownOutcomes(d: TargetData): number {
  let n = 0;
  for (const list of d.functions.values()) if (list.some((c) => c.result && isDecisive(c.result.outcome))) n++;
  return n;
}

/**
 * Default comparisons: within each framework, every pair of targets with functions timed on
 * both, from the lower-ranked device (cuda, then xla, then cpu) to the other, and from the older
 * hardware generation to the newer (T4 → A100, TPU v2 → v3). Each framework
 * takes the best pair of each kind (see pairKind) before a second of any kind; within a kind,
 * pairs in one mode, then pairs whose targets have known outcomes, then more shared functions, come first. Frameworks
 * take turns up to `max`; the result is ordered by framework.
 */
function defaultComparisons(data: TargetData[], max: number): AnalysisComparison[] {
  type Candidate = { c: AnalysisComparison; kind: number; modes: number; known: number; round: number };
  const perFramework = new Map<string, Candidate[]>();
  const sorted = [...data].sort(
    (a, b) => rank(a) - rank(b) || generation(a.target.hardware) - generation(b.target.hardware) || (a.target.hardware ?? '').localeCompare(b.target.hardware ?? '') || a.run.id - b.run.id,
  );
  const known = new Map(data.map((d) => [d, knownOutcomes(d)]));
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const [a, b] = [sorted[i], sorted[j]];
      if (a.target.framework !== b.target.framework) continue;
      const c = compareData(a, b);
      if (c.summary.n < 1) continue;
      const list = perFramework.get(a.target.framework) ?? [];
      list.push({ c, kind: pairKind(a, b), modes: a.target.mode === b.target.mode ? 0 : 1, known: Math.min(known.get(a)!, known.get(b)!), round: 0 });
      perFramework.set(a.target.framework, list);
    }
  }
  const queues: Candidate[][] = [];
  for (const fw of [...perFramework.keys()].sort()) {
    const list = perFramework.get(fw)!.sort((x, y) => x.kind - y.kind || x.modes - y.modes || y.known - x.known || y.c.summary.n - x.c.summary.n);
    const seen = new Map<number, number>();
    for (const x of list) {
      const nth = seen.get(x.kind) ?? 0;
      seen.set(x.kind, nth + 1);
      x.round = nth + (x.kind === 3 ? 1 : 0); // pairs with the CPU wait a round
    }
    queues.push(list.sort((x, y) => x.round - y.round || x.kind - y.kind || x.modes - y.modes || y.known - x.known || y.c.summary.n - x.c.summary.n));
  }
  const picked: AnalysisComparison[] = [];
  while (picked.length < max && queues.some((q) => q.length)) {
    for (const q of queues) {
      const next = q.shift();
      if (next && picked.length < max) picked.push(next.c);
    }
  }
  const order = new Map(picked.map((c, i) => [c, i]));
  return picked.sort((x, y) => x.from.framework.localeCompare(y.from.framework) || order.get(x)! - order.get(y)!);
}

/** Warnings an importer stored with a run (`options.warnings`), as report notes. */
function runWarnings(run: { id: number; options: string }): string[] {
  try {
    const o = JSON.parse(run.options) as { key?: unknown; warnings?: unknown };
    if (!Array.isArray(o.warnings)) return [];
    const where = typeof o.key === 'string' ? ` (${o.key})` : '';
    return o.warnings.filter((w): w is string => typeof w === 'string').map((w) => `Run ${run.id}${where}: ${w}`);
  } catch {
    return []; // options that are not JSON carry no warnings
  }
}

/** The HTML report's data: the report's tables as computed, the dataset for latencies and comparisons. */
export function buildHtmlBundle(ds: Dataset, report: Report, opts: HtmlBundleOptions = {}): HtmlBundle {
  const runs = ds.runs;
  const data = ds.targets;
  const label = labeller(ds);
  const notes: string[] = runs.flatMap(runWarnings);

  const portability: PortabilityRow[] = report.portability.map((r) => ({ ...label(r), functions: r.functions, pass: share(r.pass), partial: share(r.partial), complete: share(r.complete) }));
  const strata: StratumRow[] = report.strata.map((r) => ({
    ...label(r),
    stratum: stratumName(r.stratum),
    functions: r.functions,
    pass: share(r.pass),
    partial: share(r.partial),
    complete: share(r.complete),
  }));
  const failures = report.failure_categories.flatMap((r) =>
    Object.entries(r.categories).map(([category, n]) => ({ framework: r.framework, device: r.device, hardware: r.hardware, label: label(r).label, category, count: n.cases })),
  );
  const coldRows = report.cold_warm.map((r) => ({
    target: label(r).label,
    functions: r.functions.length,
    'median cold/warm': r.median_ratio,
    'geometric mean cold/warm': r.geomean_ratio,
    'largest (function)': r.functions[0] ? `${r.functions[0].function} (${r.functions[0].ratio.toPrecision(3)}×)` : null,
  }));

  let comparisons: AnalysisComparison[] = [];
  if (opts.comparisons?.length) {
    for (const [from, to] of opts.comparisons) {
      try {
        comparisons.push(compareTargets(ds, from, to));
      } catch (err) {
        if (!(err instanceof SelectorError)) throw err;
        notes.push(`Comparison ${from} → ${to} left out: ${err.message}`);
      }
    }
  } else {
    comparisons = defaultComparisons(data, opts.maxComparisons ?? 12);
  }
  const sideLabel = (s: AnalysisComparison['from']) => label(s).label;

  return {
    title: opts.title ?? 'portabench portability report',
    generated_at: new Date().toISOString(),
    source: `${ds.source} (portabench ${VERSION})`,
    runs: runs.map((r) => ({ id: r.id, origin: r.origin, created_at: r.created_at, suite: r.suite })),
    portability,
    strata,
    failure_unit: 'failing cases',
    failures,
    failing: data.flatMap((d) => failingFunctions(d, d.label)),
    comparisons: comparisons.map((c) => toChartComparison(c, sideLabel(c.from), sideLabel(c.to))),
    latencies: data.map((d) => latencySet(d, d.label)).filter((l) => l.values.length),
    cold_warm: coldRows,
    usage: report.usage.map((r) => {
      const u = r.usage;
      const pct = (x: number | null) => (x == null ? null : `${(100 * x).toFixed(1)}%`);
      return {
        target: label(r).label,
        corpus: u.corpus.split('/').pop() ?? u.corpus,
        'functions used': u.functions,
        calls: u.calls,
        'calls failing': u.calls_failing,
        'weighted share failing': pct(u.share_failing),
        '95% interval': u.interval ? `${pct(u.interval[0])}–${pct(u.interval[1])}` : null,
        'unweighted share failing': pct(u.unweighted_share_failing),
        files: u.files,
        'files failing': u.files_failing,
      };
    }),
    broken_tests: report.broken_tests.tests.map((r) => ({ target: label(r).label, function: r.function, 'broken cases': `${r.cases}/${r.of}`, status: r.status, 'as recorded': r.recorded_status, reason: r.reason })),
    recorded_counts: report.broken_tests.counts.map((r) => ({
      target: label(r).label,
      'counted by': r.counted_by,
      'failing (recorded)': r.failing_recorded,
      'failing (corrected)': r.failing_corrected,
      'complete (recorded)': r.complete_recorded,
      'complete (corrected)': r.complete_corrected,
      'broken cases': r.broken_cases,
    })),
    state_leaks: report.state_leaks.flatMap((r) =>
      r.leaks.map((l) => ({ target: label(r).label, function: l.function, case: l.case, outcome: l.outcome, 'what changed': leakText(l.changes), 'before → after': changeList(l.changes) })),
    ),
    notes,
    ...modelsOf(ds),
  };
}

/** The models suite's tables (src/models/tables.ts), where the dataset has its cases. */
function modelsOf(ds: Dataset): Pick<HtmlBundle, 'models'> {
  const t = datasetModelTables(ds);
  return t ? { models: { summary: t.summary, models: t.models, operators: t.operators, compiled: t.compiled } } : {};
}

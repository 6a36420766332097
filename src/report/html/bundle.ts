/** Gathers the HTML report's data from a store. */
import { targetReport, type TargetReport } from '../../analysis/portability.js';
import { median } from '../../analysis/stats.js';
import type { Store, Target } from '../../store/store.js';
import { VERSION } from '../../version.js';
import type { Comparison, ComparedFunction, FailingFunction, HtmlBundle, LatencySet, PortabilityRow, Share, TargetLabel } from './types.js';

export interface HtmlBundleOptions {
  /** Runs to include (default: all runs in the store). */
  runIds?: number[];
  /** Pairs of target labels (`framework/device/mode@hardware`) to compare; default: chosen automatically. */
  comparisons?: [string, string][];
  /** At most this many automatic comparisons (default 12). */
  maxComparisons?: number;
  title?: string;
}

const DEVICE_RANK: Record<string, number> = { cuda: 0, gpu: 0, xla: 1, tpu: 1, cpu: 2 };

export function targetLabel(t: Pick<Target, 'framework' | 'device' | 'mode' | 'hardware'>): string {
  return `${t.framework}/${t.device}/${t.mode}${t.hardware ? `@${t.hardware}` : ''}`;
}

interface LabelledTarget extends TargetLabel {
  report: TargetReport;
}

/** Targets with their labels; two runs of the same target get their run ids appended (`…#run 3`). */
async function labelledTargets(store: Store, runIds?: number[]): Promise<LabelledTarget[]> {
  const targets = await store.targets(runIds);
  const reports = await Promise.all(targets.map((t) => targetReport(store, t)));
  const counts = new Map<string, number>();
  for (const t of targets) counts.set(targetLabel(t), (counts.get(targetLabel(t)) ?? 0) + 1);
  return reports.map((r) => {
    const base = targetLabel(r);
    return {
      framework: r.framework,
      device: r.device,
      mode: r.mode,
      hardware: r.hardware,
      label: (counts.get(base) ?? 0) > 1 ? `${base}#run ${r.run_id}` : base,
      report: r,
    };
  });
}

const share = (count: number, total: number): Share => ({ count, pct: total ? (100 * count) / total : 0, ci: null });

function portabilityRow(t: LabelledTarget): PortabilityRow {
  const s = t.report.summary;
  const n = s.pass + s.partial + s.complete;
  const { report: _r, ...label } = t;
  return { ...label, functions: n, pass: share(s.pass, n), partial: share(s.partial, n), complete: share(s.complete, n) };
}

function latencySet(t: LabelledTarget): LatencySet {
  return {
    framework: t.framework,
    target: t.label,
    values: t.report.functions.filter((f) => f.latency_ms && f.latency_ms.mean > 0).map((f) => ({ function: f.function, ms: f.latency_ms!.mean })),
  };
}

/** Functions with a latency on both sides; ratio = to / from. */
export function comparison(framework: string, from: LatencySet, to: LatencySet): Comparison {
  const toMs = new Map(to.values.map((v) => [v.function, v.ms]));
  const functions: ComparedFunction[] = [];
  for (const v of from.values) {
    const t = toMs.get(v.function);
    if (t != null && v.ms > 0 && t > 0) functions.push({ function: v.function, from_ms: v.ms, to_ms: t, ratio: t / v.ms });
  }
  const ratios = functions.map((f) => f.ratio);
  return {
    framework,
    from: from.target,
    to: to.target,
    functions,
    summary: {
      n: functions.length,
      slower: ratios.filter((r) => r > 1).length,
      slower_10x: ratios.filter((r) => r > 10).length,
      faster: ratios.filter((r) => r < 1).length,
      min_ratio: ratios.length ? Math.min(...ratios) : null,
      max_ratio: ratios.length ? Math.max(...ratios) : null,
      median_ratio: ratios.length ? median(ratios) : null,
    },
  };
}

const rank = (t: TargetLabel) => DEVICE_RANK[t.device] ?? 3;

/**
 * Default comparisons: within each framework, every pair of targets sharing functions with
 * latencies, from the lower-ranked device (cuda, then xla, then cpu) to the other; pairs across
 * device kinds first, then hardware generations, then modes; taken round-robin over frameworks.
 */
function defaultPairs(targets: LabelledTarget[], sets: Map<string, LatencySet>, max: number): [LabelledTarget, LabelledTarget][] {
  const perFramework = new Map<string, [LabelledTarget, LabelledTarget, number][]>();
  const sorted = [...targets].sort((a, b) => rank(a) - rank(b) || a.label.localeCompare(b.label));
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i];
      const b = sorted[j];
      if (a.framework !== b.framework) continue;
      const shared = comparison(a.framework, sets.get(a.label)!, sets.get(b.label)!).summary.n;
      if (shared < 1) continue;
      const kind = a.device !== b.device ? 0 : a.hardware !== b.hardware ? 1 : 2;
      if (!perFramework.has(a.framework)) perFramework.set(a.framework, []);
      perFramework.get(a.framework)!.push([a, b, kind]);
    }
  }
  const queues = [...perFramework.keys()].sort().map((fw) => perFramework.get(fw)!.sort((x, y) => x[2] - y[2]));
  const out: [LabelledTarget, LabelledTarget][] = [];
  while (out.length < max && queues.some((q) => q.length)) {
    for (const q of queues) {
      const next = q.shift();
      if (next && out.length < max) out.push([next[0], next[1]]);
    }
  }
  return out;
}

export async function buildHtmlBundle(store: Store, opts: HtmlBundleOptions = {}): Promise<HtmlBundle> {
  const runs = (await store.listRuns()).filter((r) => !opts.runIds?.length || opts.runIds.includes(r.id));
  const runIds = runs.map((r) => r.id);
  const targets = runIds.length ? await labelledTargets(store, runIds) : [];
  const notes: string[] = [];

  const portability = targets.map(portabilityRow);
  const strata = portability.map((r) => ({ ...r, stratum: 'all' }));

  const failureCounts = new Map<string, { t: LabelledTarget; category: string; count: number }>();
  for (const t of targets) {
    for (const f of t.report.functions) {
      for (const x of f.failures) {
        const category = x.category ?? x.outcome;
        const key = `${t.label}\0${category}`;
        const entry = failureCounts.get(key) ?? { t, category, count: 0 };
        entry.count++;
        failureCounts.set(key, entry);
      }
    }
  }
  const failures = [...failureCounts.values()].map(({ t, category, count }) => ({
    framework: t.framework,
    device: t.device,
    hardware: t.hardware,
    label: t.label,
    category,
    count,
  }));

  const failing: FailingFunction[] = targets.flatMap((t) =>
    t.report.functions
      .filter((f) => f.status === 'partial' || f.status === 'complete')
      .map((f) => {
        const cats = new Map<string, number>();
        for (const x of f.failures) cats.set(x.category ?? x.outcome, (cats.get(x.category ?? x.outcome) ?? 0) + 1);
        return {
          target: t.label,
          function: f.function,
          status: f.status,
          failed_cases: f.cases.failed,
          cases: f.cases.passed + f.cases.failed,
          categories: [...cats].map(([k, v]) => `${k}×${v}`).join(' '),
          error: f.failures[0]?.error ?? '',
        };
      }),
  );

  const latencies = targets.map(latencySet);
  const sets = new Map(latencies.map((l) => [l.target, l]));
  const byLabel = new Map(targets.map((t) => [t.label, t]));
  let pairs: [LabelledTarget, LabelledTarget][];
  if (opts.comparisons?.length) {
    pairs = [];
    for (const [from, to] of opts.comparisons) {
      const a = byLabel.get(from);
      const b = byLabel.get(to);
      if (!a || !b) {
        notes.push(`Comparison ${from} → ${to} skipped: no target labelled ${!a ? from : to} in the selected runs (labels: ${[...byLabel.keys()].join(', ')}).`);
        continue;
      }
      pairs.push([a, b]);
    }
  } else {
    pairs = defaultPairs(targets, sets, opts.maxComparisons ?? 12);
  }
  const comparisons = pairs.map(([a, b]) => comparison(a.framework, sets.get(a.label)!, sets.get(b.label)!));

  return {
    title: opts.title ?? 'portabench portability report',
    generated_at: new Date().toISOString(),
    source: `${store.location} (portabench ${VERSION})`,
    runs: runs.map((r) => ({ id: r.id, origin: r.origin, created_at: r.created_at, suite: r.suite })),
    portability,
    strata,
    failure_unit: 'failing cases',
    failures,
    failing,
    comparisons,
    latencies,
    cold_warm: [],
    notes,
  };
}

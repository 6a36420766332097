import { hasUsableTiming } from '../model/outcome.js';
import { formatTargetId, targetIdOf, type TargetConfig, type TargetId } from '../model/target-id.js';
import type { CaseWithResult, CollectionErrorRow, Run, Store, Target } from '../store/store.js';

/** Which runs an analysis reads: given run ids, or every run of an origin, or (neither) every run. */
export interface Selection {
  runIds?: number[];
  /** 'run' (portabench's own runs) or 'import:<format>'. */
  origin?: string;
}

/** One target of one run, with its cases (each with its result) grouped by function. */
export interface TargetData {
  run: Run;
  target: Target;
  /** framework/device/mode[config]@hardware */
  id: TargetId;
  /** The id as text, with `#run` when the selection holds the same target from several runs. */
  label: string;
  functions: Map<string, CaseWithResult[]>;
  /** Test files that could not be collected on this target. */
  collectionErrors: CollectionErrorRow[];
}

/**
 * The selected runs, loaded once into memory: every table, chart, diff and check is a pure
 * function of it. Loading makes five queries, whatever the number of targets.
 */
export interface Dataset {
  /** Where it was loaded from (the store's location). */
  source: string;
  runs: Run[];
  targets: TargetData[];
}

/** Identity of a target in every analysis row. */
export interface TargetIdentity {
  run_id: number;
  target_id: number;
  origin: string;
  framework: string;
  framework_version: string | null;
  device: string;
  mode: string;
  hardware: string | null;
  /** The framework configuration where it is not the default; null: the default. */
  config: TargetConfig | null;
}

export function identity(d: TargetData): TargetIdentity {
  return {
    run_id: d.run.id,
    target_id: d.target.id,
    origin: d.run.origin,
    framework: d.target.framework,
    framework_version: d.target.framework_version,
    device: d.target.device,
    mode: d.target.mode,
    hardware: d.target.hardware,
    config: d.id.config ?? null,
  };
}

/** Labels that name one target each: `#run` is added where the same id occurs in several runs. */
function labels(targets: Array<{ run: Run; id: TargetId }>): string[] {
  const counts = new Map<string, number>();
  for (const t of targets) counts.set(formatTargetId(t.id), (counts.get(formatTargetId(t.id)) ?? 0) + 1);
  return targets.map((t) => formatTargetId(t.id, (counts.get(formatTargetId(t.id)) ?? 0) > 1 ? t.run.id : null));
}

/** Build a dataset from rows already in memory (tests, importers' previews). */
export function datasetOf(source: string, runs: Run[], targets: Target[], cases: Map<number, CaseWithResult[]>, errors: CollectionErrorRow[] = []): Dataset {
  const byRun = new Map(runs.map((r) => [r.id, r]));
  const kept = targets.filter((t) => byRun.has(t.run_id));
  const ids = kept.map((t) => ({ run: byRun.get(t.run_id)!, id: targetIdOf(t) }));
  const names = labels(ids);
  return {
    source,
    runs,
    targets: kept.map((t, i) => {
      const functions = new Map<string, CaseWithResult[]>();
      for (const c of cases.get(t.id) ?? []) {
        if (!functions.has(c.function)) functions.set(c.function, []);
        functions.get(c.function)!.push(c);
      }
      return { run: ids[i].run, target: t, id: ids[i].id, label: names[i], functions, collectionErrors: errors.filter((e) => e.target_id === t.id) };
    }),
  };
}

/** Load the selected runs from the store, once. */
export async function loadDataset(store: Store, selection: Selection = {}): Promise<Dataset> {
  let runs = await store.listRuns(selection.origin ? { origin: selection.origin } : {});
  if (selection.runIds?.length) {
    const wanted = new Set(selection.runIds);
    runs = runs.filter((r) => wanted.has(r.id));
  }
  if (!runs.length) return { source: store.location, runs: [], targets: [] };
  const targets = await store.targets(runs.map((r) => r.id));
  const ids = targets.map((t) => t.id);
  const [cases, errors] = [await store.casesWithResultsOf(ids), await store.collectionErrors(ids)];
  return datasetOf(store.location, runs, targets, cases, errors);
}

/**
 * A case whose latency can be used: it passed, or its outcome is unknown (imported timing files
 * without a failure report) and it recorded timed operations.
 */
export function latencyUsable(c: CaseWithResult): boolean {
  const r = c.result;
  if (!r || r.mean_ms == null || !(r.n ?? 0)) return false;
  return hasUsableTiming(r.outcome);
}

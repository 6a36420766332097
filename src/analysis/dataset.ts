import { crossTargetErrors, ownCodeError, type TargetResults } from '../classify/test-error.js';
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

/** Targets loaded only to judge the selected ones' test errors (CPU references, an imported source's other devices); their cases are in the same map. */
export interface References {
  runs: Run[];
  targets: Target[];
}

const caseKey = (c: { file: string; name: string }) => `${c.file}\0${c.name}`;

/**
 * Every case with its result as the analysis reads it: a failure that is the test's own fault
 * becomes `test_error` with its reason (src/classify/test-error.ts), its stored outcome kept in
 * `raw_outcome`. Rows the runner already stored as `test_error` were failures as the worker saw them.
 */
function withTestErrors(kept: Target[], refs: Target[], runs: Map<number, Run>, cases: Map<number, CaseWithResult[]>): Map<number, CaseWithResult[]> {
  const results = (t: Target): TargetResults => ({
    key: t.id,
    run: t.run_id,
    origin: runs.get(t.run_id)?.origin ?? 'run',
    framework: t.framework,
    version: t.framework_version,
    device: t.device,
    hardware: t.hardware,
    label: formatTargetId({ framework: t.framework, device: t.device, mode: t.mode, hardware: t.hardware }),
    cases: new Map(
      (cases.get(t.id) ?? []).filter((c) => c.result).map((c) => {
        const r = c.result!;
        return [caseKey(c), { outcome: r.outcome === 'test_error' ? 'fail' : r.outcome, errorType: r.error_type, message: r.error_message, traceback: r.traceback }];
      }),
    ),
  });
  const mine = kept.map(results);
  const cross = crossTargetErrors(mine, [...mine, ...refs.map(results)]);
  const out = new Map<number, CaseWithResult[]>();
  for (const t of kept) {
    const marked = cross.get(t.id);
    out.set(
      t.id,
      (cases.get(t.id) ?? []).map((c) => {
        const r = c.result;
        if (!r) return c;
        if (r.outcome === 'test_error') return { ...c, result: { ...r, raw_outcome: 'fail' } };
        if (r.outcome !== 'fail') return c;
        const reason = ownCodeError({ errorType: r.error_type, message: r.error_message, traceback: r.traceback }) ?? marked?.get(caseKey(c)) ?? null;
        return reason ? { ...c, result: { ...r, outcome: 'test_error', test_error: reason, raw_outcome: r.outcome } } : c;
      }),
    );
  }
  return out;
}

/** Build a dataset from rows already in memory (tests, importers' previews); `references` are read to find test errors, not shown. */
export function datasetOf(source: string, runs: Run[], targets: Target[], cases: Map<number, CaseWithResult[]>, errors: CollectionErrorRow[] = [], references: References = { runs: [], targets: [] }): Dataset {
  const byRun = new Map(runs.map((r) => [r.id, r]));
  const kept = targets.filter((t) => byRun.has(t.run_id));
  const ids = kept.map((t) => ({ run: byRun.get(t.run_id)!, id: targetIdOf(t) }));
  const names = labels(ids);
  const keptIds = new Set(kept.map((t) => t.id));
  const refs = references.targets.filter((t) => !keptIds.has(t.id));
  const judged = withTestErrors(kept, refs, new Map([...references.runs, ...runs].map((r) => [r.id, r])), cases);
  return {
    source,
    runs,
    targets: kept.map((t, i) => {
      const functions = new Map<string, CaseWithResult[]>();
      for (const c of judged.get(t.id) ?? []) {
        if (!functions.has(c.function)) functions.set(c.function, []);
        functions.get(c.function)!.push(c);
      }
      return { run: ids[i].run, target: t, id: ids[i].id, label: names[i], functions, collectionErrors: errors.filter((e) => e.target_id === t.id) };
    }),
  };
}

/**
 * The targets outside the selection that judge its test errors: CPU targets of the same
 * framework and version, and the other targets of an imported source of the same framework.
 */
function referenceTargets(selected: Target[], all: Target[], runs: Map<number, Run>): Target[] {
  const ids = new Set(selected.map((t) => t.id));
  const builds = new Set(selected.filter((t) => t.device !== 'cpu' && t.framework_version != null).map((t) => `${t.framework}\0${t.framework_version}`));
  const imported = new Set(selected.map((t) => `${runs.get(t.run_id)?.origin}\0${t.framework}`).filter((k) => k.startsWith('import:')));
  return all.filter((t) => {
    if (ids.has(t.id)) return false;
    const origin = runs.get(t.run_id)?.origin ?? '';
    if (origin.startsWith('import:') && imported.has(`${origin}\0${t.framework}`)) return true;
    return t.device === 'cpu' && builds.has(`${t.framework}\0${t.framework_version}`);
  });
}

/** Load the selected runs from the store, once (with the targets that judge their test errors). */
export async function loadDataset(store: Store, selection: Selection = {}): Promise<Dataset> {
  const everyRun = await store.listRuns();
  let runs = selection.origin ? everyRun.filter((r) => r.origin === selection.origin) : everyRun;
  if (selection.runIds?.length) {
    const wanted = new Set(selection.runIds);
    runs = runs.filter((r) => wanted.has(r.id));
  }
  if (!runs.length) return { source: store.location, runs: [], targets: [] };
  const runIds = new Set(runs.map((r) => r.id));
  const all = await store.targets();
  const targets = all.filter((t) => runIds.has(t.run_id));
  const byRun = new Map(everyRun.map((r) => [r.id, r]));
  const refs = referenceTargets(targets, all, byRun);
  const refRuns = everyRun.filter((r) => refs.some((t) => t.run_id === r.id));
  const [cases, errors] = [await store.casesWithResultsOf([...targets, ...refs].map((t) => t.id)), await store.collectionErrors(targets.map((t) => t.id))];
  return datasetOf(store.location, runs, targets, cases, errors, { runs: refRuns, targets: refs });
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

import type { CaseWithResult, Run, Store, Target } from '../store/store.js';

/** Which runs an analysis reads: given run ids, or every run of an origin, or (neither) every run. */
export interface AnalysisOptions {
  runIds?: number[];
  /** 'run' (portabench's own runs) or 'import:<format>'. */
  origin?: string;
}

/** A target with its run and its cases (each with its result), grouped by function. */
export interface TargetData {
  run: Run;
  target: Target;
  functions: Map<string, CaseWithResult[]>;
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
  };
}

export async function selectRuns(store: Store, opts: AnalysisOptions = {}): Promise<Run[]> {
  let runs = await store.listRuns();
  if (opts.runIds?.length) {
    const wanted = new Set(opts.runIds);
    runs = runs.filter((r) => wanted.has(r.id));
  }
  if (opts.origin) runs = runs.filter((r) => r.origin === opts.origin);
  return runs;
}

export async function loadTarget(store: Store, run: Run, target: Target): Promise<TargetData> {
  const functions = new Map<string, CaseWithResult[]>();
  for (const c of await store.casesWithResults(target.id)) {
    if (!functions.has(c.function)) functions.set(c.function, []);
    functions.get(c.function)!.push(c);
  }
  return { run, target, functions };
}

export async function loadTargets(store: Store, opts: AnalysisOptions = {}): Promise<TargetData[]> {
  const runs = await selectRuns(store, opts);
  if (!runs.length) return [];
  const byId = new Map(runs.map((r) => [r.id, r]));
  const out: TargetData[] = [];
  for (const t of await store.targets([...byId.keys()])) out.push(await loadTarget(store, byId.get(t.run_id)!, t));
  return out;
}

/** Outcomes that count as a failure of a case (skips and unknowns do not). */
export const FAILED_OUTCOMES = new Set(['fail', 'timeout', 'crash']);

/**
 * A case whose latency can be used: it passed, or its outcome is unknown (imported timing files
 * without a failure report) and it recorded timed operations.
 */
export function latencyUsable(c: CaseWithResult): boolean {
  const r = c.result;
  if (!r || r.mean_ms == null || !(r.n ?? 0)) return false;
  return r.outcome === 'pass' || r.outcome === 'unknown';
}

import { loadDataset, type Dataset } from '../analysis/dataset.js';
import { parseTargetSelector } from '../analysis/selector.js';
import { matchesPattern, targetIdOf } from '../model/target-id.js';
import type { Store, Target } from '../store/store.js';
import { loadFunctionTraces, tracedVersions, type FunctionTrace } from '../trace/store.js';
import { evidenceKind, isStaticKind } from './targets.js';

/** Load only the runs that hold a target one of the patterns names (every run when a pattern matches nothing, so the error can list what the store has). */
export async function loadCheckDataset(store: Store, patterns: string[]): Promise<Dataset> {
  const selectors = patterns.map(parseTargetSelector);
  const targets = await store.targets();
  const staticRuns = new Set((await store.listRuns()).filter((r) => isStaticKind(evidenceKind(r.origin))).map((r) => r.id));
  // A static target covers its device on any hardware: match it without the pattern's hardware.
  const matches = (t: Target) => selectors.some((s) => matchesPattern(staticRuns.has(t.run_id) ? { ...s, hardware: undefined } : s, targetIdOf(t), t.run_id));
  const runIds = [...new Set(targets.filter(matches).map((t) => t.run_id))];
  const everyPatternMatches = selectors.every((s) => targets.some((t) => matchesPattern(s, targetIdOf(t), t.run_id)));
  return loadDataset(store, everyPatternMatches ? { runIds } : {});
}

/**
 * The traced functions (`trace-api`) of each framework the patterns name: the traces of the
 * version a selected target ran (its local suffix, `+cpu`, aside), else the newest traced.
 */
export async function loadCheckTraces(store: Store, ds: Dataset): Promise<Map<string, Map<string, FunctionTrace>>> {
  const out = new Map<string, Map<string, FunctionTrace>>();
  const base = (v: string | null | undefined) => (v ?? '').split('+')[0];
  for (const fw of new Set(ds.targets.map((t) => t.id.framework))) {
    const versions = await tracedVersions(store.db, fw);
    if (!versions.length) continue;
    const ran = new Set(ds.targets.filter((t) => t.id.framework === fw).map((t) => base(t.target.framework_version)));
    const version = versions.find((v) => ran.has(base(v))) ?? versions[0];
    out.set(fw, (await loadFunctionTraces(store.db, fw, version)).traces);
  }
  return out;
}

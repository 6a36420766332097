import { loadDataset, type Dataset } from '../analysis/dataset.js';
import { parseTargetSelector } from '../analysis/selector.js';
import { matchesPattern, targetIdOf } from '../model/target-id.js';
import type { Store, Target } from '../store/store.js';
import { evidenceKind } from './targets.js';

/** Load only the runs that hold a target one of the patterns names (every run when a pattern matches nothing, so the error can list what the store has). */
export async function loadCheckDataset(store: Store, patterns: string[]): Promise<Dataset> {
  const selectors = patterns.map(parseTargetSelector);
  const targets = await store.targets();
  const staticRuns = new Set((await store.listRuns()).filter((r) => evidenceKind(r.origin) === 'static').map((r) => r.id));
  // A static target covers its device on any hardware: match it without the pattern's hardware.
  const matches = (t: Target) => selectors.some((s) => matchesPattern(staticRuns.has(t.run_id) ? { ...s, hardware: undefined } : s, targetIdOf(t), t.run_id));
  const runIds = [...new Set(targets.filter(matches).map((t) => t.run_id))];
  const everyPatternMatches = selectors.every((s) => targets.some((t) => matchesPattern(s, targetIdOf(t), t.run_id)));
  return loadDataset(store, everyPatternMatches ? { runIds } : {});
}

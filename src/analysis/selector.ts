import type { Store, Target } from '../store/store.js';
import { latencyUsable, loadTarget, type TargetData } from './select.js';

/**
 * Which target a comparison side reads. Text form: `framework/device[/mode][@hardware][#run]`
 * (e.g. `pytorch/cuda@T4`, `jax/xla@TPU v3`, `tensorflow/cuda/eager@A100#12`), or a run id alone (`12`).
 * Hardware matches case-insensitively as a substring of the target's hardware label.
 */
export interface TargetSelector {
  framework?: string;
  device?: string;
  mode?: string;
  hardware?: string;
  run?: number;
  /** The text it was parsed from. */
  text: string;
}

export class SelectorError extends Error {}

export function parseTargetSelector(text: string): TargetSelector {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { run: Number(t), text: t };
  const m = /^([^/@#\s]+)\/([^/@#\s]+)(?:\/([^/@#]+))?(?:@([^#]+))?(?:#(\d+))?$/.exec(t);
  if (!m) throw new SelectorError(`"${text}" is not a target: write framework/device[/mode][@hardware][#run] (e.g. pytorch/cuda@T4) or a run id`);
  return { framework: m[1], device: m[2], mode: m[3]?.trim() || undefined, hardware: m[4]?.trim() || undefined, run: m[5] ? Number(m[5]) : undefined, text: t };
}

export function describeTarget(t: Target): string {
  return `${t.framework}/${t.device}/${t.mode}${t.hardware ? `@${t.hardware}` : ''}#${t.run_id}`;
}

const norm = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, ' ').trim();

export function matches(sel: TargetSelector, t: Target): boolean {
  if (sel.run != null && t.run_id !== sel.run) return false;
  if (sel.framework && t.framework !== sel.framework) return false;
  if (sel.device && t.device !== sel.device) return false;
  if (sel.mode && t.mode !== sel.mode) return false;
  if (sel.hardware && !norm(t.hardware ?? '').includes(norm(sel.hardware))) return false;
  return true;
}

/**
 * The one target a selector names. Among several matches it keeps those with latencies, then
 * (mode not given) those in eager mode, then portabench's own runs over imported ones and the
 * latest run; still several → an error listing them.
 */
export async function resolveSelector(store: Store, sel: TargetSelector): Promise<TargetData> {
  const runs = new Map((await store.listRuns()).map((r) => [r.id, r]));
  const all = (await store.targets()).filter((t) => matches(sel, t));
  if (!all.length) {
    const known = (await store.targets()).map(describeTarget);
    throw new SelectorError(`no target matches "${sel.text}"${known.length ? `; the store has: ${[...new Set(known)].slice(0, 30).join(', ')}` : ': the store is empty'}`);
  }
  let candidates: TargetData[] = [];
  for (const t of all) candidates.push(await loadTarget(store, runs.get(t.run_id)!, t));
  const narrow = (keep: (d: TargetData) => boolean) => {
    const kept = candidates.filter(keep);
    if (kept.length) candidates = kept;
  };
  narrow((d) => [...d.functions.values()].some((l) => l.some(latencyUsable)));
  if (!sel.mode) narrow((d) => d.target.mode === 'eager');
  if (candidates.length > 1 && sel.run == null) {
    const distinct = new Set(candidates.map((d) => `${d.target.framework}/${d.target.device}/${d.target.mode}/${d.target.hardware}/${d.run.origin}`));
    if (distinct.size > 1) {
      throw new SelectorError(`"${sel.text}" matches ${candidates.length} targets: ${candidates.map((d) => describeTarget(d.target)).join(', ')}; name one (add /mode, @hardware or #run)`);
    }
    // The same target measured again: take the latest run.
    candidates.sort((a, b) => b.run.id - a.run.id);
  }
  if (candidates.length > 1 && sel.run != null) {
    throw new SelectorError(`run ${sel.run} has ${candidates.length} matching targets: ${candidates.map((d) => describeTarget(d.target)).join(', ')}; name one (e.g. ${describeTarget(candidates[0].target)})`);
  }
  return candidates[0];
}

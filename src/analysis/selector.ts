import { formatConfig, formatTargetId, matchesPattern, parseTargetPattern, TargetIdError, type TargetPattern } from '../model/target-id.js';
import { latencyUsable, type Dataset, type TargetData } from './dataset.js';

/**
 * Which target a comparison side reads: a target pattern, `framework/device[/mode][[config]][@hardware][#run]`
 * (e.g. `pytorch/cuda@T4`, `jax/xla@TPU v3`, `tensorflow/cuda/eager@A100#12`,
 * `jax/cpu[jax_enable_x64=true]`, `jax/cpu[]` for the default configuration only), or a run
 * id alone (`12`). Hardware matches case-insensitively as a substring of the target's hardware label.
 */
export type TargetSelector = TargetPattern;

export class SelectorError extends Error {}

export function parseTargetSelector(text: string): TargetSelector {
  try {
    return parseTargetPattern(text);
  } catch (e) {
    if (e instanceof TargetIdError) throw new SelectorError(e.message);
    throw e;
  }
}

/** A target with its run, as a selector names exactly it: `framework/device/mode@hardware#run`. */
export function runTargetName(d: TargetData): string {
  return formatTargetId(d.id, d.run.id);
}

/** The error for a selector that matches nothing, listing what the dataset has. */
export function noMatch(ds: Dataset, text: string): SelectorError {
  const known = [...new Set(ds.targets.map(runTargetName))];
  return new SelectorError(`no target matches "${text}"${known.length ? `; the store has: ${known.slice(0, 30).join(', ')}` : ': the store is empty'}`);
}

/** Every target of the dataset a selector matches. */
export function matchingTargets(ds: Dataset, sel: TargetSelector): TargetData[] {
  return ds.targets.filter((d) => matchesPattern(sel, d.id, d.run.id));
}

/**
 * The one target a selector names. Among several matches it keeps those with latencies, then
 * (mode not given) those in eager mode, then the latest run of the same target; still several
 * → an error listing them.
 */
export function resolveSelector(ds: Dataset, selector: TargetSelector | string): TargetData {
  const sel = typeof selector === 'string' ? parseTargetSelector(selector) : selector;
  const all = matchingTargets(ds, sel);
  if (!all.length) throw noMatch(ds, sel.text);
  let candidates = all;
  const narrow = (keep: (d: TargetData) => boolean) => {
    const kept = candidates.filter(keep);
    if (kept.length) candidates = kept;
  };
  narrow((d) => [...d.functions.values()].some((l) => l.some(latencyUsable)));
  if (!sel.mode) narrow((d) => d.target.mode === 'eager');
  const name = runTargetName;
  if (candidates.length > 1 && sel.run == null) {
    const configs = new Set(candidates.map((d) => formatConfig(d.id.config)));
    if (configs.size > 1) {
      throw new SelectorError(`"${sel.text}" matches targets in ${configs.size} framework configurations (${[...configs].map((c) => c || 'default').join(', ')}): ${candidates.map(name).join(', ')}; name one configuration (e.g. ${sel.text}[] for the default, or [setting=value])`);
    }
    const distinct = new Set(candidates.map((d) => `${d.target.framework}/${d.target.device}/${d.target.mode}/${d.target.hardware}/${d.run.origin}`));
    if (distinct.size > 1) throw new SelectorError(`"${sel.text}" matches ${candidates.length} targets: ${candidates.map(name).join(', ')}; name one (add /mode, @hardware or #run)`);
    // The same target measured again: take the latest run.
    candidates = [...candidates].sort((a, b) => b.run.id - a.run.id);
  }
  if (candidates.length > 1 && sel.run != null) {
    throw new SelectorError(`run ${sel.run} has ${candidates.length} matching targets: ${candidates.map(name).join(', ')}; name one (e.g. ${name(candidates[0])})`);
  }
  return candidates[0];
}

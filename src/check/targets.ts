import type { Dataset, TargetData } from '../analysis/dataset.js';
import { matchingTargets, parseTargetSelector } from '../analysis/selector.js';
import { isStatic } from '../coverage/store.js';
import { formatTargetId, type TargetId } from '../model/target-id.js';

/**
 * Where a result comes from: measured (portabench's runs, imported data), compiled
 * (deviceless compilation, mode aot/lower), registered (a kernel registry read by
 * `coverage`), declared (a framework's own test declarations read by `coverage`).
 */
export type EvidenceKind = 'measured' | 'compiled' | 'registered' | 'declared';
/** The kinds in the order they decide: measured wins where levels meet. */
export const EVIDENCE_KINDS: readonly EvidenceKind[] = ['measured', 'compiled', 'registered', 'declared'];
/** Every level a verdict can rest on, strongest first: the kinds of runs, then predicted (src/check/predict.ts), no device work, none. */
export const EVIDENCE_LEVELS = [...EVIDENCE_KINDS, 'predicted', 'no_device_work', 'none'] as const;
export type EvidenceLevel = (typeof EVIDENCE_LEVELS)[number];

/** The static coverage sources that are declarations rather than registries (python/portabench/coverage.py). */
const DECLARATION_SOURCES = ['opinfo-declarations', 'op-dtypes'];
const COMPILE_ONLY_MODES = new Set(['aot', 'lower']);

export function evidenceKind(origin: string, mode?: string): EvidenceKind {
  if (isStatic(origin)) return DECLARATION_SOURCES.some((s) => origin.endsWith(`-${s}`)) ? 'declared' : 'registered';
  return mode && COMPILE_ONLY_MODES.has(mode) ? 'compiled' : 'measured';
}

/** Registries and declarations: read, not run. */
export const isStaticKind = (k: EvidenceKind) => k === 'registered' || k === 'declared';

/** How an origin reads in output: `portabench`, `for-ai-portability`, `pytorch-dispatcher`. */
export function originLabel(origin: string): string {
  if (origin === 'run') return 'portabench';
  const colon = origin.indexOf(':');
  return colon < 0 ? origin : origin.slice(colon + 1);
}

/**
 * One target a user checks against: a framework/device/mode@hardware, with every run in the
 * store that has it (several runs, measured or static, are read together).
 */
export interface CheckTarget {
  /** `framework/device/mode@hardware` */
  label: string;
  id: TargetId;
  /** The pattern it was selected by. */
  pattern: string;
  members: TargetData[];
}

export class TargetSelectionError extends Error {}

/**
 * The targets a pattern names, one per distinct framework/device/mode@hardware among the
 * matching targets of every run. Without a mode, eager is kept when the pattern matches it.
 */
export function selectTargets(ds: Dataset, pattern: string): CheckTarget[] {
  const sel = parseTargetSelector(pattern);
  let found = matchingTargets(ds, sel);
  if (!found.length) {
    const known = [...new Set(ds.targets.map((d) => formatTargetId(d.id)))].sort();
    throw new TargetSelectionError(`no target in ${ds.source} matches "${pattern}"${known.length ? `; it has: ${known.join(', ')}` : ': it holds no results (run "portabench run" or "portabench import" first)'}`);
  }
  if (!sel.mode && found.some((d) => d.id.mode === 'eager')) found = found.filter((d) => d.id.mode === 'eager');
  const groups = new Map<string, CheckTarget>();
  for (const d of found) {
    if (isDeviceWideStatic(d) && found.some((o) => !isDeviceWideStatic(o) && sameDevice(o, d))) continue; // joins those below
    const label = formatTargetId(d.id);
    const g = groups.get(label);
    if (g) g.members.push(d);
    else groups.set(label, { label, id: d.id, pattern, members: [d] });
  }
  // Static coverage is per device, whatever the hardware: it is evidence for every target of that framework and device.
  for (const g of groups.values()) {
    if (g.members.every(isDeviceWideStatic)) continue;
    for (const d of ds.targets) if (isDeviceWideStatic(d) && sameDevice(d, g.members[0]) && !g.members.includes(d)) g.members.push(d);
  }
  return [...groups.values()];
}

/**
 * A static target: a registry's coverage of a whole device type, whatever the hardware
 * (its hardware field names the build it was read from, e.g. "static: dispatcher of pytorch 2.13.0").
 */
function isDeviceWideStatic(d: TargetData): boolean {
  return isStaticKind(evidenceKind(d.run.origin));
}

function sameDevice(a: TargetData, b: TargetData): boolean {
  return a.id.framework === b.id.framework && a.id.device === b.id.device;
}

/** Every target named by the patterns, each once. */
export function selectAllTargets(ds: Dataset, patterns: string[]): CheckTarget[] {
  const out = new Map<string, CheckTarget>();
  for (const p of patterns) for (const t of selectTargets(ds, p)) if (!out.has(t.label)) out.set(t.label, t);
  return [...out.values()];
}

/** The baseline of each framework: one target per framework, or an error naming the candidates. */
export function selectBaselines(ds: Dataset, patterns: string[]): Map<string, CheckTarget> {
  const out = new Map<string, CheckTarget>();
  for (const p of patterns) {
    const found = selectTargets(ds, p);
    const measured = found.filter((t) => t.members.some((m) => evidenceKind(m.run.origin) === 'measured'));
    if (!measured.length) throw new TargetSelectionError(`--baseline "${p}" matches only static results (${found.map((t) => t.label).join(', ')}): a latency ratio needs measured runs`);
    if (measured.length > 1) throw new TargetSelectionError(`--baseline "${p}" matches ${measured.length} targets (${measured.map((t) => t.label).join(', ')}): name one (add /mode or @hardware)`);
    const t = measured[0];
    if (out.has(t.id.framework)) throw new TargetSelectionError(`two --baseline targets of ${t.id.framework} (${out.get(t.id.framework)!.label}, ${t.label}): give one per framework`);
    out.set(t.id.framework, t);
  }
  return out;
}

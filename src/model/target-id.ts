/**
 * The one way to name a target: `framework/device/mode@hardware`, optionally `#run`.
 * Every table, selector, progress line and report label formats and parses it here.
 */
import { deviceMatches } from './vocabulary.js';

export interface TargetId {
  framework: string;
  device: string;
  mode: string;
  hardware?: string | null;
}

/** A target id with parts left out, as a user types it to select targets (`pytorch/cuda@T4`, `12`). */
export interface TargetPattern {
  framework?: string;
  device?: string;
  mode?: string;
  hardware?: string;
  run?: number;
  /** The text it was parsed from. */
  text: string;
}

export class TargetIdError extends Error {}

/** `framework/device/mode`, then `@hardware` when known, then `#run` when given. */
export function formatTargetId(t: TargetId, run?: number | null): string {
  const hw = t.hardware ? `@${t.hardware}` : '';
  return `${t.framework}/${t.device}/${t.mode}${hw}${run != null ? `#${run}` : ''}`;
}

const PATTERN = /^([^/@#\s]+)\/([^/@#\s]+)(?:\/([^/@#]+))?(?:@([^#]+))?(?:#(\d+))?$/;

/** Parse `framework/device[/mode][@hardware][#run]`, or a run id alone (`12`). */
export function parseTargetPattern(text: string): TargetPattern {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { run: Number(t), text: t };
  const m = PATTERN.exec(t);
  if (!m) throw new TargetIdError(`"${text}" is not a target: write framework/device[/mode][@hardware][#run] (e.g. pytorch/cuda@T4) or a run id`);
  return { framework: m[1], device: m[2], mode: m[3]?.trim() || undefined, hardware: m[4]?.trim() || undefined, run: m[5] ? Number(m[5]) : undefined, text: t };
}

/** Parse a complete target id (`framework/device/mode[@hardware]`); the mode is required. */
export function parseTargetId(text: string): TargetId {
  const p = parseTargetPattern(text);
  if (!p.framework || !p.device || !p.mode) throw new TargetIdError(`"${text}" is not a complete target id: write framework/device/mode[@hardware]`);
  return { framework: p.framework, device: p.device, mode: p.mode, hardware: p.hardware ?? null };
}

const norm = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, ' ').trim();

/**
 * Does a target (of a run) match a pattern? Hardware matches case-insensitively as a substring;
 * a device matches by name or by an alias of the vocabulary (`xla` also names `tpu` targets, `gpu` names `cuda`).
 */
export function matchesPattern(p: TargetPattern, t: TargetId, run?: number): boolean {
  if (p.run != null && run !== p.run) return false;
  if (p.framework && t.framework !== p.framework) return false;
  if (p.device && !deviceMatches(p.device, t.device)) return false;
  if (p.mode && t.mode !== p.mode) return false;
  if (p.hardware && !norm(t.hardware ?? '').includes(norm(p.hardware))) return false;
  return true;
}

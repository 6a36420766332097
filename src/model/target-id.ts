/**
 * The one way to name a target: `framework/device/mode[config]@hardware`, optionally
 * `#run`. `[config]` is the framework configuration where it is not the default
 * (`jax/cpu/eager[jax_enable_x64=true]@AMD EPYC`), absent for the default: a target in
 * another configuration is another target. Every table, selector, progress line and
 * report label formats and parses it here.
 */
import { deviceMatches } from './vocabulary.js';

/** A framework configuration: setting → value (only the settings that differ from the default). */
export type TargetConfig = Record<string, string | number | boolean | null>;

export interface TargetId {
  framework: string;
  device: string;
  mode: string;
  hardware?: string | null;
  /** Null or absent (or {}): the framework's default configuration. */
  config?: TargetConfig | null;
}

/** A target id with parts left out, as a user types it to select targets (`pytorch/cuda@T4`, `12`). */
export interface TargetPattern {
  framework?: string;
  device?: string;
  mode?: string;
  hardware?: string;
  /** Settings the target's configuration must have; {} (written `[]`): the default configuration only; absent: any. */
  config?: TargetConfig;
  run?: number;
  /** The text it was parsed from. */
  text: string;
}

export class TargetIdError extends Error {}

/** A setting's value as text (`true`, `0.5`, `highest`). */
const valueText = (v: unknown) => (v === null ? 'null' : String(v));

/** A setting's value from text: true/false, a number, null, else the text. */
export function parseConfigValue(text: string): string | number | boolean | null {
  const t = text.trim();
  if (/^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
  if (t === 'null') return null;
  if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  return t;
}

/** `[k=v,k2=v2]` (keys sorted), or '' for the default configuration. */
export function formatConfig(config: TargetConfig | null | undefined): string {
  const keys = Object.keys(config ?? {}).sort();
  return keys.length ? `[${keys.map((k) => `${k}=${valueText(config![k])}`).join(',')}]` : '';
}

/** Do two targets run the same framework configuration? */
export function sameConfig(a: TargetId, b: TargetId): boolean {
  return formatConfig(a.config) === formatConfig(b.config);
}

/** A stored configuration (targets.config, JSON text or null) as a TargetConfig; null for the default. */
export function configOf(json: string | null | undefined): TargetConfig | null {
  if (!json) return null;
  try {
    const c = JSON.parse(json) as TargetConfig;
    return c && typeof c === 'object' && Object.keys(c).length ? c : null;
  } catch {
    return null;
  }
}

/** The id of a stored target row. */
export function targetIdOf(t: { framework: string; device: string; mode: string; hardware: string | null; config?: string | null }): TargetId {
  return { framework: t.framework, device: t.device, mode: t.mode, hardware: t.hardware, config: configOf(t.config) };
}

/** `framework/device/mode`, then `[config]` when not the default, then `@hardware` when known, then `#run` when given. */
export function formatTargetId(t: TargetId, run?: number | null): string {
  const hw = t.hardware ? `@${t.hardware}` : '';
  return `${t.framework}/${t.device}/${t.mode}${formatConfig(t.config)}${hw}${run != null ? `#${run}` : ''}`;
}

const PATTERN = /^([^/@#\s[\]]+)\/([^/@#\s[\]]+)(?:\/([^/@#[\]]+))?(?:\[([^\]]*)\])?(?:@([^#]+))?(?:#(\d+))?$/;

/** `k=v,k2=v2` as a configuration; '' (or `default`) is the default configuration. */
export function parseConfigText(text: string, where: string): TargetConfig {
  const out: TargetConfig = {};
  const t = text.trim();
  if (t === '' || t === 'default') return out;
  for (const part of t.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    if (eq < 0 || !key) throw new TargetIdError(`"${where}": the configuration "[${text}]" must be setting=value pairs separated by commas (e.g. [jax_enable_x64=true]), or [] for the default`);
    out[key] = parseConfigValue(part.slice(eq + 1));
  }
  return out;
}

/** Parse `framework/device[/mode][[config]][@hardware][#run]`, or a run id alone (`12`). */
export function parseTargetPattern(text: string): TargetPattern {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { run: Number(t), text: t };
  const m = PATTERN.exec(t);
  if (!m) throw new TargetIdError(`"${text}" is not a target: write framework/device[/mode][[setting=value,…]][@hardware][#run] (e.g. pytorch/cuda@T4, jax/cpu/eager[jax_enable_x64=true]) or a run id`);
  const config = m[4] !== undefined ? parseConfigText(m[4], t) : undefined;
  return { framework: m[1], device: m[2], mode: m[3]?.trim() || undefined, hardware: m[5]?.trim() || undefined, config, run: m[6] ? Number(m[6]) : undefined, text: t };
}

/** Parse a complete target id (`framework/device/mode[[config]][@hardware]`); the mode is required. */
export function parseTargetId(text: string): TargetId {
  const p = parseTargetPattern(text);
  if (!p.framework || !p.device || !p.mode) throw new TargetIdError(`"${text}" is not a complete target id: write framework/device/mode[@hardware]`);
  return { framework: p.framework, device: p.device, mode: p.mode, hardware: p.hardware ?? null, config: p.config && Object.keys(p.config).length ? p.config : null };
}

const norm = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, ' ').trim();

/** Does a configuration have the settings a pattern names (`[]`: is it the default)? */
function matchesConfig(want: TargetConfig, have: TargetConfig | null | undefined): boolean {
  const keys = Object.keys(want);
  if (!keys.length) return !Object.keys(have ?? {}).length;
  return keys.every((k) => have != null && k in have && valueText(have[k]) === valueText(want[k]));
}

/**
 * Does a target (of a run) match a pattern? Hardware matches case-insensitively as a
 * substring; a device by name or by an alias of the vocabulary (`xla` also names `tpu`
 * targets, `gpu` names `cuda`); a pattern's `[config]` matches targets with those settings (`[]`: the
 * default configuration only), a pattern without one any configuration.
 */
export function matchesPattern(p: TargetPattern, t: TargetId, run?: number): boolean {
  if (p.run != null && run !== p.run) return false;
  if (p.config && !matchesConfig(p.config, t.config)) return false;
  if (p.framework && t.framework !== p.framework) return false;
  if (p.device && !deviceMatches(p.device, t.device)) return false;
  if (p.mode && t.mode !== p.mode) return false;
  if (p.hardware && !norm(t.hardware ?? '').includes(norm(p.hardware))) return false;
  return true;
}

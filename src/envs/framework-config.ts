import { parseConfigValue, type TargetConfig } from '../model/target-id.js';
import { FRAMEWORKS } from './frameworks.js';

/**
 * `--framework-config key=value` (and the config file's "frameworkConfig"): settings for
 * a whole worker, grouped by the framework whose prefix the key has (`jax_enable_x64` →
 * jax, `torch.float32_matmul_precision` → pytorch, `tf.config.experimental.tensor_float_32_execution`
 * → tensorflow). Only parsed and routed here: the worker checks that the setting exists
 * and takes the value, and says which differ from the framework's default.
 */
export type FrameworkConfig = Record<string, TargetConfig>;

export class FrameworkConfigError extends Error {}

/** The framework a setting belongs to, by its prefix. */
export function frameworkOfSetting(key: string): string {
  const spec = FRAMEWORKS.find((f) => key.startsWith(f.configPrefix));
  if (!spec) throw new FrameworkConfigError(`--framework-config ${key}: not a setting of any framework portabench knows; settings begin with ${FRAMEWORKS.map((f) => `${f.configPrefix}… (${f.name})`).join(', ')}`);
  return spec.name;
}

/** Group settings ({key: value}) by framework. */
export function groupSettings(settings: Record<string, string | number | boolean | null>): FrameworkConfig {
  const out: FrameworkConfig = {};
  for (const [key, value] of Object.entries(settings)) (out[frameworkOfSetting(key)] ??= {})[key] = value;
  return out;
}

/** `key=value` entries as settings; a later entry of the same key wins. */
export function parseSettingEntries(entries: string[]): TargetConfig {
  const out: TargetConfig = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const key = entry.slice(0, eq).trim();
    if (eq < 0 || !key) throw new FrameworkConfigError(`--framework-config "${entry}": expected setting=value (e.g. jax_enable_x64=true)`);
    out[key] = parseConfigValue(entry.slice(eq + 1));
  }
  return out;
}

/** The config file's settings, overridden by the flags', grouped by framework. */
export function frameworkConfig(fromFile: TargetConfig | undefined, flags: string[] | undefined): FrameworkConfig {
  return groupSettings({ ...(fromFile ?? {}), ...parseSettingEntries(flags ?? []) });
}

import { Option } from 'commander';
import { loadConfig, type Config } from '../envs/config.js';
import { frameworkConfig, type FrameworkConfig } from '../envs/framework-config.js';
import { parsePythonFlags } from '../envs/interpreters.js';

export const DEFAULT_DB = 'portabench.db';
export const DEFAULT_TIMEOUT_S = 900;
export const DEFAULT_COLLECT_TIMEOUT_S = 30;

/** A user-facing error: printed without a stack trace, exit status 1. */
export class UsageError extends Error {}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

/** The flags every command may share; each is optional. */
export interface SettingFlags {
  config?: string;
  python?: string[];
  db?: string;
  timeout?: number;
  collectTimeout?: number;
  /** --framework-config key=value entries. */
  frameworkConfig?: string[];
}

/** What a command runs with, resolved once: a flag, else the config file, else the default. */
export interface Settings {
  config: Config;
  /** Interpreters named by --python (the config file's are in config.python). */
  python: Record<string, string>;
  /** Results database: --db, else $PORTABENCH_DB, else the config's "db", else portabench.db. */
  db: string;
  /** Seconds a case may run: --timeout, else the config's "timeout", else 900. */
  timeoutS: number;
  /** Seconds importing a test file may take: --collect-timeout, else the config's "collectTimeout", else 30 (never more than timeoutS). */
  collectTimeoutS: number;
  /** Framework settings for whole workers, by framework: the config's "frameworkConfig", overridden by --framework-config. */
  frameworkConfig: FrameworkConfig;
}

export function resolveSettings(flags: SettingFlags): Settings {
  let config: Config;
  let python: Record<string, string>;
  let settings: FrameworkConfig;
  try {
    config = loadConfig(flags.config);
    python = parsePythonFlags(flags.python);
    settings = frameworkConfig(config.frameworkConfig, flags.frameworkConfig);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const timeoutS = flags.timeout ?? config.timeout ?? DEFAULT_TIMEOUT_S;
  const collectTimeoutS = Math.min(flags.collectTimeout ?? config.collectTimeout ?? DEFAULT_COLLECT_TIMEOUT_S, timeoutS);
  return { config, python, db: flags.db ?? (process.env.PORTABENCH_DB || undefined) ?? config.db ?? DEFAULT_DB, timeoutS, collectTimeoutS, frameworkConfig: settings };
}

/** --db, declared the same way on every command that reads or writes the store. */
export function dbOption(what = 'results database: SQLite file or postgres:// URL'): Option {
  return new Option('--db <file|url>', `${what} (default: $PORTABENCH_DB, the config's "db", or ${DEFAULT_DB})`);
}

/** --config, declared the same way on every command. */
export function configOption(): Option {
  return new Option('--config <file>', 'config file (default: portabench.config.json if present)');
}

/** --framework-config, declared the same way on every command that starts workers. */
export function frameworkConfigOption(): Option {
  return new Option('--framework-config <key=value...>', "a framework setting for the whole run, not the framework's default (repeatable): jax_enable_x64=true (any jax.config flag), torch.float32_matmul_precision=high, torch.backends.cuda.matmul.allow_tf32=true, torch.backends.cudnn.allow_tf32=false, tf.config.experimental.tensor_float_32_execution=false; part of the target's id (jax/cpu/eager[jax_enable_x64=true])").argParser(collect);
}

/** --python, declared the same way on every command that runs a framework's Python. */
export function pythonOption(): Option {
  return new Option('--python <fw=path...>', 'use this interpreter for a framework (never installed into)').argParser(collect);
}

export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function err(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

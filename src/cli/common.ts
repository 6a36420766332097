import { loadConfig, type Config } from '../envs/config.js';
import { parsePythonFlags } from '../envs/interpreters.js';

export const DEFAULT_DB = 'portabench.db';

/** A user-facing error: printed without a stack trace, exit status 1. */
export class UsageError extends Error {}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

export interface EnvOptions {
  python?: string[];
  config?: string;
}

export function loadEnv(opts: EnvOptions): { config: Config; flags: Record<string, string> } {
  const config = loadConfig(opts.config);
  return { config, flags: parsePythonFlags(opts.python) };
}

export function dbPath(opts: { db?: string }, config?: Config): string {
  return opts.db ?? process.env.PORTABENCH_DB ?? config?.db ?? DEFAULT_DB;
}

export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function err(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

/** portabench.config.json: where each framework's Python lives, and defaults. */
export const ConfigSchema = z
  .object({
    python: z.record(z.string(), z.string()).default({}),
    venvs: z.string().optional(),
    basePython: z.string().optional(),
    db: z.string().optional(),
    /** Seconds a case may run (run's --timeout). */
    timeout: z.number().positive().optional(),
    /** Seconds importing a test file may take (run's --collect-timeout). */
    collectTimeout: z.number().positive().optional(),
    /** Framework settings for every run (run's --framework-config), e.g. {"jax_enable_x64": true}; flags override them. */
    frameworkConfig: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  })
  .strict();
export type Config = z.infer<typeof ConfigSchema>;

export const DEFAULT_CONFIG_FILE = 'portabench.config.json';

/** Read and validate a config file; a missing default file is an empty config. */
export function loadConfig(path?: string): Config {
  const file = resolve(path ?? DEFAULT_CONFIG_FILE);
  if (!existsSync(file)) {
    if (path) throw new Error(`config file ${file} does not exist`);
    return ConfigSchema.parse({});
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`config file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
    throw new Error(`config file ${file} is invalid: ${issues}`);
  }
  return parsed.data;
}

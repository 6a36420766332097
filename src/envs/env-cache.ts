import { existsSync, lstatSync, mkdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from './config.js';
import { venvsDir } from './interpreters.js';

/**
 * A machine-wide cache for the large optional environments (`setup --with models`, `aot`,
 * `tf-gpu-registry`: gigabytes of wheels that a fresh clone would otherwise install again).
 * With `PORTABENCH_ENV_CACHE=<dir>` such an environment is made once in `<dir>/<name>` and
 * `<venvs>/<name>` is a link to it, so every clone on the machine (CI's included) finds it
 * ready; without it, the environment lives in `<venvs>/<name>` as before. Everything else
 * reads `<venvs>/<name>` and never knows. Owns nothing else of setup (setup.ts).
 */

/** The cache directory, or null when none is set. */
export function envCacheDir(): string | null {
  const dir = process.env.PORTABENCH_ENV_CACHE;
  return dir ? resolve(dir) : null;
}

/**
 * Where the environment `name` is (or is to be made): `<cache>/<name>`, with `<venvs>/<name>` made a
 * link to it, when a cache is set and `<venvs>/<name>` does not exist yet; else `<venvs>/<name>`.
 * An existing `<venvs>/<name>` (a directory or a link) is left as it is.
 */
export function placeEnv(config: Config, name: string): string {
  const local = join(venvsDir(config), name);
  const cache = envCacheDir();
  if (!cache || exists(local)) return local;
  mkdirSync(cache, { recursive: true });
  mkdirSync(venvsDir(config), { recursive: true });
  symlinkSync(join(cache, name), local, 'dir');
  return join(cache, name);
}

/** Whether `path` exists, counting a dangling link as existing (it is still ours to keep). */
function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return existsSync(path);
  }
}

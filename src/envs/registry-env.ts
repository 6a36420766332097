import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.js';
import { FRAMEWORK_NAMES, frameworkSpec } from './frameworks.js';
import { venvsDir } from './interpreters.js';
import { ensureCompanionEnv, type SetupEvent, type SetupResult } from './setup.js';

/**
 * `setup --with tf-gpu-registry`: an environment read only for a GPU kernel registry,
 * `<venvs>/<framework>-gpu-registry`, for each framework whose vocabulary entry has
 * `gpu_registry_installs` (TensorFlow: the `tensorflow` wheel, a CUDA build that imports
 * without a GPU, of the same version as the framework environment's `tensorflow-cpu`, which
 * registers no GPU kernels). Nothing runs there: `coverage -d cuda` reads its registry. A
 * second call finds it and installs nothing. Owns nothing else of setup (setup.ts), nor which
 * registry coverage reads (cli/coverage.ts).
 */

/** The frameworks that have such an environment. */
export const GPU_REGISTRY_FRAMEWORKS = FRAMEWORK_NAMES.filter((n) => frameworkSpec(n).gpuRegistryInstalls);

const envName = (framework: string) => `${frameworkSpec(framework).name}-gpu-registry`;

/** Its python, whether or not it exists; null when the framework has none. */
export function gpuRegistryPython(config: Config, framework: string): string | null {
  return frameworkSpec(framework).gpuRegistryInstalls ? join(venvsDir(config), envName(framework), 'bin', 'python') : null;
}

/** Its python when it has been set up, else null. */
export function installedGpuRegistryPython(config: Config, framework: string): string | null {
  const python = gpuRegistryPython(config, framework);
  return python && existsSync(python) ? python : null;
}

export async function ensureGpuRegistryEnv(config: Config, framework: string, onEvent?: (e: SetupEvent) => void): Promise<SetupResult> {
  const spec = frameworkSpec(framework);
  return ensureCompanionEnv(config, framework, {
    name: envName(framework),
    python: gpuRegistryPython(config, framework),
    installs: spec.gpuRegistryInstalls,
    ready: spec.module,
    none: `${framework} has no GPU kernel registry environment portabench knows`,
    size: 'about 600 MB of wheels',
  }, onEvent);
}

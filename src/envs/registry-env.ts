import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.js';
import { FRAMEWORK_NAMES, frameworkSpec } from './frameworks.js';
import { managedPython, venvsDir } from './interpreters.js';
import { basePython, imports, moduleVersion, resultOf, run, type SetupEvent, type SetupResult } from './setup.js';

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
  const name = envName(framework);
  const python = gpuRegistryPython(config, framework);
  const logPath = join(venvsDir(config), `${name}.log`);
  const result = resultOf(name, python ?? '', logPath);
  if (!python || !spec.gpuRegistryInstalls) return result('failed', null, `${framework} has no GPU kernel registry environment portabench knows`);
  onEvent?.({ framework: name, step: 'checking' });
  if (await imports(python, spec.module)) return result('ready', null, null);
  const version = moduleVersion(managedPython(config, framework), spec.module);
  if (!version) return result('failed', null, `no ${framework} environment to match: run "portabench setup -f ${framework}" first`);
  const reqs = spec.gpuRegistryInstalls.map((r) => r.replaceAll('{version}', version));
  mkdirSync(venvsDir(config), { recursive: true });
  const log = createWriteStream(logPath, { flags: 'a' });
  try {
    if (!existsSync(python)) {
      onEvent?.({ framework: name, step: 'creating virtual environment' });
      if ((await run(basePython(config), ['-m', 'venv', join(venvsDir(config), name)], log)) !== 0) return result('failed', null, `could not create a virtual environment (see ${logPath})`);
    }
    onEvent?.({ framework: name, step: `pip install ${reqs.join(' ')} (about 600 MB of wheels)` });
    const code = await run(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off', ...reqs], log);
    if (code === 0 && (await imports(python, spec.module))) return result('installed', reqs, null);
    return result('failed', null, `pip could not install ${reqs.join(' ')} into ${python} (see ${logPath})`);
  } finally {
    log.end();
  }
}

import { join } from 'node:path';
import type { Config } from './config.js';
import { FRAMEWORK_NAMES, frameworkSpec } from './frameworks.js';
import { venvsDir } from './interpreters.js';
import { ensureCompanionEnv, type SetupEvent, type SetupResult } from './setup.js';

/**
 * `setup --with models`: the environment of the models suite, `<venvs>/models-<framework>`
 * (`.venvs/models-pytorch`), for each framework whose
 * vocabulary entry has `models_installs` (PyPI's torch with the torchvision, timm and
 * transformers built for it, pinned). Kept apart from the framework's own environment,
 * which stays the small CPU wheel: PyPI's torchvision does not import there. The suite's
 * targets use it through `--python pytorch=<venvs>/models-pytorch/bin/python`. A second call
 * finds it and installs nothing; with `PORTABENCH_ENV_CACHE` set it is made once per machine
 * (env-cache.ts). Owns nothing else of setup (setup.ts).
 */

/** The models environment's python for `framework`, or null when it has none. */
export function managedModelsPython(config: Config, framework: string): string | null {
  const spec = frameworkSpec(framework);
  return spec.modelsInstalls ? join(venvsDir(config), `models-${spec.name}`, 'bin', 'python') : null;
}

/** The frameworks that have a models environment. */
export const MODELS_FRAMEWORKS = FRAMEWORK_NAMES.filter((n) => frameworkSpec(n).modelsInstalls);

/** The modules that prove it works: each requirement's name (they import under it). */
function modulesOf(reqs: string[]): string {
  return reqs.map((r) => r.split(/[=<>![;\s]/)[0]).join(', ');
}

export async function ensureModelsEnv(config: Config, framework: string, onEvent?: (e: SetupEvent) => void): Promise<SetupResult> {
  const spec = frameworkSpec(framework);
  return ensureCompanionEnv(config, framework, {
    name: `models-${spec.name}`,
    python: managedModelsPython(config, framework),
    installs: spec.modelsInstalls,
    ready: modulesOf(spec.modelsInstalls ?? []),
    none: `${framework} has no models environment portabench knows`,
    size: 'about 3 GB of wheels',
  }, onEvent);
}

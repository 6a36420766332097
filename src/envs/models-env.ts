import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.js';
import { FRAMEWORK_NAMES, frameworkSpec } from './frameworks.js';
import { venvsDir } from './interpreters.js';
import { basePython, imports, resultOf, run, type SetupEvent, type SetupResult } from './setup.js';

/**
 * `setup --with models`: the environment of the models suite, `<venvs>/models-<framework>`
 * (`.venvs/models-pytorch`), for each framework whose
 * vocabulary entry has `models_installs` (PyPI's torch with the torchvision, timm and
 * transformers built for it, pinned). Kept apart from the framework's own environment,
 * which stays the small CPU wheel: PyPI's torchvision does not import there. The suite's
 * targets use it through `--python pytorch=<venvs>/models-pytorch/bin/python`. A second call
 * finds it and installs nothing. Owns nothing else of setup (setup.ts).
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
  const name = `models-${spec.name}`;
  const python = managedModelsPython(config, framework);
  const logPath = join(venvsDir(config), `${name}.log`);
  const result = resultOf(name, python ?? '', logPath);
  if (!python || !spec.modelsInstalls) return result('failed', null, `${framework} has no models environment portabench knows`);
  const reqs = spec.modelsInstalls;
  onEvent?.({ framework: name, step: 'checking' });
  if (await imports(python, modulesOf(reqs))) return result('ready', null, null);
  mkdirSync(venvsDir(config), { recursive: true });
  const log = createWriteStream(logPath, { flags: 'a' });
  try {
    if (!existsSync(python)) {
      const base = basePython(config);
      onEvent?.({ framework: name, step: 'creating virtual environment' });
      if ((await run(base, ['-m', 'venv', join(venvsDir(config), name)], log)) !== 0) return result('failed', null, `could not create a virtual environment with ${base} -m venv (see ${logPath})`);
    }
    onEvent?.({ framework: name, step: `pip install ${reqs.join(' ')} (about 3 GB of wheels)` });
    const code = await run(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off', ...reqs], log);
    if (code === 0 && (await imports(python, modulesOf(reqs)))) return result('installed', reqs, null);
    return result('failed', null, `pip could not install ${reqs.join(' ')} into ${python} (see ${logPath})`);
  } finally {
    log.end();
  }
}

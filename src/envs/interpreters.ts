import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../runner/paths.js';
import type { Config } from './config.js';
import { FRAMEWORK_NAMES, frameworkSpec } from './frameworks.js';

export type InterpreterSource = 'flag' | 'config' | 'managed' | 'missing';

export interface Interpreter {
  framework: string;
  python: string | null;
  source: InterpreterSource;
}

/** Where portabench keeps the environments it creates itself. */
export function venvsDir(config: Config): string {
  return resolve(process.env.PORTABENCH_VENVS ?? config.venvs ?? join(PACKAGE_ROOT, '.venvs'));
}

export function managedPython(config: Config, framework: string): string {
  return join(venvsDir(config), frameworkSpec(framework).name, 'bin', 'python');
}

/** The environment of a framework's ahead-of-time compiler (mode aot: `setup --with aot`), or null when the framework has none. */
export function managedAotPython(config: Config, framework: string): string | null {
  const spec = frameworkSpec(framework);
  return spec.aotInstalls ? join(venvsDir(config), `${spec.name}-aot`, 'bin', 'python') : null;
}

/** Parse repeated `--python name=/path/to/python` flags. */
export function parsePythonFlags(flags: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new Error(`--python expects FRAMEWORK=/path/to/python, got "${flag}"`);
    const name = flag.slice(0, eq);
    frameworkSpec(name);
    out[name] = flag.slice(eq + 1);
  }
  return out;
}

/**
 * Which Python each framework runs in: a --python flag first, then the config file,
 * then portabench's own managed environment. A user's interpreter is only ever used,
 * never installed into.
 */
export function resolveInterpreters(config: Config, flags: Record<string, string>, frameworks = FRAMEWORK_NAMES): Interpreter[] {
  return frameworks.map((framework) => {
    if (flags[framework]) return { framework, python: flags[framework], source: 'flag' as const };
    if (config.python[framework]) return { framework, python: config.python[framework], source: 'config' as const };
    const managed = managedPython(config, framework);
    if (existsSync(managed)) return { framework, python: managed, source: 'managed' as const };
    return { framework, python: null, source: 'missing' as const };
  });
}

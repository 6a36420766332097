import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { frameworkSpec } from '../envs/frameworks.js';
import { Manifest } from './manifest.js';

export interface LayoutResult {
  dir: string;
  written: string[];
  kept: string[];
}

export function readManifest(path: string): Manifest {
  const file = resolve(path);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`sample manifest ${file} cannot be read as JSON: ${(e as Error).message}. Make one with "portabench sample --json > manifest.json".`);
  }
  const parsed = Manifest.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`sample manifest ${file} is not a portabench sample manifest: ${i?.path.join('.') || '(top)'}: ${i?.message}`);
  }
  return parsed.data;
}

/** A placeholder test file: the suite checker reports it as "not written", never as passing. */
export function placeholder(name: string, framework: string, entry: { stratum: string; decile: number | null; frequency: number }): string {
  const where = entry.stratum === 'top' ? 'top stratum' : `decile ${entry.decile}`;
  return [
    `# Placeholder for ${name} (${framework}; ${where}, frequency ${entry.frequency}).`,
    '# Not written yet: write its cases (see suites/smoke for the format), then delete the',
    '# PORTABENCH_TODO line. Until then, suite checks report this file as "not written".',
    `FUNCTION = ${JSON.stringify(name)}`,
    'PORTABENCH_TODO = True',
    '',
  ].join('\n');
}

function safeFileName(name: string): string {
  if (!/^[A-Za-z_][\w.]*$/.test(name) || name.includes('..')) throw new Error(`"${name}" cannot be a test file name (expected a dotted Python name)`);
  return `${name}.py`;
}

/**
 * Lay out <dir>/<framework>/<name>.py placeholders and <dir>/suite.json for a sample.
 * Existing files are never overwritten: they are listed as kept.
 */
export function layoutSuite(manifest: Manifest, framework: string, dir: string): LayoutResult {
  const root = resolve(dir);
  const fwDir = join(root, frameworkSpec(framework).suiteDir);
  mkdirSync(fwDir, { recursive: true });
  const written: string[] = [];
  const kept: string[] = [];
  const write = (path: string, text: string) => {
    try {
      writeFileSync(path, text, { flag: 'wx' });
      written.push(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') kept.push(path);
      else throw new Error(`cannot write ${path}: ${(e as Error).message}`);
    }
  };
  for (const e of manifest.entries) write(join(fwDir, safeFileName(e.name)), placeholder(e.name, framework, e));
  const suiteJson = {
    name: root.split(/[\\/]/).pop(),
    framework,
    sample: { seed: manifest.seed, source: manifest.source, top: manifest.top, per_decile: manifest.per_decile, method: manifest.method },
    entries: manifest.entries.map((e) => ({
      name: e.name,
      file: `${frameworkSpec(framework).suiteDir}/${e.name}.py`,
      status: 'todo',
      stratum: e.stratum,
      decile: e.decile,
      frequency: e.frequency,
      replaces: e.replaces,
    })),
    excluded: manifest.excluded,
  };
  write(join(root, 'suite.json'), `${JSON.stringify(suiteJson, null, 2)}\n`);
  return { dir: root, written, kept };
}


import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { SUITES_DIR } from '../runner/paths.js';
import { FRAMEWORKS } from '../envs/frameworks.js';
import { isTimingLevel, type TimingLevel } from '../runner/timing-policy.js';

export interface Suite {
  name: string;
  dir: string;
  /** Test files per framework, absolute paths, sorted. */
  files: Record<string, string[]>;
  hash: string;
  /** The timing level its suite.json asks for ("timing": "quick" in generated suites); none said: full. */
  timing: TimingLevel;
  /** Its suite.json says "generated": true (made from a framework's own databases). */
  generated: boolean;
}

/** A suite's suite.json as an object ({} when it has none). */
function suiteJson(dir: string): Record<string, unknown> {
  const file = join(dir, 'suite.json');
  if (!existsSync(file)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
}

/** The "timing" a suite.json names, when it is an object with one. */
function suiteTiming(dir: string): TimingLevel {
  const file = join(dir, 'suite.json');
  const t = suiteJson(dir).timing;
  if (t === undefined) return 'full';
  if (!isTimingLevel(t)) throw new Error(`${file}: "timing" must be none, quick or full, not ${JSON.stringify(t)}`);
  return t;
}

/** A suite by name (suites/NAME in portabench) or by directory. */
export function resolveSuiteDir(nameOrDir: string): string {
  const asDir = resolve(nameOrDir);
  if (existsSync(asDir) && statSync(asDir).isDirectory()) return asDir;
  const named = join(SUITES_DIR, nameOrDir);
  if (existsSync(named) && statSync(named).isDirectory()) return named;
  const known = existsSync(SUITES_DIR) ? readdirSync(SUITES_DIR).join(', ') : 'none';
  throw new Error(`no suite "${nameOrDir}": not a directory, nor one of portabench's suites (${known})`);
}

export function loadSuite(nameOrDir: string): Suite {
  const dir = resolveSuiteDir(nameOrDir);
  const files: Record<string, string[]> = {};
  const hash = createHash('sha256');
  for (const fw of FRAMEWORKS) {
    const sub = join(dir, fw.suiteDir);
    if (!existsSync(sub)) continue;
    const list = readdirSync(sub)
      .filter((f) => f.endsWith('.py') && !f.startsWith('_'))
      .sort()
      .map((f) => join(sub, f));
    if (!list.length) continue;
    files[fw.name] = list;
    for (const f of list) {
      hash.update(relative(dir, f));
      hash.update('\0');
      hash.update(readFileSync(f));
      hash.update('\0');
    }
  }
  if (!Object.keys(files).length) {
    throw new Error(`suite ${dir} has no test files: expected ${FRAMEWORKS.map((f) => `${f.suiteDir}/*.py`).join(', ')}`);
  }
  return { name: basename(dir), dir, files, hash: hash.digest('hex'), timing: suiteTiming(dir), generated: suiteJson(dir).generated === true };
}

/** The function a file tests when it does not say: its file name without .py. */
export function functionFromFileName(file: string): string {
  return basename(file).replace(/\.py$/, '');
}

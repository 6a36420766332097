import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import { readFrequencies } from '../mining/store.js';
import { findFramework } from '../model/vocabulary.js';
import type { Manifest } from './manifest.js';
import type { Frequency } from './rank.js';

export type Metric = 'calls' | 'refs' | 'files';

export interface LoadedFrequencies {
  items: Frequency[];
  framework: string | null;
  source: Manifest['source'];
}

function digest(items: Frequency[]): string {
  const h = createHash('sha256');
  for (const it of [...items].sort((a, b) => (a.name < b.name ? -1 : 1))) h.update(`${it.name}\t${it.frequency}\n`);
  return h.digest('hex');
}

function checkCount(name: string, value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`${where}: the frequency of "${name}" is ${JSON.stringify(value)}; expected a number ≥ 0`);
  }
  return value;
}

/**
 * Frequencies from a JSON file: {name: count} (the 2023 study's *_frequencies.json,
 * or any such file), or the `--json` output of `portabench mine` ({"names":[{name, calls, refs, files}]}).
 */
export function readFrequencyFile(path: string, metric: Metric = 'calls'): LoadedFrequencies {
  const file = resolve(path);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `is not valid JSON (${(e as Error).message})`;
    throw new Error(`frequency file ${file} ${why}. Give a JSON {name: count} file, portabench mine --json output, or db:CORPUS[:FRAMEWORK].`);
  }
  let items: Frequency[];
  // a file named for its framework (the study's torch_frequencies.json): any name or alias the vocabulary knows
  let framework: string | null = findFramework(basename(file).split(/[_.-]/)[0] ?? '')?.name ?? null;
  if (raw && typeof raw === 'object' && !Array.isArray(raw) && Array.isArray((raw as { names?: unknown }).names)) {
    const names = (raw as { names: Array<Record<string, unknown>> }).names;
    items = names.map((n, i) => {
      if (typeof n?.name !== 'string') throw new Error(`${file}: names[${i}] has no "name"`);
      return { name: n.name, frequency: checkCount(n.name, n[metric], file) };
    });
    const fws = new Set(names.map((n) => n.framework).filter((f): f is string => typeof f === 'string'));
    if (fws.size === 1) framework = [...fws][0];
  } else if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    items = Object.entries(raw as Record<string, unknown>).map(([name, v]) => ({ name, frequency: checkCount(name, v, file) }));
  } else {
    throw new Error(`frequency file ${file} holds ${Array.isArray(raw) ? 'an array' : typeof raw}; expected a JSON object {name: count}`);
  }
  if (items.length === 0) throw new Error(`frequency file ${file} lists no names`);
  return { items, framework, source: { kind: 'file', location: file, names: items.length, sha256: digest(items) } };
}

/** Frequencies mined by `portabench mine` and stored in the database, for a corpus and optionally one framework. */
export async function readFrequencyDb(db: Kysely<any>, corpus: string, framework: string | undefined, metric: Metric = 'calls', where = 'the database'): Promise<LoadedFrequencies> {
  const rows = await readFrequencies(db, corpus, framework ? { framework } : {});
  if (rows.length === 0) {
    throw new Error(`no mined frequencies for corpus "${corpus}"${framework ? ` and framework ${framework}` : ''} in ${where}: run "portabench mine … " first, or check the corpus name`);
  }
  const items = rows.map((r) => ({ name: r.name, frequency: r[metric] }));
  const fws = new Set(rows.map((r) => r.framework));
  return {
    items,
    framework: framework ?? (fws.size === 1 ? [...fws][0] : null),
    source: { kind: `db:${metric}`, location: `${corpus}${framework ? `:${framework}` : ''}`, names: items.length, sha256: digest(items) },
  };
}

/** Parse `db:CORPUS[:FRAMEWORK]`; undefined when the source is a file. */
export function parseDbSource(source: string): { corpus: string; framework?: string } | undefined {
  if (!source.startsWith('db:')) return undefined;
  const [corpus, framework] = source.slice(3).split(':');
  if (!corpus) throw new Error(`--frequencies ${source}: name the corpus, as in db:CORPUS or db:CORPUS:FRAMEWORK`);
  return { corpus, framework: framework || undefined };
}

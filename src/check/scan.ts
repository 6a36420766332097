import { opendir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { extractUsage, type CallSite, type SourcePoint, type UnresolvedCall } from '../mining/extract.js';
import { pythonParser } from '../mining/parser.js';
import { decodeSource, importPrefilter, type SkipReason } from '../mining/prefilter.js';
import { SKIP_DIRS } from '../mining/sources.js';

/** One Python file of the user's code, statically resolved (never imported or run). */
export type FileScan =
  | { path: string; status: 'resolved'; frameworks: string[]; sites: CallSite[]; unresolved: UnresolvedCall[] }
  /** Imports none of the frameworks: nothing to check. */
  | { path: string; status: 'no_framework' }
  /** Not checked: why, and where for a syntax error. */
  | { path: string; status: 'skipped'; reason: SkipReason; at?: SourcePoint; detail?: string };

export class ScanInputError extends Error {}

export interface ScanOptions {
  /** Files larger than this are skipped as too_large (default 10 MB, as `mine`). */
  maxBytes?: number;
}

/** Every `.py` file under the given files and directories, in a stable order, listed lazily (one directory at a time). */
export async function* pythonFiles(paths: string[]): AsyncGenerator<string> {
  for (const p of paths) {
    const st = await stat(p).catch((e: NodeJS.ErrnoException) => {
      throw new ScanInputError(`cannot read ${p}: ${e.code === 'ENOENT' ? 'no such file or directory' : e.message}; name Python files or directories to check`);
    });
    if (st.isDirectory()) yield* directory(p);
    else yield p;
  }
}

async function* directory(dir: string): AsyncGenerator<string> {
  const dirs: string[] = [];
  const files: string[] = [];
  for await (const entry of await opendir(dir)) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) dirs.push(entry.name);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && entry.name.endsWith('.py')) files.push(entry.name);
  }
  for (const f of files.sort()) yield join(dir, f);
  for (const d of dirs.sort()) yield* directory(join(dir, d));
}

/**
 * Resolve each file's framework call sites, one file at a time: a file's tree is freed before
 * the next is read, and only its sites are kept. Files are parsed with tree-sitter, never
 * imported or executed; one that does not parse is reported and skipped.
 */
export async function* scanSources(paths: string[], options: ScanOptions = {}): AsyncGenerator<FileScan> {
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const parser = await pythonParser();
  const prefilter = importPrefilter();
  try {
    for await (const path of pythonFiles(paths)) {
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch (e) {
        yield { path, status: 'skipped', reason: 'unreadable', detail: (e as Error).message };
        continue;
      }
      const decoded = decodeSource(bytes, maxBytes);
      if (!decoded.ok) {
        yield { path, status: 'skipped', reason: decoded.reason };
        continue;
      }
      if (!prefilter.test(decoded.text)) {
        yield { path, status: 'no_framework' };
        continue;
      }
      let r: ReturnType<typeof extractUsage>;
      try {
        r = extractUsage(parser, decoded.text, undefined, { sites: true });
      } catch (e) {
        yield { path, status: 'skipped', reason: 'parse_failed', detail: (e as Error).message };
        continue;
      }
      if (!r.ok) yield { path, status: 'skipped', reason: r.reason, ...(r.at ? { at: r.at } : {}) };
      else if (!r.usage.frameworks.length) yield { path, status: 'no_framework' };
      else yield { path, status: 'resolved', frameworks: r.usage.frameworks, sites: r.usage.sites ?? [], unresolved: r.usage.unresolved ?? [] };
    }
  } finally {
    parser.delete();
  }
}

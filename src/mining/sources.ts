import { createReadStream } from 'node:fs';
import { open, opendir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import type { SkipReason } from './prefilter.js';
import { lineLimit } from './process.js';

/** What a corpus reader yields: raw file bytes, a block of whole JSON Lines, decoded texts, or a skip. */
export type CorpusUnit =
  | { kind: 'file'; bytes: Uint8Array }
  | { kind: 'jsonl'; bytes: Uint8Array }
  | { kind: 'texts'; texts: Array<string | Uint8Array | null> }
  | { kind: 'skip'; reason: SkipReason; where: string; why?: string };

export type InputFormat = 'directory' | 'python' | 'jsonl' | 'jsonl.gz' | 'parquet';

export const SKIP_DIRS: ReadonlySet<string> = new Set(['.git', '.hg', '.svn', '__pycache__', 'node_modules']);

/** Decide how to read an input: a directory, or a file sniffed by magic bytes and then by name. */
export async function inputFormat(path: string): Promise<InputFormat> {
  const st = await stat(path).catch((e: NodeJS.ErrnoException) => {
    throw new Error(`cannot read corpus input ${path}: ${e.code === 'ENOENT' ? 'no such file or directory' : e.message}`);
  });
  if (st.isDirectory()) return 'directory';
  const head = Buffer.alloc(4);
  const fh = await open(path, 'r');
  try {
    await fh.read(head, 0, 4, 0);
  } finally {
    await fh.close();
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return 'jsonl.gz';
  if (head.toString('latin1') === 'PAR1') return 'parquet';
  if (/\.(jsonl|ndjson|json)$/i.test(path)) return 'jsonl';
  return 'python';
}

/** Stream one input as work units. Never holds more than one file, block or row group. */
export async function* readInput(path: string, maxBytes: number): AsyncGenerator<CorpusUnit> {
  const format = await inputFormat(path);
  if (format === 'directory') yield* readDirectory(path, maxBytes);
  else if (format === 'python') yield* readPythonFile(path, maxBytes);
  else if (format === 'parquet') yield* readParquet(path);
  else yield* readJsonLines(path, format === 'jsonl.gz', maxBytes);
}

export async function* readPythonFile(path: string, maxBytes: number): AsyncGenerator<CorpusUnit> {
  try {
    const st = await stat(path);
    if (st.size > maxBytes) {
      yield { kind: 'skip', reason: 'too_large', where: path };
      return;
    }
    yield { kind: 'file', bytes: await readFile(path) };
  } catch (e) {
    yield { kind: 'skip', reason: 'unreadable', where: path, why: (e as Error).message };
  }
}

/** What a directory walk finds: a `.py` file, or a directory that cannot be read. */
export type WalkEntry = { file: string } | { unreadable: string; why: string };

/** Every `.py` file under `dir`, depth first, lazily (no list of all paths is kept). Distributed mining plans shards with the same walk. */
export async function* walkPython(dir: string): AsyncGenerator<WalkEntry> {
  let handle;
  try {
    handle = await opendir(dir);
  } catch (e) {
    yield { unreadable: dir, why: (e as Error).message };
    return;
  }
  for await (const entry of handle) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) yield* walkPython(path);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && entry.name.endsWith('.py')) {
      yield { file: path };
    }
  }
}

/** Every `.py` file under `dir`, read lazily. */
export async function* readDirectory(dir: string, maxBytes: number): AsyncGenerator<CorpusUnit> {
  for await (const e of walkPython(dir)) {
    if ('file' in e) yield* readPythonFile(e.file, maxBytes);
    else yield { kind: 'skip', reason: 'unreadable', where: e.unreadable, why: e.why };
  }
}

const BLOCK = 1 << 20;

/**
 * JSON Lines (optionally gzip): blocks of about 1 MB of whole lines. A line longer than
 * the limit is dropped as it streams past (counted too_large), never buffered whole.
 */
async function* readJsonLines(path: string, gzip: boolean, maxBytes: number): AsyncGenerator<CorpusUnit> {
  const limit = lineLimit(maxBytes);
  let stream: NodeJS.ReadableStream = createReadStream(path, { highWaterMark: BLOCK });
  if (gzip) stream = stream.pipe(createGunzip());
  let complete: Buffer[] = [];
  let completeLength = 0;
  let partial: Buffer[] = [];
  let partialLength = 0;
  let discarding = false;
  const flush = (): CorpusUnit => {
    const unit: CorpusUnit = { kind: 'jsonl', bytes: Buffer.concat(complete, completeLength) };
    complete = [];
    completeLength = 0;
    return unit;
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let data = chunk;
      if (discarding) {
        const nl = data.indexOf(10);
        if (nl < 0) continue;
        discarding = false;
        data = data.subarray(nl + 1);
      }
      const nl = data.lastIndexOf(10);
      if (nl >= 0) {
        complete.push(...partial, data.subarray(0, nl + 1));
        completeLength += partialLength + nl + 1;
        partial = [];
        partialLength = 0;
        data = data.subarray(nl + 1);
        if (completeLength >= BLOCK) yield flush();
      }
      if (data.length) {
        partial.push(data);
        partialLength += data.length;
        if (partialLength > limit) {
          yield { kind: 'skip', reason: 'too_large', where: path };
          partial = [];
          partialLength = 0;
          discarding = true;
        }
      }
    }
  } catch (e) {
    yield { kind: 'skip', reason: 'unreadable', where: path, why: `${gzip ? 'gzip stream broken' : 'read failed'}: ${(e as Error).message}` };
  }
  complete.push(...partial);
  completeLength += partialLength;
  if (completeLength) yield flush();
}

/** Parquet with a `content` column, one row group at a time (only groups [from, to) when `groups` is given: a mining shard). */
export async function* readParquet(path: string, groups?: [number, number]): AsyncGenerator<CorpusUnit> {
  let file;
  let metadata;
  try {
    file = await asyncBufferFromFile(path);
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    yield { kind: 'skip', reason: 'unreadable', where: path, why: `not a readable Parquet file: ${(e as Error).message}` };
    return;
  }
  const columns = parquetSchema(metadata).children.map((c) => c.element.name);
  if (!columns.includes('content')) {
    yield { kind: 'skip', reason: 'unreadable', where: path, why: `no "content" column (columns: ${columns.join(', ')})` };
    return;
  }
  let rowStart = 0;
  for (const [g, group] of metadata.row_groups.entries()) {
    const rowEnd = rowStart + Number(group.num_rows);
    if (groups && (g < groups[0] || g >= groups[1])) {
      rowStart = rowEnd;
      continue;
    }
    let rows: unknown[][] = [];
    try {
      await parquetRead({ file, metadata, columns: ['content'], rowStart, rowEnd, onComplete: (r) => (rows = r as unknown[][]) });
    } catch (e) {
      yield { kind: 'skip', reason: 'unreadable', where: `${path} rows ${rowStart}-${rowEnd - 1}`, why: (e as Error).message };
      rowStart = rowEnd;
      continue;
    }
    rowStart = rowEnd;
    const texts = rows.map((r) => {
      const v = r[0];
      return typeof v === 'string' || v instanceof Uint8Array ? v : null;
    });
    for (let i = 0; i < texts.length; i += 256) yield { kind: 'texts', texts: texts.slice(i, i + 256) };
  }
}

import { resolve } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetSchema } from 'hyparquet';
import { inputFormat, readDirectory, readInput, readParquet, readPythonFile, walkPython, type CorpusUnit } from './sources.js';

/**
 * A part of a corpus: a whole input (a .py or JSON Lines file, or a Parquet file that
 * cannot be split), one .py file found in a directory, a directory that could not be
 * read (read again, so it is counted as the single-machine walk counts it), or a range of
 * a Parquet file's row groups.
 */
export type ShardPart =
  | { kind: 'input'; path: string }
  | { kind: 'file'; path: string }
  | { kind: 'dir'; path: string }
  | { kind: 'rows'; path: string; groups: [number, number] };

export interface Shard {
  parts: ShardPart[];
}

export interface ShardPlanOptions {
  /** .py files per shard (default 200). */
  filesPerShard?: number;
  /** Parquet row groups per shard (default 1). */
  rowGroupsPerShard?: number;
}

/**
 * Split a corpus into shards that together hold every unit `mineCorpus` would read, each
 * exactly once: directories' .py files in groups (the same walk as mining), each JSON
 * Lines file whole, Parquet files by row groups. Paths are absolute: every agent must see
 * the corpus at the same path.
 */
export async function planShards(inputs: string[], opts: ShardPlanOptions = {}): Promise<Shard[]> {
  const perShard = opts.filesPerShard ?? 200;
  const perGroup = opts.rowGroupsPerShard ?? 1;
  const shards: Shard[] = [];
  let open: ShardPart[] = [];
  const flush = () => {
    if (open.length) shards.push({ parts: open });
    open = [];
  };
  const addSmall = (part: ShardPart) => {
    open.push(part);
    if (open.length >= perShard) flush();
  };
  for (const raw of inputs) {
    const path = resolve(raw);
    const format = await inputFormat(path);
    if (format === 'directory') {
      for await (const e of walkPython(path)) addSmall('file' in e ? { kind: 'file', path: e.file } : { kind: 'dir', path: e.unreadable });
    } else if (format === 'python') {
      addSmall({ kind: 'input', path });
    } else if (format === 'parquet') {
      const groups = await rowGroups(path);
      if (groups === null) shards.push({ parts: [{ kind: 'input', path }] });
      else for (let g = 0; g < groups; g += perGroup) shards.push({ parts: [{ kind: 'rows', path, groups: [g, Math.min(groups, g + perGroup)] }] });
    } else {
      shards.push({ parts: [{ kind: 'input', path }] });
    }
  }
  flush();
  return shards;
}

/** A Parquet file's row-group count, or null when it cannot be split (unreadable, no content column: read whole, it is counted as mining counts it). */
async function rowGroups(path: string): Promise<number | null> {
  try {
    const metadata = await parquetMetadataAsync(await asyncBufferFromFile(path));
    if (!parquetSchema(metadata).children.some((c) => c.element.name === 'content')) return null;
    return metadata.row_groups.length;
  } catch {
    return null;
  }
}

/** The .py files under a directory, in the order mining walks them. */
export async function pyFilesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of walkPython(dir)) if ('file' in e) out.push(e.file);
  return out;
}

/** The units of one shard, read as mining reads them. */
export async function* readShard(shard: Shard, maxBytes: number): AsyncGenerator<CorpusUnit> {
  for (const p of shard.parts) {
    if (p.kind === 'input') yield* readInput(p.path, maxBytes);
    else if (p.kind === 'file') yield* readPythonFile(p.path, maxBytes);
    else if (p.kind === 'dir') yield* readDirectory(p.path, maxBytes);
    else yield* readParquet(p.path, p.groups);
  }
}

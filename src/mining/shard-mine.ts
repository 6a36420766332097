import type { Parser } from 'web-tree-sitter';
import { minedFramework, MINED_FRAMEWORKS } from './frameworks.js';
import { DEFAULT_MAX_BYTES, mineUnits, miningResult, type MiningResult } from './mine.js';
import { pythonParser } from './parser.js';
import { BatchProcessor } from './process.js';
import { readShard, type Shard } from './shards.js';

let parser: Promise<Parser> | null = null;

export interface ShardMineOptions {
  frameworks?: string[];
  maxBytes?: number;
  /** Worker threads; 1 (the default) mines in this thread with a parser kept between shards. */
  jobs?: number;
}

/**
 * Mine one shard. With one job, in this thread, with a parser kept from shard to shard: a
 * fleet agent mines many small shards, and a worker thread per shard (start-up and loading
 * the grammar) would cost more than the shard. The same counting as mineCorpus (the same
 * BatchProcessor).
 */
export async function mineShard(shard: Shard, o: ShardMineOptions = {}): Promise<MiningResult> {
  const maxBytes = o.maxBytes ?? DEFAULT_MAX_BYTES;
  if ((o.jobs ?? 1) > 1) return mineUnits(readShard(shard, maxBytes), { jobs: o.jobs, frameworks: o.frameworks, maxBytes });
  const started = performance.now();
  const frameworks = (o.frameworks?.length ? o.frameworks : MINED_FRAMEWORKS.map((f) => f.name)).map(minedFramework);
  parser ??= pythonParser();
  const proc = new BatchProcessor(await parser, { maxBytes, modules: frameworks.map((f) => f.module) });
  for await (const unit of readShard(shard, maxBytes)) {
    if (unit.kind === 'skip') proc.counts.skip(unit.reason);
    else if (unit.kind === 'file') proc.process({ id: 0, files: [unit.bytes] });
    else if (unit.kind === 'jsonl') proc.process({ id: 0, jsonl: unit.bytes });
    else proc.process({ id: 0, texts: unit.texts });
  }
  return miningResult(proc.counts, frameworks.map((f) => f.name), (performance.now() - started) / 1000, 1);
}

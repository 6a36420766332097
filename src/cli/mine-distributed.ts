import { resolve } from 'node:path';
import { miningProgress, startDistributedMining } from '../fleet/mine-distributed.js';
import type { MiningResult } from '../mining/mine.js';
import { listCorpora, readFileSets, readFrequencies, readMethodCounts } from '../mining/store.js';
import { err, out, UsageError } from './common.js';
import { openQueueOrExplain } from './queue.js';

export interface DistributedMineOptions {
  db: string;
  corpus: string;
  inputs: string[];
  frameworks?: string[];
  maxBytes: number;
  options: Record<string, unknown>;
  wait: boolean;
  json: boolean;
  filesPerShard?: number;
  maxAttempts: number;
  /** Prints a finished corpus the way `mine` does. */
  summary: (corpus: string, r: MiningResult, where: string) => string;
}

/** `mine --distributed`: queue the shard jobs; with --wait, wait for the agents and print the totals as `mine` does. */
export async function mineDistributed(o: DistributedMineOptions): Promise<void> {
  const q = await openQueueOrExplain(o.db);
  const started = performance.now();
  try {
    let plan;
    try {
      plan = await startDistributedMining(q.store.db, { corpus: o.corpus, inputs: o.inputs, frameworks: o.frameworks, maxBytes: o.maxBytes, options: o.options, maxAttempts: o.maxAttempts, plan: { filesPerShard: o.filesPerShard } });
    } catch (e) {
      const msg = (e as Error).message;
      throw msg.startsWith('cannot read corpus input') ? new UsageError(msg) : e;
    }
    err(`Corpus ${o.corpus}: ${plan.shards} shard job(s) queued (jobs ${plan.jobs[0] ?? '–'}…${plan.jobs.at(-1) ?? '–'}). Agents mine them: portabench agent --db URL`);
    if (!o.wait) return;
    for (;;) {
      const p = await miningProgress(q.store.db, o.corpus, plan.jobs);
      if (p.done) break;
      if (p.failed.length) throw new UsageError(`${p.failed.length} shard(s) of ${o.corpus} failed for good, e.g. job ${p.failed[0]!.id} (${p.failed[0]!.label}): ${p.failed[0]!.error ?? 'no reason recorded'}; see "portabench queue status"`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const c = (await listCorpora(q.store.db)).find((x) => x.name === o.corpus)!;
    const result: MiningResult = {
      files: c.files,
      parsed: c.parsed,
      bytes: c.bytes,
      skipped: c.skipped,
      frameworks: c.frameworks,
      names: await readFrequencies(q.store.db, o.corpus),
      methods: await readMethodCounts(q.store.db, o.corpus),
      seconds: (performance.now() - started) / 1000,
      jobs: plan.shards,
      fileSets: await readFileSets(q.store.db, o.corpus),
    };
    if (o.json) {
      const { files, parsed, bytes, skipped, frameworks, names, methods, seconds } = result;
      out(JSON.stringify({ corpus: o.corpus, inputs: o.inputs.map((i) => resolve(i)), files, parsed, bytes, skipped, frameworks, names, methods, seconds, shards: plan.shards }));
    } else out(o.summary(o.corpus, result, `${q.store.location} (distributed: ${plan.shards} shards)`));
  } finally {
    await q.close();
  }
}

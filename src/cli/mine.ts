import { basename, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { MINED_FRAMEWORKS, minedFramework } from '../mining/frameworks.js';
import { DEFAULT_MAX_BYTES, mineCorpus, type MineProgress, type MiningResult } from '../mining/mine.js';
import { defaultJobs } from '../mining/pool.js';
import { joinCatalog, saveMining, type CatalogJoin } from '../mining/store.js';
import { Store } from '../store/store.js';
import { collect, err, out, configOption, dbOption, resolveSettings, UsageError } from './common.js';
import { mineDistributed } from './mine-distributed.js';
import { positiveInt, positiveNumber } from './parsers.js';



/** Default corpus name: the inputs' base names without extensions, joined by "+". */
export function defaultCorpusName(inputs: string[]): string {
  return inputs.map((i) => basename(resolve(i)).replace(/(\.(jsonl|ndjson|json|parquet|py))?(\.gz)?$/i, '')).join('+');
}

function progressReporter(quiet: boolean): { update: (p: MineProgress) => void; stop: () => void } {
  if (quiet) return { update: () => {}, stop: () => {} };
  const line = (p: MineProgress) => {
    const s = Math.max(p.seconds, 1e-3);
    return { files: p.files, mb: (p.bytes / 1e6).toFixed(1), fps: (p.files / s).toFixed(0), mbps: (p.bytes / 1e6 / s).toFixed(2) };
  };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: 'mining {spinner} {files} files | {mb} MB | {fps} files/s | {mbps} MB/s', hideCursor: true, clearOnComplete: true, stream: process.stderr, fps: 5 },
      cliProgress.Presets.shades_classic,
    );
    const spin = ['|', '/', '-', '\\'];
    let tick = 0;
    bar.start(1, 0, { files: 0, mb: '0.0', fps: '0', mbps: '0.00', spinner: spin[0] });
    return { update: (p) => bar.update(0, { ...line(p), spinner: spin[tick++ % 4] }), stop: () => bar.stop() };
  }
  let last = 0;
  return {
    update: (p) => {
      if (p.seconds - last < 10) return;
      last = p.seconds;
      const l = line(p);
      err(`mining: ${l.files} files, ${l.mb} MB, ${l.fps} files/s, ${l.mbps} MB/s`);
    },
    stop: () => {},
  };
}

function summary(corpus: string, r: MiningResult, where: string, catalog: CatalogJoin | null): string {
  const lines = [
    `Corpus ${corpus}: ${r.files} files (${(r.bytes / 1e6).toFixed(1)} MB), ${r.parsed} parsed, in ${r.seconds.toFixed(1)} s on ${r.jobs} worker(s)`,
  ];
  const skipped = Object.entries(r.skipped);
  if (skipped.length) lines.push(`Skipped: ${skipped.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  for (const [fw, v] of Object.entries(r.frameworks)) {
    const n = r.names.filter((x) => x.framework === fw).length;
    const version = catalog?.versions[fw];
    const known = version ? `, ${r.names.filter((x) => x.framework === fw && catalog!.inCatalog.has(`${fw}\t${x.name}`)).length} of them in the ${fw} ${version} catalog` : '';
    lines.push(`  ${fw.padEnd(11)} imported by ${v.files_importing} file(s); ${n} qualified names used${known}`);
  }
  const top = r.names.slice(0, 20);
  if (top.length) {
    lines.push('', 'Most called (calls / refs / files):');
    for (const n of top) lines.push(`  ${n.name.padEnd(44)} ${String(n.calls).padStart(7)} ${String(n.refs).padStart(7)} ${String(n.files).padStart(6)}`);
  }
  lines.push('', `Stored as corpus "${corpus}" in ${where} (${r.names.length} names, ${r.methods.length} bare method names).`);
  return lines.join('\n');
}

export function registerMine(program: Command): void {
  program
    .command('mine')
    .description('count how often each framework API is used in a corpus of Python code (directories, .py, JSON Lines [.gz], Parquet)')
    .argument('<corpus...>', 'directories of .py files, .py files, JSON Lines files with a "content" field (plain or .gz), Parquet files with a "content" column')
    .option('-f, --framework <name...>', `only these frameworks (${MINED_FRAMEWORKS.map((f) => f.name).join(', ')})`, collect)
    .option('-j, --jobs <n>', `worker threads (default: all cores, ${defaultJobs()} here)`, positiveInt)
    .option('--corpus-name <name>', 'name the frequencies are stored under (default: the inputs\' base names)')
    .option('--max-file-mb <mb>', `skip files larger than this (default ${DEFAULT_MAX_BYTES / 1024 / 1024})`, positiveNumber)
    .addOption(dbOption('database to store the frequencies in'))
    .addOption(configOption())
    .option('--no-store', 'do not store the frequencies')
    .option('-q, --quiet', 'no progress output')
    .option('--json', 'print the counts as JSON')
    .option('--distributed', 'split the corpus into shard jobs on the queue (--db postgres://…); agents mine them, the totals are summed in SQL')
    .option('--wait', 'with --distributed: wait for the agents and print the totals')
    .option('--shard-files <n>', 'with --distributed: .py files per shard (default 200)', positiveInt)
    .action(async (inputs: string[], opts) => {
      const frameworks = (opts.framework as string[] | undefined)?.map((f) => {
        try {
          return minedFramework(f).name;
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
      });
      const corpus: string = opts.corpusName ?? defaultCorpusName(inputs);
      const options = { frameworks: frameworks ?? null, maxFileMb: opts.maxFileMb ?? null };
      const maxBytes = opts.maxFileMb ? Math.round(opts.maxFileMb * 1024 * 1024) : DEFAULT_MAX_BYTES;
      if (opts.distributed) return mineDistributed({ db: resolveSettings(opts).db, corpus, inputs, frameworks, maxBytes, options, wait: !!opts.wait, json: !!opts.json, filesPerShard: opts.shardFiles, maxAttempts: 3, summary: (c, r, w) => summary(c, r, w, null) });
      const progress = progressReporter(!!opts.quiet);
      let result: MiningResult;
      try {
        result = await mineCorpus(inputs, {
          jobs: opts.jobs,
          frameworks,
          maxBytes: opts.maxFileMb ? Math.round(opts.maxFileMb * 1024 * 1024) : undefined,
          onProgress: progress.update,
          onWarning: (m) => err(`warning: ${m}`),
        });
      } catch (e) {
        const msg = (e as Error).message;
        if (msg.startsWith('cannot read corpus input')) throw new UsageError(msg);
        throw e;
      } finally {
        progress.stop();
      }
      let where = '(not stored)';
      let catalog: CatalogJoin | null = null;
      if (opts.store !== false) {
        const store = await Store.open(resolveSettings(opts).db);
        try {
          await saveMining(store.db, corpus, inputs.map((i) => resolve(i)), result, { frameworks: frameworks ?? null, maxFileMb: opts.maxFileMb ?? null });
          where = store.location;
          catalog = await joinCatalog(store.db, corpus);
        } finally {
          await store.close();
        }
      }
      if (opts.json) {
        const { files, parsed, bytes, skipped, frameworks: fw, names, methods, seconds, jobs } = result;
        // in_catalog: whether the name is in the newest enumerated catalog of its framework (null: none enumerated)
        const joined = names.map((n) => ({ ...n, in_catalog: catalog && n.framework in catalog.versions ? catalog.inCatalog.has(`${n.framework}\t${n.name}`) : null }));
        out(JSON.stringify({ corpus, files, parsed, bytes, skipped, frameworks: fw, catalogs: catalog?.versions ?? {}, names: joined, methods, seconds, jobs }));
      } else out(summary(corpus, result, where, catalog));
    });
}

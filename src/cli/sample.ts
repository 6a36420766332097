import type { Command } from 'commander';
import { readExclusions } from '../sampling/exclusions.js';
import { parseDbSource, readFrequencyDb, readFrequencyFile, type LoadedFrequencies, type Metric } from '../sampling/frequencies.js';
import type { Manifest } from '../sampling/manifest.js';
import { drawSample } from '../sampling/sampler.js';
import { Store } from '../store/store.js';
import { configOption, dbOption, out, resolveSettings, UsageError } from './common.js';

function integer(flag: string) {
  return (v: string) => {
    if (!/^-?\d+$/.test(v.trim())) throw new UsageError(`${flag} expects a whole number, got "${v}"`);
    return Number(v);
  };
}

export function registerSample(program: Command): void {
  program
    .command('sample')
    .description('draw a stratified, seeded sample of API names: the top N by frequency plus k at random from each frequency decile')
    .requiredOption('--frequencies <source>', 'a JSON {name: count} file (e.g. the 2023 study\'s *_frequencies.json), portabench mine --json output, or db:CORPUS[:FRAMEWORK] (mined, in --db)')
    .option('--top <n>', 'how many of the most used names to take', integer('--top'), 20)
    .option('--per-decile <k>', 'how many names to draw from each decile of the rest', integer('--per-decile'), 5)
    .option('--seed <s>', 'seed of the generator (32-bit integer)', integer('--seed'), 0)
    .option('--exclude <file>', 'names to leave out, with a reason: JSON {name: reason} or lines "name<TAB>reason"')
    .option('--metric <m>', 'for mined frequencies: calls, refs or files', 'calls')
    .option('-f, --framework <name>', 'the framework the names belong to (recorded in the manifest)')
    .addOption(dbOption('database holding mined frequencies (for db:…)'))
    .addOption(configOption())
    .option('--json', 'print the sample manifest as JSON')
    .action(async (opts) => {
      if (!['calls', 'refs', 'files'].includes(opts.metric)) throw new UsageError(`--metric must be calls, refs or files, got "${opts.metric}"`);
      const loaded = await loadSource(opts.frequencies, opts.metric as Metric, opts);
      const exclusions = opts.exclude ? readExclusions(opts.exclude) : undefined;
      let manifest: Manifest;
      try {
        manifest = drawSample(loaded.items, { top: opts.top, perDecile: opts.perDecile, seed: opts.seed, exclusions, framework: opts.framework ?? loaded.framework, source: loaded.source });
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      out(opts.json ? JSON.stringify(manifest, null, 2) : manifestText(manifest));
    });
}

async function loadSource(source: string, metric: Metric, opts: { db?: string; config?: string }): Promise<LoadedFrequencies> {
  const db = parseDbSource(source);
  if (!db) return readFrequencyFile(source, metric);
  const store = await Store.open(resolveSettings(opts).db);
  try {
    return await readFrequencyDb(store.db, db.corpus, db.framework, metric, store.location);
  } finally {
    await store.close();
  }
}

function manifestText(m: Manifest): string {
  const lines = [
    `Sample of ${m.entries.length} names from ${m.source.names} (${m.source.location}${m.framework ? `, ${m.framework}` : ''}); seed ${m.seed}, top ${m.top}, ${m.per_decile} per decile`,
    '',
    'stratum  decile  rank  frequency  name',
  ];
  for (const e of m.entries) {
    lines.push(`${e.stratum.padEnd(7)}  ${String(e.decile ?? '').padStart(6)}  ${String(e.rank).padStart(4)}  ${String(e.frequency).padStart(9)}  ${e.name}${e.replaces ? `  (replaces ${e.replaces})` : ''}`);
  }
  lines.push('', 'decile  names  frequencies');
  for (const d of m.deciles) lines.push(`${String(d.decile).padStart(6)}  ${String(d.size).padStart(5)}  ${d.min_frequency ?? '-'}–${d.max_frequency ?? '-'}${d.shortfall ? `  (${d.shortfall} short)` : ''}`);
  if (m.excluded.length) {
    lines.push('', 'excluded:');
    for (const x of m.excluded) lines.push(`  ${x.name} (${x.stratum}${x.decile ? ` ${x.decile}` : ''}): ${x.reason} → ${x.replaced_by ?? 'no replacement left'}`);
  }
  return lines.join('\n');
}

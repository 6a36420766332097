import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { BundleError, importBundle, type ImportedBundleRun } from '../bundles/import.js';
import { ImportInputError, importForAiPortability, type ImportResult } from '../importers/index.js';
import { Store } from '../store/store.js';
import { err, out, configOption, dbOption, resolveSettings, UsageError } from './common.js';

export function registerImport(program: Command): void {
  const cmd = program.command('import').description("import other tools' results into the store");
  cmd
    .command('for-ai-portability <dir>')
    .description('the 2023 study\'s raw data (for-ai/portability layout: <fw>_timings/<vm>/…): one run per failure report / timing file set')
    .option('--functions <file>', 'paper-functions.json naming each test file\'s function (default: next to DIR)')
    .addOption(dbOption())
    .addOption(configOption())
    .option('--json', 'print what was imported as JSON')
    .action(async (dir: string, opts) => {
      if (!existsSync(dir)) throw new UsageError(`no such folder: ${dir}`);
      if (opts.functions && !existsSync(opts.functions)) throw new UsageError(`no such file: ${opts.functions} (--functions)`);
      const store = await Store.open(resolveSettings(opts).db);
      try {
        const result = await importForAiPortability(store, dir, {
          functionsFile: opts.functions,
          onProgress: (e) => err(`[${e.index + 1}/${e.total}] ${e.key}`),
        });
        out(opts.json ? JSON.stringify(result, null, 2) : describe(result));
      } catch (e) {
        if (e instanceof ImportInputError) throw new UsageError(e.message);
        throw e;
      } finally {
        await store.close();
      }
    });
  cmd
    .command('bundle <file...>')
    .description('results bundles written by "portabench export" (from another machine, or the pack): checked whole first, so a truncated, corrupted or foreign file changes nothing; a run imported before is not imported twice')
    .addOption(dbOption())
    .addOption(configOption())
    .option('--json', 'print what was imported as JSON')
    .action(async (files: string[], opts) => {
      const store = await Store.open(resolveSettings(opts).db);
      const done: Record<string, ImportedBundleRun[]> = {};
      try {
        for (const file of files) {
          try {
            done[file] = await importBundle(store, file);
          } catch (e) {
            if (e instanceof BundleError) throw new UsageError(`${e.message}. Nothing of it was imported${Object.keys(done).length ? ` (the files before it were: ${Object.keys(done).join(', ')})` : ''}.`);
            throw e;
          }
          if (!opts.json) out(describeBundle(file, done[file]));
        }
        if (opts.json) out(JSON.stringify({ db: store.location, files: done }, null, 2));
      } finally {
        await store.close();
      }
    });
}

function describeBundle(file: string, runs: ImportedBundleRun[]): string {
  return [`${file}:`, ...runs.map((r) => `  run ${r.source_id} (${r.targets} target(s), ${r.cases} cases): ${r.status === 'imported' ? `imported as run ${r.run_id}` : `already imported as run ${r.run_id}`}`)].join('\n');
}

function describe(r: ImportResult): string {
  const lines = [`Imported from ${r.root}${r.functionsFile ? ` (function names from ${r.functionsFile})` : ' (no paper-functions.json: functions named by file stem)'}`];
  const warnings: string[] = [];
  for (const run of r.runs) {
    const what = run.status === 'duplicate' ? 'skipped (duplicate)' : `run ${run.runId} ${run.status}`;
    lines.push(`  ${run.key}: ${what}${run.report ? '' : ' [no failure report]'}`);
    for (const t of run.targets) {
      const outcomes = Object.entries(t.outcomes).map(([k, v]) => `${k} ${v}`).join(', ');
      lines.push(`      ${run.framework}/${t.device}/${run.mode} @ ${t.hardware ?? '?'}: ${t.functions} functions, ${t.cases} cases (${outcomes})`);
    }
    for (const w of run.warnings) warnings.push(`${run.key}: ${w}`);
  }
  const runs = r.runs.filter((x) => x.status !== 'duplicate');
  lines.push(`${runs.length} run(s): ${runs.filter((x) => x.status === 'imported').length} new, ${runs.filter((x) => x.status === 'replaced').length} replaced, ${runs.filter((x) => x.status === 'unchanged').length} already imported`);
  if (r.skipped.length) {
    lines.push('', `Not imported (${r.skipped.length}):`);
    for (const s of r.skipped) lines.push(`  ${s.path}: ${s.reason}`);
  }
  if (warnings.length) {
    lines.push('', `Warnings (${warnings.length}): defects of the data, imported as they are`);
    for (const w of warnings) lines.push(`  ! ${w}`);
  }
  return lines.join('\n');
}

import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { buildReport, loadUsageCorpus } from '../analysis/index.js';
import { FORMATS, renderDocument, type Format } from '../report/render.js';
import { reportDocument } from '../report/report-document.js';
import { openExistingStore, selectedDataset, suiteStrata } from './analysis-common.js';
import { collect, configOption, dbOption, err, out, resolveSettings, UsageError } from './common.js';

export function registerReport(program: Command): void {
  const cmd = program
    .command('report')
    .description('the portability tables: functions passing / failing partly / failing completely per framework × device × mode, by stratum, failure categories');
  cmd
    .addOption(dbOption())
    .addOption(configOption())
    .option('--run <id...>', 'runs to report (default: the latest portabench run, or every imported run when there is none)', collect)
    .option('--all', 'every run in the store')
    .option('--origin <origin>', "every run of this origin ('run', 'import:for-ai-portability')")
    .addOption(new Option('--format <format>', 'output format').choices([...FORMATS]).default('text'))
    .option('--json', 'same as --format json')
    .option('--out <file>', 'write the report to this file instead of standard output')
    .option('--usage <corpus...>', 'weigh portability by real usage: a corpus mined into the store (NAME or db:NAME), or a frequency file (the study\'s <fw>_frequencies.json, or mine --json output); one per framework', collect)
    .action(async (opts) => {
      const store = await openExistingStore(resolveSettings(opts));
      try {
        const dataset = await selectedDataset(store, opts);
        const format: Format = opts.json ? 'json' : opts.format;
        const usage = [];
        for (const u of (opts.usage as string[] | undefined) ?? []) {
          try {
            usage.push(await loadUsageCorpus(store, u));
          } catch (e) {
            throw new UsageError((e as Error).message);
          }
        }
        const report = buildReport(dataset, { suiteEntries: suiteStrata(dataset), usage });
        const text = await renderDocument(format, reportDocument(report, dataset));
        if (opts.out) {
          writeFileSync(opts.out, text);
          err(`wrote ${opts.out} (${format}, ${dataset.runs.length} run(s))`);
        } else out(text);
      } finally {
        await store.close();
      }
    });
}

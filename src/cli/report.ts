import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { allTables } from '../analysis/all-tables.js';
import { portabilityReport } from '../analysis/portability.js';
import { buildHtmlBundle, renderHtml } from '../report/html.js';
import { FORMATS, render, type Format } from '../report/render.js';
import { chooseRuns, openExistingStore, suiteStrata } from './analysis-common.js';
import { collect, err, out } from './common.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('the portability tables: functions passing / failing partly / failing completely per framework × device × mode, by stratum, failure categories')
    .option('--db <file|url>', 'results database (default portabench.db)')
    .option('--run <id...>', 'runs to report (default: the latest portabench run, or every imported run when there is none)', collect)
    .option('--all', 'every run in the store')
    .option('--origin <origin>', "every run of this origin ('run', 'import:for-ai-portability')")
    .addOption(new Option('--format <format>', 'output format').choices([...FORMATS]).default('text'))
    .option('--json', 'same as --format json')
    .option('--out <file>', 'write the report to this file instead of standard output')
    .action(async (opts) => {
      const store = await openExistingStore(opts);
      try {
        const selection = await chooseRuns(store, opts);
        const format: Format = opts.json ? 'json' : opts.format;
        let text: string;
        if (format === 'html') {
          text = await renderHtml(await buildHtmlBundle(store, { runIds: selection.runIds, suiteEntries: await suiteStrata(store, selection.runIds) }));
        } else {
          const base = await portabilityReport(store, selection.runIds);
          const tables = await allTables(store, selection, await suiteStrata(store, selection.runIds));
          text = render({ ...base, ...tables }, format);
        }
        if (opts.out) {
          writeFileSync(opts.out, text);
          err(`wrote ${opts.out} (${format}, ${selection.runIds.length} run(s))`);
        } else out(text);
      } finally {
        await store.close();
      }
    });
}

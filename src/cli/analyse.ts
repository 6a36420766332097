import { type Command, Option } from 'commander';
import { allTables } from '../analysis/all-tables.js';
import { gridCsv, gridsLatex, gridsMarkdown, gridsText } from '../report/draw.js';
import { tableGrids } from '../report/grids.js';
import { chooseRuns, openExistingStore, suiteStrata } from './analysis-common.js';
import { collect, out, UsageError } from './common.js';

const TABLES = ['portability', 'strata', 'failure_categories', 'cold_warm'] as const;

export function registerAnalyse(program: Command): void {
  program
    .command('analyse')
    .alias('tables')
    .description('the analysis tables: portability with 95% bootstrap intervals, by stratum (top 20, deciles), failure categories, cold vs warm')
    .option('--db <file|url>', 'results database (default portabench.db)')
    .option('--run <id...>', 'runs to analyse (default: the latest portabench run, or every imported run when there is none)', collect)
    .option('--all', 'every run in the store')
    .option('--origin <origin>', "every run of this origin ('run', 'import:for-ai-portability')")
    .addOption(new Option('--table <name>', 'only this table').choices([...TABLES]))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'md', 'latex', 'csv', 'json']).default('text'))
    .option('--json', 'same as --format json')
    .action(async (opts) => {
      const store = await openExistingStore(opts);
      try {
        const selection = await chooseRuns(store, opts);
        const tables = await allTables(store, selection, await suiteStrata(store, selection.runIds));
        const format = opts.json ? 'json' : opts.format;
        if (format === 'json') {
          out(JSON.stringify(opts.table ? { [opts.table]: tables[opts.table as (typeof TABLES)[number]], ci: tables.ci } : tables, null, 2));
          return;
        }
        let grids = tableGrids(tables);
        if (opts.table) grids = grids.filter((g) => g.id === opts.table);
        if (format === 'csv') {
          if (grids.length !== 1) throw new UsageError('--format csv writes one table: add --table portability|strata|failure_categories|cold_warm');
          out(gridCsv(grids[0]));
        } else if (format === 'md') out(gridsMarkdown(grids));
        else if (format === 'latex') out(gridsLatex(grids));
        else out(gridsText(grids));
      } finally {
        await store.close();
      }
    });
}

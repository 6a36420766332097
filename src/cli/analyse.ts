import { type Command, Option } from 'commander';
import { allTables } from '../analysis/index.js';
import { tableGrids } from '../report/grids.js';
import { renderDocument } from '../report/render.js';
import { openExistingStore, selectedDataset, suiteStrata } from './analysis-common.js';
import { collect, configOption, dbOption, out, resolveSettings } from './common.js';

const TABLES = ['portability', 'strata', 'failure_categories', 'cold_warm'] as const;

export function registerAnalyse(program: Command): void {
  const cmd = program
    .command('analyse')
    .alias('tables')
    .description('the analysis tables: portability with 95% bootstrap intervals, by stratum (top 20, deciles), failure categories, cold vs warm');
  cmd
    .addOption(dbOption())
    .addOption(configOption())
    .option('--run <id...>', 'runs to analyse (default: the latest portabench run, or every imported run when there is none)', collect)
    .option('--all', 'every run in the store')
    .option('--origin <origin>', "every run of this origin ('run', 'import:for-ai-portability')")
    .addOption(new Option('--table <name>', 'only this table').choices([...TABLES]))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'md', 'latex', 'csv', 'json']).default('text'))
    .option('--json', 'same as --format json')
    .action(async (opts) => {
      const store = await openExistingStore(resolveSettings(opts));
      try {
        const dataset = await selectedDataset(store, opts);
        const tables = allTables(dataset, { suiteEntries: suiteStrata(dataset) });
        const format = opts.json ? 'json' : opts.format;
        let grids = tableGrids(tables);
        if (opts.table) grids = grids.filter((g) => g.id === opts.table);
        const data = opts.table ? { [opts.table]: tables[opts.table as (typeof TABLES)[number]], ci: tables.ci } : tables;
        out(await renderDocument(format, { data, grids }));
      } finally {
        await store.close();
      }
    });
}

import { existsSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { portabilityReport } from '../analysis/portability.js';
import { FORMATS, render, type Format } from '../report/render.js';
import { isPostgresUrl } from '../store/open.js';
import { Store } from '../store/store.js';
import { collect, dbPath, out, UsageError } from './common.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('the portability table: functions passing / failing partly / failing completely per framework × device × mode')
    .option('--db <file|url>', 'results database (default portabench.db)')
    .option('--run <id...>', 'runs to report (default: the latest)', collect)
    .addOption(new Option('--format <format>', 'output format').choices([...FORMATS]).default('text'))
    .option('--json', 'same as --format json')
    .action(async (opts) => {
      const where = dbPath(opts);
      if (!isPostgresUrl(where) && !existsSync(where)) throw new UsageError(`no results database at ${where}: run "npx portabench run" first, or pass --db`);
      const store = await Store.open(where);
      try {
        const ids = (opts.run as string[] | undefined)?.map((r) => {
          const n = Number(r);
          if (!Number.isInteger(n)) throw new UsageError(`--run expects run ids, got "${r}"`);
          return n;
        });
        const report = await portabilityReport(store, ids);
        const format: Format = opts.json ? 'json' : opts.format;
        out(render(report, format));
      } finally {
        await store.close();
      }
    });
}

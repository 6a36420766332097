import { type Command, Option } from 'commander';
import { compareTargets, SelectorError } from '../analysis/index.js';
import { gridCsv, gridsLatex, gridsMarkdown, gridsText } from '../report/draw.js';
import { comparisonGrids } from '../report/grids.js';
import { openExistingStore } from './analysis-common.js';
import { out, UsageError } from './common.js';

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('latency of every function on two targets and the ratio, over the cases passing on both (devices, hardware generations, modes)')
    .requiredOption('--from <target>', 'framework/device[/mode][@hardware][#run] (e.g. pytorch/cuda@T4) or a run id')
    .requiredOption('--to <target>', 'the other side, same syntax (e.g. pytorch/xla@"TPU v3")')
    .option('--db <file|url>', 'results database (default portabench.db)')
    .option('--json', 'same as --format json')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'md', 'latex', 'csv', 'json']).default('text'))
    .action(async (opts) => {
      const store = await openExistingStore(opts);
      try {
        const c = await compareTargets(store, opts.from, opts.to).catch((e) => {
          throw e instanceof SelectorError ? new UsageError(e.message) : e;
        });
        const format = opts.json ? 'json' : opts.format;
        const grids = comparisonGrids(c);
        if (format === 'json') out(JSON.stringify(c, null, 2));
        else if (format === 'md') out(gridsMarkdown(grids));
        else if (format === 'latex') out(gridsLatex(grids));
        else if (format === 'csv') out(gridCsv(grids[1]));
        else out(gridsText(grids));
      } finally {
        await store.close();
      }
    });
}

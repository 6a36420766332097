import { type Command, Option } from 'commander';
import { compareTargets, loadDataset, SelectorError } from '../analysis/index.js';
import { comparisonGrids } from '../report/grids.js';
import { renderDocument } from '../report/render.js';
import { openExistingStore } from './analysis-common.js';
import { out, configOption, dbOption, resolveSettings, UsageError } from './common.js';

export function registerCompare(program: Command): void {
  const cmd = program
    .command('compare')
    .description('latency of every function on two targets and the ratio, over the cases passing on both (devices, hardware generations, modes)')
    .requiredOption('--from <target>', 'framework/device[/mode][[config]][@hardware][#run] (e.g. pytorch/cuda@T4, jax/cpu[jax_enable_x64=true]) or a run id')
    .requiredOption('--to <target>', 'the other side, same syntax (e.g. pytorch/xla@"TPU v3")');
  cmd
    .addOption(dbOption())
    .addOption(configOption())
    .option('--json', 'same as --format json')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'md', 'latex', 'csv', 'json']).default('text'))
    .action(async (opts) => {
      const store = await openExistingStore(resolveSettings(opts));
      try {
        let c;
        try {
          c = compareTargets(await loadDataset(store), opts.from, opts.to);
        } catch (e) {
          throw e instanceof SelectorError ? new UsageError(e.message) : e;
        }
        const format = opts.json ? 'json' : opts.format;
        const grids = comparisonGrids(c);
        out(await renderDocument(format, { data: c, grids, csv: grids[1], notes: c.config_note ? [c.config_note] : [] }));
      } finally {
        await store.close();
      }
    });
}

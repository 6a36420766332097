import { type Command, Option } from 'commander';
import { diffDatasets, loadDataset, SelectorError } from '../analysis/index.js';
import { diffDocument } from '../report/diff-document.js';
import { renderDocument } from '../report/render.js';
import { openExistingStore } from './analysis-common.js';
import { configOption, dbOption, out, resolveSettings, UsageError } from './common.js';

/** Exit status of `diff --fail-on-regression` when a function or case stopped passing. */
export const REGRESSION_EXIT = 3;

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('what changed between two runs or targets: functions and cases that started or stopped passing, category changes, new or vanished functions, latency changes beyond noise')
    .argument('<a>', 'the "before" side: a run id (every target of it) or framework/device[/mode][[config]][@hardware][#run]; targets in different framework configurations pair only when both sides name a [config]')
    .argument('<b>', 'the "after" side, same syntax')
    .addOption(dbOption())
    .addOption(configOption())
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'md', 'json', 'csv', 'latex']).default('text'))
    .option('--json', 'same as --format json')
    .option('--fail-on-regression', `exit with status ${REGRESSION_EXIT} when a function or case stopped passing`)
    .action(async (a: string, b: string, opts) => {
      const store = await openExistingStore(resolveSettings(opts));
      try {
        let diff;
        try {
          diff = diffDatasets(await loadDataset(store), a, b);
        } catch (e) {
          throw e instanceof SelectorError ? new UsageError(e.message) : e;
        }
        out(await renderDocument(opts.json ? 'json' : opts.format, diffDocument(diff)));
        if (opts.failOnRegression && diff.regressions > 0) process.exitCode = REGRESSION_EXIT;
      } finally {
        await store.close();
      }
    });
}

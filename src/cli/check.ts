import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { SelectorError } from '../analysis/index.js';
import { checkMarkdownDocument, checkTextDocument } from '../check/document.js';
import { FAIL_ON, failsOn, FINDINGS_EXIT, type FailOn } from '../check/findings.js';
import { Checker } from '../check/join.js';
import { loadCheckDataset, loadCheckTraces } from '../check/load.js';
import { loadCheckCalibration } from '../check/calibration.js';
import { toSarif } from '../check/sarif.js';
import { pythonFiles, ScanInputError, scanSources } from '../check/scan.js';
import type { Dataset } from '../analysis/dataset.js';
import { addModelSites, checkModels } from '../models/check.js';
import { ModelOpSets } from '../models/cases.js';
import { scanModelCalls } from '../models/scan.js';
import { TargetSelectionError } from '../check/targets.js';
import { renderDocument } from '../report/render.js';
import { openExistingStore } from './analysis-common.js';
import { collect, configOption, dbOption, out, resolveSettings, UsageError } from './common.js';

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('will my code run on that device? every framework call site in the given Python files, resolved statically (never imported or run), joined with what the store knows about each function on each target')
    .argument('<paths...>', 'Python files and directories to check')
    .requiredOption('--target <target...>', 'framework/device[/mode][@hardware][#run], e.g. pytorch/xla@"TPU v3" (repeat or comma-separate; one per framework your code uses)', collect)
    .option('--baseline <target...>', 'a measured target per framework to compare latencies against, e.g. pytorch/cuda@T4', collect)
    .option('--slower-than <ratio>', 'with --baseline: a latency ratio above this is a finding', Number, 10)
    .addOption(dbOption())
    .addOption(configOption())
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'md', 'sarif']).default('text'))
    .option('--out <file>', 'write the output to a file instead of stdout')
    .addOption(new Option('--fail-on <level>', `exit with status ${FINDINGS_EXIT} when a finding at or above this level exists: complete (a call fails), partial (also fails partly or slower), unknown (also no data)`).choices([...FAIL_ON]))
    .action(async (paths: string[], opts) => {
      if (!(opts.slowerThan > 0)) throw new UsageError(`--slower-than expects a positive ratio, got "${opts.slowerThan}"`);
      const store = await openExistingStore(resolveSettings(opts));
      let checker: Checker;
      let ds: Dataset;
      let opSets: ModelOpSets;
      try {
        ds = await loadCheckDataset(store, [...opts.target, ...(opts.baseline ?? [])]);
        checker = new Checker(ds, { targets: opts.target, baseline: opts.baseline, slowerThan: opts.slowerThan, traces: await loadCheckTraces(store, ds), calibration: await loadCheckCalibration(store, ds) });
        opSets = await ModelOpSets.fromStore(store.db);
      } catch (e) {
        throw e instanceof SelectorError || e instanceof TargetSelectionError ? new UsageError(e.message) : e;
      } finally {
        await store.close();
      }
      try {
        for await (const scan of scanSources(paths)) checker.add(scan);
      } catch (e) {
        throw e instanceof ScanInputError ? new UsageError(e.message) : e;
      }
      const result = checker.result();
      const files: string[] = [];
      for await (const f of pythonFiles(paths)) files.push(f);
      addModelSites(result, checkModels(ds, checker.targets, opSets, await scanModelCalls(files)));
      const text =
        opts.format === 'sarif'
          ? `${JSON.stringify(toSarif(result), null, 2)}\n`
          : await renderDocument(opts.format, opts.format === 'md' ? checkMarkdownDocument(result) : checkTextDocument(result));
      if (opts.out) writeFileSync(opts.out, text);
      else out(text);
      if (opts.failOn && failsOn(opts.failOn as FailOn, result.summary.worst)) process.exitCode = FINDINGS_EXIT;
    });
}

import { InvalidArgumentError, type Command } from 'commander';
import { portabilityReport } from '../analysis/portability.js';
import { FRAMEWORK_NAMES } from '../envs/frameworks.js';
import { render } from '../report/render.js';
import { runSuite, type StopSignal } from '../runner/run-suite.js';
import { Store } from '../store/store.js';
import { collect, dbPath, err, loadEnv, out, UsageError } from './common.js';
import { progressPrinter } from './progress.js';
import { setupMissing } from './setup.js';

function seconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number of seconds');
  return n;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a suite on every matching framework × device × mode, storing each result as it arrives')
    .option('-s, --suite <name|dir>', 'suite name (suites/NAME) or directory', 'smoke')
    .option('-f, --framework <name...>', `only these frameworks (${FRAMEWORK_NAMES.join(', ')})`, collect)
    .option('-d, --device <name...>', 'only these devices (cpu, cuda, tpu, xla, mps)', collect)
    .option('-m, --mode <name...>', 'only these modes (eager, compiled)', collect)
    .option('--db <file|url>', 'results database: SQLite file or postgres:// URL (default portabench.db)')
    .option('--timeout <seconds>', 'time limit per case', seconds, 900)
    .option('--resume <id|last>', 'finish an interrupted run: only cases without a result are run')
    .option('--setup', "first create portabench's own environments for frameworks that have none")
    .option('--python <fw=path...>', 'use this interpreter for a framework (never installed into)', collect)
    .option('--config <file>', 'config file (default: portabench.config.json if present)')
    .option('-q, --quiet', 'no progress output')
    .option('--json', 'print the report as JSON when done')
    .action(async (opts) => {
      const { config, flags } = loadEnv(opts);
      if (opts.setup) {
        const res = await setupMissing(config, flags, opts.framework ?? FRAMEWORK_NAMES, err);
        if (res.every((r) => r.status === 'failed')) throw new UsageError('no framework environment could be set up; see the logs named above');
      }
      const store = await Store.open(dbPath(opts, config));
      const stop: StopSignal = { requested: false };
      let interrupts = 0;
      const onSigint = () => {
        interrupts++;
        if (interrupts > 1) process.exit(130);
        err('\nInterrupted: stopping after recording what is finished (Ctrl-C again to quit at once)…');
        stop.requested = true;
        stop.abort?.();
      };
      process.on('SIGINT', onSigint);
      process.on('SIGTERM', onSigint);
      try {
        let resume: number | undefined;
        if (opts.resume !== undefined) {
          if (opts.resume === 'last') {
            const last = await store.latestRun();
            if (!last) throw new UsageError(`no run to resume in ${store.location}`);
            resume = last.id;
          } else {
            resume = Number(opts.resume);
            if (!Number.isInteger(resume)) throw new UsageError(`--resume expects a run id or "last", got "${opts.resume}"`);
          }
        }
        const result = await runSuite(
          store,
          { suite: opts.suite, frameworks: opts.framework, devices: opts.device, modes: opts.mode, timeoutS: opts.timeout ?? config.timeout ?? 900, config, pythonFlags: flags, resume, stop },
          progressPrinter(opts.quiet),
        );
        const report = await portabilityReport(store, [result.runId]);
        out(render(report, opts.json ? 'json' : 'text'));
        if (result.status === 'interrupted') {
          err(`Run ${result.runId} interrupted; finished results are stored in ${store.location}. Resume with: npx portabench run --resume ${result.runId}${opts.db ? ` --db ${opts.db}` : ''}`);
          process.exitCode = 130;
        } else if (!report.targets.some((t) => t.status === 'done')) {
          err('No target could run: see "npx portabench doctor".');
          process.exitCode = 1;
        }
      } finally {
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigint);
        await store.close();
      }
    });
}

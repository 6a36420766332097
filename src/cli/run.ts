import { Option, type Command } from 'commander';
import { buildReport, loadDataset } from '../analysis/index.js';
import { FRAMEWORK_NAMES } from '../envs/frameworks.js';
import { renderDocument } from '../report/render.js';
import { reportDocument } from '../report/report-document.js';
import { runAotPasses } from '../runner/run-aot-passes.js';
import type { StopSignal } from '../runner/run-suite.js';
import { ISOLATION_MODES, type Isolation } from '../runner/run-target.js';
import { TIMING_LEVELS, type TimingLevel, type TimingPolicy } from '../runner/timing-policy.js';
import { Store } from '../store/store.js';
import { suiteStrata } from './analysis-common.js';
import { collect, configOption, dbOption, err, frameworkConfigOption, out, pythonOption, resolveSettings, UsageError } from './common.js';
import { progressPrinter } from './progress.js';
import { setupMissing } from './setup.js';
import { count, positiveInt, seconds } from './parsers.js';



/** The timing policy flags that were given (the level's preset fills the rest). */
function timingFlags(opts: Record<string, unknown>): TimingPolicy | undefined {
  const policy: TimingPolicy = {};
  const map = { warmup: 'warmup', minReps: 'min_reps', maxReps: 'max_reps', minTime: 'min_time_s', maxTime: 'max_time_s', block: 'block' } as const;
  for (const [flag, key] of Object.entries(map)) if (typeof opts[flag] === 'number') policy[key] = opts[flag] as number;
  if (opts.flushCache) policy.flush_cache = true;
  if (policy.min_reps !== undefined && policy.max_reps !== undefined && policy.min_reps > policy.max_reps) {
    throw new UsageError(`--min-reps ${policy.min_reps} is more than --max-reps ${policy.max_reps}`);
  }
  return Object.keys(policy).length ? policy : undefined;
}

/** How the user started portabench, for the commands we suggest: the pack sets PORTABENCH_COMMAND to its own launcher. */
function invokedAs(): string {
  return process.env.PORTABENCH_COMMAND || 'npx portabench';
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a suite on every matching framework × device × mode, storing each result as it arrives')
    .option('-s, --suite <name|dir>', 'suite name (suites/NAME) or directory', 'smoke')
    .option('-f, --framework <name...>', `only these frameworks (${FRAMEWORK_NAMES.join(', ')})`, collect)
    .option('-d, --device <name...>', 'only these devices (cpu, cuda, tpu, xla, mps)', collect)
    .option('-m, --mode <name...>', 'only these modes (eager, compiled; deviceless, only when named: lower, aot)', collect)
    .addOption(dbOption())
    .option('--timeout <seconds>', 'time limit per case (default: the config\'s "timeout", or 900)', seconds)
    .option('--collect-timeout <seconds>', 'time limit for importing one test file (default: the config\'s "collectTimeout", or 30; never more than --timeout)', seconds)
    .addOption(new Option('--isolate <scope>', 'a fresh worker per case, per function, or one per target (restarted after a crash)').choices([...ISOLATION_MODES]).default('target'))
    .addOption(new Option('--timing <level>', 'none: one checked call; quick: a handful of timed calls; full: warm-up and adaptive repetitions (default: what the suite.json says — quick for generated suites — else full)').choices([...TIMING_LEVELS]))
    .option('--warmup <n>', 'untimed calls after the cold one (default 1)', count)
    .option('--min-reps <n>', 'at least this many timed repetitions (default 5)', count)
    .option('--max-reps <n>', 'at most this many timed repetitions (default 100)', count)
    .option('--min-time <seconds>', 'repeat until this much time is measured (default 0.1)', seconds)
    .option('--max-time <seconds>', 'stop repeating after this much measured time (default 5)', seconds)
    .option('--block <n>', 'calls per timed sample, between two synchronisations (default 0: blocks of 10, 100… only for operations too short to time alone; 1: never)', count)
    .option('--flush-cache', 'before each timed sample, write a buffer larger than the last-level cache on the case\'s device (256 MB on a GPU), outside the timed region; timed one call per sample')
    .option('--record-ops', 'record the operators each case\'s timed calls dispatch (once per case; on by default for generated suites), which check joins with the functions of your code')
    .option('--no-record-ops', 'do not record operators, also for a generated suite')
    .option('--group <n>', 'compiled mode: compile up to N cases of a target as one program, splitting a group that fails until each failure is pinned on its case, which runs alone (default 1: each case alone; latency is then per group, and --timing full times and compiles every case alone)', count)
    .option('-j, --jobs <n>', 'workers per target running cases at once, each taking the next case or group (default 1); timings then share the machine, so not with --timing full', positiveInt)
    .option('--resume <id|last>', 'finish an interrupted run: only cases without a result are run')
    .option('--retry-errors', 'with --resume: import again the test files that failed to import (skipped by default)')
    .option('--setup', "first create portabench's own environments for frameworks that have none")
    .option('--aot-target <name>', 'with -m aot: the generations to compile for, without them (tpu: v4, v5e, v5p, v6e; cuda: sm_80, sm_90, sm_100; needs portabench setup --with aot), comma-separated (v5e,sm_90); several of one device (v5e,v6e,v4,v5p) give a run per generation, reported together')
    .addOption(frameworkConfigOption())
    .addOption(pythonOption())
    .addOption(configOption())
    .option('-q, --quiet', 'no progress output')
    .option('--json', 'print the report as JSON when done')
    .action(async (opts) => {
      const settings = resolveSettings(opts);
      const { config, python: flags } = settings;
      if (opts.setup) {
        const res = await setupMissing(config, flags, opts.framework ?? FRAMEWORK_NAMES, err);
        if (res.every((r) => r.status === 'failed')) throw new UsageError('no framework environment could be set up; see the logs named above');
      }
      const store = await Store.open(settings.db);
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
        // several generations of one device (--aot-target v5e,v6e): a run each (run-aot-passes.ts)
        const results = await runAotPasses(
          store,
          { suite: opts.suite, frameworks: opts.framework, devices: opts.device, modes: opts.mode, timeoutS: settings.timeoutS, collectTimeoutS: settings.collectTimeoutS, retryErrors: opts.retryErrors, timing: timingFlags(opts), timingLevel: opts.timing as TimingLevel | undefined, isolate: opts.isolate as Isolation, recordOps: opts.recordOps as boolean | undefined, frameworkConfig: settings.frameworkConfig, aotTarget: opts.aotTarget, group: opts.group as number | undefined, jobs: opts.jobs as number | undefined, config, pythonFlags: flags, resume, stop },
          progressPrinter(opts.quiet),
        );
        const runIds = results.map((r) => r.runId);
        // The same core and renderer as `report --run ID`: the two print the same numbers.
        const dataset = await loadDataset(store, { runIds });
        const report = buildReport(dataset, { suiteEntries: suiteStrata(dataset) });
        out(await renderDocument(opts.json ? 'json' : 'text', reportDocument(report, dataset, { brief: true })));
        const db = opts.db ? ` --db ${opts.db}` : '';
        if (runIds.length > 1) err(`${runIds.length} runs, one per generation of a device (a run compiles for one target per device): ${runIds.join(', ')}; see them together with: ${invokedAs()} report --run ${runIds.join(',')}${db}`);
        const last = results[results.length - 1];
        for (const result of results) {
          if (result.status !== 'interrupted') err(`To carry this run to another store: ${invokedAs()} export --run ${result.runId}${db} --out portabench-run-${result.runId}.jsonl.gz`);
        }
        if (last.status === 'interrupted') {
          err(`Run ${last.runId} interrupted; finished results are stored in ${store.location}. Resume with: ${invokedAs()} run --resume ${last.runId}${db}`);
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

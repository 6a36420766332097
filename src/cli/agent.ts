import { type Command } from 'commander';
import { FRAMEWORK_NAMES } from '../envs/frameworks.js';
import { runAgent } from '../fleet/agent.js';
import { probeCapabilities } from '../fleet/capabilities.js';
import type { StopSignal } from '../runner/run-suite.js';
import { collect, configOption, dbOption, err, pythonOption, resolveSettings, UsageError } from './common.js';
import { progressPrinter } from './progress.js';
import { positiveInt, seconds } from './parsers.js';
import { openQueueOrExplain } from './queue.js';

export function registerAgent(program: Command): void {
  program
    .command('agent')
    .description('take jobs from the queue that this machine can serve (its frameworks, devices, modes, hardware and labels) and run them with the normal runner')
    .addOption(dbOption('the shared PostgreSQL store (postgres://…)'))
    .option('--once', 'exit when no job this agent can serve is left')
    .option('--label <name...>', 'labels jobs can ask for with queue add --hardware', collect)
    .option('-f, --framework <name...>', `only serve these frameworks (${FRAMEWORK_NAMES.join(', ')}; default: every one found)`, collect)
    .option('--no-mine', 'do not take distributed mining shards')
    .option('--mine-jobs <n>', 'worker threads for a mining shard', positiveInt, 1)
    .option('--lease <seconds>', 'an agent silent this long is lost and its job is handed out again', seconds, 60)
    .option('--poll <seconds>', 'how often to look for jobs scheduled later and for lost agents', seconds, 2)
    .option('--timeout <seconds>', 'time limit per case when the job sets none', seconds)
    .option('--collect-timeout <seconds>', 'time limit for importing one test file when the job sets none', seconds)
    .addOption(pythonOption())
    .addOption(configOption())
    .option('-q, --quiet', 'no progress output')
    .option('--verbose', "also the queue library's own log")
    .action(async (opts) => {
      const settings = resolveSettings(opts);
      // Fail early on a store that cannot hold a queue, before probing frameworks.
      await (await openQueueOrExplain(settings.db)).close();
      const labels: string[] = opts.label ?? [];
      const { capabilities, statuses } = await probeCapabilities(settings.config, settings.python, opts.framework, labels, opts.mine !== false);
      for (const s of statuses) if (!s.available) err(`agent: ${s.name} unavailable here: ${s.problem ?? 'unknown'}`);
      if (!capabilities.tasks.length) throw new UsageError('this agent can serve nothing: no framework found (see "portabench doctor") and mining turned off');
      const stop: StopSignal = { requested: false };
      const onSignal = () => {
        if (stop.requested) process.exit(130);
        err('agent: stopping after the case in flight (again to quit at once)…');
        stop.requested = true;
        stop.abort?.();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        const summary = await runAgent({
          db: settings.db,
          capabilities,
          config: settings.config,
          pythonFlags: settings.python,
          timeoutS: settings.timeoutS,
          collectTimeoutS: settings.collectTimeoutS,
          once: !!opts.once,
          leaseS: opts.lease,
          pollS: opts.poll,
          mineJobs: opts.mineJobs,
          stop,
          log: opts.quiet ? () => {} : err,
          emit: progressPrinter(opts.quiet || !process.stderr.isTTY),
          verbose: !!opts.verbose,
        });
        err(`agent ${summary.id}: ${summary.done} job(s) done, ${summary.failed} failed attempt(s)`);
        if (stop.requested) process.exitCode = 130;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}

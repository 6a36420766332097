import { Option, type Command } from 'commander';
import { FRAMEWORK_NAMES } from '../envs/frameworks.js';
import { planRunJobs } from '../fleet/plan-jobs.js';
import { enqueue, openQueue, QueueError } from '../fleet/queue.js';
import { queueStatus, queueStatusDocument } from '../fleet/status.js';
import { renderDocument } from '../report/render.js';
import { ISOLATION_MODES, type Isolation } from '../runner/run-target.js';
import { TIMING_LEVELS, type TimingLevel } from '../runner/timing-policy.js';
import { collect, configOption, dbOption, err, frameworkConfigOption, out, resolveSettings, UsageError } from './common.js';
import { positiveInt, seconds } from './parsers.js';



/** Open the queue, turning a non-PostgreSQL store into a usage error. */
export async function openQueueOrExplain(db: string, log: (l: string) => void = err, verbose = false) {
  try {
    return await openQueue(db, log, verbose);
  } catch (e) {
    throw e instanceof QueueError ? new UsageError(e.message) : e;
  }
}

export function registerQueue(program: Command): void {
  const queue = program.command('queue').description('the job queue of a fleet of machines (PostgreSQL store): hand out runs, see what every agent does');
  queue
    .command('add')
    .description('enqueue one job per matching target: agents that can serve a target take its job')
    .option('-s, --suite <name|dir>', 'suite name (found in each agent\'s portabench) or directory (an absolute path every agent sees)', 'smoke')
    .option('-f, --framework <name...>', `only these frameworks (${FRAMEWORK_NAMES.join(', ')})`, collect)
    .option('-d, --device <name...>', 'these devices (default: those the agents have announced, else cpu)', collect)
    .option('-m, --mode <name...>', 'these modes (default: those the agents have announced, else eager)', collect)
    .option('--hardware <label>', 'only agents with this --label or hardware name (e.g. "NVIDIA H100 80GB HBM3") take the jobs')
    .option('--max-attempts <n>', 'attempts before a job fails for good (an agent lost mid-job counts as one)', positiveInt, 3)
    .option('--timeout <seconds>', 'time limit per case (default: each agent\'s own)', seconds)
    .option('--collect-timeout <seconds>', 'time limit for importing one test file (default: each agent\'s own)', seconds)
    .addOption(new Option('--isolate <scope>', 'a fresh worker per case, per function, or one per target').choices([...ISOLATION_MODES]))
    .addOption(new Option('--timing <level>', 'timing level (default: what the suite.json says, else full)').choices([...TIMING_LEVELS]))
    .addOption(dbOption('the shared PostgreSQL store (postgres://…)'))
    .addOption(configOption())
    .option('--json', 'print the jobs as JSON')
    .addOption(frameworkConfigOption())
    .action(async (opts) => {
      const settings = resolveSettings(opts);
      const q = await openQueueOrExplain(settings.db);
      try {
        let jobs;
        try {
          jobs = await planRunJobs(q.store.db, {
            suite: opts.suite,
            frameworks: opts.framework,
            devices: opts.device,
            modes: opts.mode,
            hardware: opts.hardware,
            maxAttempts: opts.maxAttempts,
            frameworkConfig: settings.frameworkConfig,
            limits: { timeoutS: opts.timeout, collectTimeoutS: opts.collectTimeout, isolate: opts.isolate as Isolation | undefined, timingLevel: opts.timing as TimingLevel | undefined },
          });
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
        if (!jobs.length) throw new UsageError(`suite ${opts.suite} has no test files for ${opts.framework?.join(', ') ?? 'any framework'}`);
        const ids = await enqueue(q.store.db, jobs);
        if (opts.json) out(JSON.stringify(jobs.map((j, i) => ({ id: ids[i], task: j.task, label: j.label, spec: j.spec }))));
        else for (const [i, j] of jobs.entries()) out(`job ${ids[i]}: ${j.label} (task ${j.task})`);
        err(`${jobs.length} job(s) queued. Start agents with: portabench agent --db URL; watch with: portabench queue status --db URL`);
      } finally {
        await q.close();
      }
    });
  queue
    .command('status')
    .description('jobs (queued, running on which agent, done, failed with why) and agents (capabilities, heartbeat)')
    .addOption(dbOption('the shared PostgreSQL store (postgres://…)'))
    .addOption(configOption())
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'md', 'json']).default('text'))
    .option('--json', 'same as --format json')
    .action(async (opts) => {
      const q = await openQueueOrExplain(resolveSettings(opts).db);
      try {
        out(await renderDocument(opts.json ? 'json' : opts.format, queueStatusDocument(await queueStatus(q.store.db))));
      } finally {
        await q.close();
      }
    });
}

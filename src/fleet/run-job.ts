import type { Kysely } from 'kysely';
import type { Config } from '../envs/config.js';
import type { EventSink } from '../runner/events.js';
import { runSuite, type StopSignal } from '../runner/run-suite.js';
import type { Isolation } from '../runner/run-target.js';
import type { TimingLevel } from '../runner/timing-policy.js';
import type { TargetConfig } from '../model/target-id.js';
import type { Store } from '../store/store.js';
import { resolveSuiteDir } from '../suites/suite.js';
import { setJobRun } from './jobs.js';

/** What a run job asks for: one suite on one target, with the run's limits. */
export interface RunJobSpec {
  suite: string;
  framework: string;
  device: string;
  mode: string;
  /** A label or hardware name the agent must have (null: any agent with the target). */
  requirement: string | null;
  timeoutS?: number;
  collectTimeoutS?: number;
  isolate?: Isolation;
  timingLevel?: TimingLevel;
  /** --framework-config settings of the job's framework (its target runs in that configuration). */
  frameworkConfig?: TargetConfig;
}

export interface RunJobContext {
  store: Store;
  jobId: number;
  /** The run an earlier attempt started (this attempt resumes it), or null. */
  runId: number | null;
  config: Config;
  pythonFlags: Record<string, string>;
  timeoutS: number;
  collectTimeoutS: number;
  stop: StopSignal;
  emit: EventSink;
}

/**
 * A run stores the suite's directory as it was on the machine that started it. Another
 * agent resuming it may have the suite elsewhere (another checkout, a pack): point the run
 * at this machine's copy, found by the job's suite name or path.
 */
async function relocateSuite(db: Kysely<any>, runId: number, suite: string): Promise<void> {
  const run = (await db.selectFrom('runs').select('options').where('id', '=', runId).executeTakeFirst()) as { options: string } | undefined;
  if (!run) return;
  const options = JSON.parse(run.options) as { suite?: string };
  const here = resolveSuiteDir(suite);
  if (options.suite === here) return;
  await db.updateTable('runs').set({ options: JSON.stringify({ ...options, suite: here }) }).where('id', '=', runId).execute();
}

/**
 * Run a job with the normal runner (same isolation, same store, same results). A second
 * attempt resumes the first attempt's run: only cases without a result run, so the run
 * ends with exactly one result per case. Throws when the job did not finish, so the queue
 * retries it.
 */
export async function runJob(ctx: RunJobContext, spec: RunJobSpec): Promise<number> {
  if (ctx.runId !== null) await relocateSuite(ctx.store.db, ctx.runId, spec.suite);
  let runId = ctx.runId;
  const result = await runSuite(
    ctx.store,
    {
      suite: spec.suite,
      frameworks: [spec.framework],
      devices: [spec.device],
      modes: [spec.mode],
      timeoutS: spec.timeoutS ?? ctx.timeoutS,
      collectTimeoutS: Math.min(spec.collectTimeoutS ?? ctx.collectTimeoutS, spec.timeoutS ?? ctx.timeoutS),
      isolate: spec.isolate,
      timingLevel: spec.timingLevel,
      frameworkConfig: spec.frameworkConfig ? { [spec.framework]: spec.frameworkConfig } : {},
      config: ctx.config,
      pythonFlags: ctx.pythonFlags,
      resume: ctx.runId ?? undefined,
      stop: ctx.stop,
      onRunCreated: async (id) => {
        runId = id;
        await setJobRun(ctx.store.db, ctx.jobId, id);
      },
    },
    ctx.emit,
  );
  const target = `${spec.framework}/${spec.device}/${spec.mode}`;
  if (result.status === 'interrupted') throw new Error(`the agent was stopped during run ${result.runId}; the job goes back to the queue and resumes there`);
  const t = result.targets[0];
  if (!t) throw new Error(`this agent cannot run ${target} (not found when probed)`);
  if (t.status !== 'done') {
    const row = (await ctx.store.targets([result.runId])).find((x) => x.framework === spec.framework && x.device === spec.device && x.mode === spec.mode);
    throw new Error(`${target} ended ${t.status}${row?.problem ? `: ${row.problem}` : ''}`);
  }
  return runId ?? result.runId;
}

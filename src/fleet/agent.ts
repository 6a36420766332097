import { EventEmitter } from 'node:events';
import { run, type JobHelpers, type RunnerOptions, type Task, type WorkerEvents } from 'graphile-worker';
import type { Config } from '../envs/config.js';
import type { EventSink } from '../runner/events.js';
import type { StopSignal } from '../runner/run-suite.js';
import { heartbeat, newAgentId, registerAgent, setQueueWorker, sweepLostAgents, waitingJobs } from './agents.js';
import type { Capabilities } from './capabilities.js';
import { getJob, markDone, markFailure, markRunning } from './jobs.js';
import { runMineShard, type MineShardSpec } from './mine-job.js';
import { openQueue, QUEUE_SCHEMA, type Queue } from './queue.js';
import { runJob, type RunJobSpec } from './run-job.js';

export interface AgentOptions {
  db: string;
  capabilities: Capabilities;
  config: Config;
  pythonFlags: Record<string, string>;
  timeoutS: number;
  collectTimeoutS: number;
  /** Exit when no job this agent can serve is left (queued, waiting for a retry, or held by a lost agent). */
  once: boolean;
  /** Seconds without a heartbeat after which this agent counts as lost and its job is handed out again. */
  leaseS: number;
  /** Seconds between looks at the queue for jobs scheduled later (new jobs arrive at once, by LISTEN/NOTIFY). */
  pollS: number;
  /** Worker threads for a mining shard. */
  mineJobs?: number;
  stop: StopSignal;
  log: (line: string) => void;
  emit: EventSink;
  verbose?: boolean;
  /** Called with the agent's id once it is registered. */
  onStart?: (id: string) => void;
}

export interface AgentSummary {
  id: string;
  done: number;
  failed: number;
}

/**
 * A fleet agent: announces its capabilities, takes the jobs it can serve from the queue
 * (graphile-worker, one job at a time: the task identifiers it knows are exactly its
 * capabilities), heartbeats, and hands lost agents' jobs back to the queue.
 */
export async function runAgent(opts: AgentOptions): Promise<AgentSummary> {
  const queue = await openQueue(opts.db, opts.log, opts.verbose);
  const id = newAgentId();
  const summary: AgentSummary = { id, done: 0, failed: 0 };
  let current: number | null = null;
  try {
    await registerAgent(queue.store.db, id, opts.capabilities, opts.leaseS);
    opts.onStart?.(id);
    opts.log(`agent ${id}: serving ${opts.capabilities.tasks.length} task(s): ${opts.capabilities.tasks.join(', ') || 'none'}`);
    const handler: Task = async (payload, helpers) => {
      const jobId = (payload as { job: number }).job;
      current = jobId;
      await heartbeat(queue.store.db, id, 'busy', jobId).catch(() => {});
      try {
        await serveJob(queue, opts, jobId, helpers, id);
        summary.done++;
      } catch (e) {
        summary.failed++;
        throw e;
      } finally {
        current = null;
        await heartbeat(queue.store.db, id, 'idle', null).catch(() => {});
      }
    };
    // graphile-worker locks jobs by its worker pool's id: learn it, so a lost agent's jobs can be unlocked.
    const events = new EventEmitter() as WorkerEvents;
    let poolId: string | null = null;
    events.on('pool:create', ({ workerPool }) => (poolId = workerPool.id));
    const runnerOptions: RunnerOptions = {
      pgPool: queue.pool,
      schema: QUEUE_SCHEMA,
      concurrency: 1,
      events,
      parsedCronItems: [],
      pollInterval: Math.round(opts.pollS * 1000),
      noHandleSignals: true,
      logger: queue.logger,
      taskList: Object.fromEntries(opts.capabilities.tasks.map((t) => [t, handler])),
    };
    const runner = await run(runnerOptions);
    if (poolId) await setQueueWorker(queue.store.db, id, poolId);
    else opts.log(`agent ${id}: the queue did not say its worker id; a lost agent's job waits for the queue's own 4-hour lock expiry`);
    let stopping = false;
    const stopRunner = () => {
      if (stopping) return;
      stopping = true;
      void runner.stop().catch(() => {});
    };
    let ticking = false;
    const tick = async () => {
      if (ticking) return;
      ticking = true;
      try {
        if (opts.stop.requested) return stopRunner();
        await heartbeat(queue.store.db, id, current === null ? 'idle' : 'busy', current);
        const lost = await sweepLostAgents(queue.store.db, queue.utils);
        if (lost.length) opts.log(`agent ${id}: lease expired for ${lost.join(', ')}: their jobs are back in the queue`);
        if (opts.once && current === null && (await waitingJobs(queue.store.db, opts.capabilities.tasks)) === 0) stopRunner();
      } catch (e) {
        opts.log(`agent ${id}: heartbeat failed: ${(e as Error).message}`);
      } finally {
        ticking = false;
      }
    };
    const timer = setInterval(() => void tick(), Math.max(100, Math.min(opts.pollS, opts.leaseS / 4) * 1000));
    try {
      await runner.promise;
    } finally {
      clearInterval(timer);
    }
    await heartbeat(queue.store.db, id, 'stopped', null);
    return summary;
  } finally {
    await queue.close();
  }
}

/** One job: mark it running, run it by kind, mark it done, or failed with its reason (for good after its last attempt). */
async function serveJob(queue: Queue, opts: AgentOptions, jobId: number, helpers: JobHelpers, agentId: string): Promise<void> {
  const db = queue.store.db;
  const job = await getJob(db, jobId);
  const attempt = helpers.job.attempts;
  const final = attempt >= helpers.job.max_attempts;
  if (!job) throw new Error(`fleet job ${jobId} is not in fleet_jobs`);
  await markRunning(db, jobId, agentId, attempt);
  opts.log(`job ${jobId} (${job.label}): attempt ${attempt} of ${helpers.job.max_attempts}`);
  try {
    if (job.kind === 'run') {
      const runId = await runJob(
        { store: queue.store, jobId, runId: job.run_id, config: opts.config, pythonFlags: opts.pythonFlags, timeoutS: opts.timeoutS, collectTimeoutS: opts.collectTimeoutS, stop: opts.stop, emit: opts.emit },
        JSON.parse(job.spec) as RunJobSpec,
      );
      opts.log(`job ${jobId} done: run ${runId}`);
    } else if (job.kind === 'mine') {
      await runMineShard(db, JSON.parse(job.spec) as MineShardSpec, agentId, opts.mineJobs ?? 1);
      opts.log(`job ${jobId} done`);
    } else {
      throw new Error(`unknown job kind "${job.kind}"`);
    }
    await markDone(db, jobId);
  } catch (e) {
    const why = (e as Error).message ?? String(e);
    await markFailure(db, jobId, why, final);
    opts.log(`job ${jobId} failed (attempt ${attempt} of ${helpers.job.max_attempts}${final ? ', the last' : ''}): ${why}`);
    throw e;
  }
}

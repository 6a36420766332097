import { availableParallelism } from 'node:os';
import { classify } from '../classify/classify.js';
import type { Store } from '../store/store.js';
import { framework } from '../model/vocabulary.js';
import { functionFromFileName } from '../suites/suite.js';
import type { EventSink } from './events.js';
import { Listed } from './protocol.js';
import { PROTOCOL_VIOLATION, runCase, type CaseRun } from './run-case.js';
import { planGroups, runGroup, type CompileGroup } from './run-group.js';
import { targetLabel, type TargetSpec } from './targets.js';
import type { TimingPolicy } from './timing-policy.js';
import { ProtocolViolation, WorkerLost, WorkerProcess, WorkerStartError, describeExit } from './worker-process.js';

export { PROTOCOL_VIOLATION } from './run-case.js';

/** How often a fresh worker is started: per case, per function (test file), or once per target (restarted after a crash). */
export const ISOLATION_MODES = ['case', 'function', 'target'] as const;
export type Isolation = (typeof ISOLATION_MODES)[number];

export interface TargetRunOptions {
  timeoutS: number;
  /** Time limit for importing one test file (default: 30 s, never more than timeoutS). */
  collectTimeoutS?: number;
  /** Collect again the files that failed to collect before (on resume); by default they are skipped. */
  retryErrors?: boolean;
  timing?: TimingPolicy;
  isolate?: Isolation;
  /** --framework-config settings of this target's framework (every worker starts with them). */
  frameworkConfig?: Record<string, unknown>;
  /** Mode aot: the generation its workers compile for. */
  aotTarget?: string;
  /** Record the operators each case's timed calls dispatch (stored in results.ops). */
  recordOps?: boolean;
  /** Compiled mode: compile up to this many cases as one program (run-group.ts); 1 (the default): each alone. */
  group?: number;
  /** Workers running this target's cases at once (default 1), each taking the next case or group when it is free. */
  jobs?: number;
  /** Checked between cases: stop when true. */
  shouldStop?: () => boolean;
  /** A lane's worker started (or, with null, went): the caller kills them all on an abort. */
  onWorker?: (w: WorkerProcess | null, lane: number) => void;
}

interface PlannedCase {
  file: string;
  function: string;
  name: string;
  params: Record<string, unknown>;
  line: number | null;
}

export const DEFAULT_COLLECT_TIMEOUT_S = 30;

/**
 * Run every case of `files` on one target, writing each result to the store as it
 * arrives (each committed before the next case starts). A worker that dies or
 * overruns the time limit is killed (its whole process group), the case recorded as
 * crash or timeout with the output it left, and a fresh worker takes over. After a
 * failing case the worker's device is health-checked; a worker left unusable is
 * replaced, so one poisoned case cannot fail the cases after it. Anything on the
 * answer pipe that is not the answer to the request in flight is a protocol
 * violation: the case is recorded as a crash (ProtocolViolation) and the worker
 * replaced. A file that fails to import (or takes longer than the collection time
 * limit) gets a collection error record, and is skipped on resume unless retryErrors.
 */
export async function runTarget(store: Store, runId: number, spec: TargetSpec, files: string[], opts: TargetRunOptions, emit: EventSink): Promise<'done' | 'interrupted' | 'unavailable'> {
  const label = targetLabel(spec);
  const isolate: Isolation = opts.isolate ?? 'target';
  const target = await store.target(runId, spec);
  const jobs = Math.max(1, opts.jobs ?? 1);
  const lane0 = new Lane(0, store, target.id, spec, opts, jobs, emit);
  const interrupted = async (...lanes: Lane[]) => {
    for (const l of lanes) l.discard(null);
    await store.updateTarget(target.id, { status: 'interrupted' });
    return 'interrupted' as const;
  };

  let first: WorkerProcess;
  try {
    first = await lane0.start();
  } catch (err) {
    const problem = err instanceof WorkerStartError ? err.message : String(err);
    await store.updateTarget(target.id, { status: 'unavailable', problem });
    emit({ type: 'target-unavailable', target: label, problem });
    return 'unavailable';
  }
  const h = first.hello;
  await store.updateTarget(target.id, {
    framework_version: h.version,
    hardware: h.hardware,
    python: h.python,
    build: { ...h.build, python_version: h.python_version, compiled_with: h.compiled_with },
    calibration: h.calibration ?? null,
    config: h.config,
    status: 'running',
  });

  // 1. Plan: list every file's cases (the store keeps the plan, so resume knows it).
  // A file that failed to collect before is not imported again unless asked (--retry-errors).
  const collectTimeoutS = Math.min(opts.collectTimeoutS ?? DEFAULT_COLLECT_TIMEOUT_S, opts.timeoutS);
  const failedBefore = new Set((await store.collectionErrors([target.id])).map((e) => e.file));
  const planned: PlannedCase[] = [];
  for (const file of files) {
    if (opts.shouldStop?.()) return interrupted(lane0);
    if (failedBefore.has(file)) {
      if (!opts.retryErrors) continue;
      await store.clearCollectionError(target.id, file);
    }
    const failed = async (e: { errorType: string; message: string; function?: string; traceback?: string; stdout?: string; stderr?: string }) => {
      await store.recordCollectionError(target.id, { file, function: e.function ?? functionFromFileName(file), errorType: e.errorType, errorMessage: `${file}: ${e.message}`, traceback: e.traceback, stdout: e.stdout, stderr: e.stderr });
      emit({ type: 'collect-error', target: label, file, error: `${e.errorType}: ${e.message}` });
    };
    lane0.dropTainted();
    let worker: WorkerProcess;
    try {
      worker = await lane0.current();
    } catch (err) {
      if (opts.shouldStop?.()) return interrupted(lane0);
      await failed({ errorType: 'WorkerStartError', message: `a fresh worker could not start: ${err instanceof Error ? err.message : String(err)}`, stderr: err instanceof WorkerStartError ? err.detail : undefined });
      continue;
    }
    let listed: Listed;
    try {
      listed = await worker.request({ type: 'list', file }, 'listed', Listed, collectTimeoutS * 1000);
    } catch (err) {
      if (opts.shouldStop?.()) return interrupted(lane0);
      if (!(err instanceof WorkerLost || err instanceof ProtocolViolation)) throw err;
      worker.kill();
      const tails = worker.captureTails();
      const [errorType, why] =
        err instanceof ProtocolViolation
          ? [PROTOCOL_VIOLATION, `importing the file broke the worker protocol: ${err.received}`]
          : err.reason === 'timeout'
            ? ['CollectionTimeout', `importing the file took longer than ${collectTimeoutS} s (--collect-timeout)`]
            : ['CollectionError', `importing the file killed the worker (${describeExit(err.exit)})`];
      await failed({ errorType, message: why, stdout: tails.stdout, stderr: tails.stderr || worker.stderr.value });
      lane0.discard(why);
      continue;
    }
    if (listed.replace_worker) lane0.discard(`importing ${file} ${listed.replace_worker}`);
    const fn = listed.function || functionFromFileName(file);
    if (listed.error || !listed.cases?.length) {
      const e = listed.error ?? { type: 'CollectionError', message: 'the file declares no cases (use @case or add_case)', traceback: '' };
      await failed({ errorType: e.type, message: e.message, function: fn, traceback: e.traceback, stdout: listed.stdout, stderr: listed.stderr });
      continue;
    }
    for (const c of listed.cases) planned.push({ file, function: c.function || fn, name: c.name, params: c.params, line: c.line ?? null });
  }
  // Cases run in fresh workers: the listing worker has imported every file already.
  if (isolate !== 'target') await lane0.retire();

  const finished = await store.finishedCases(target.id);
  const todo = planned.filter((c) => !finished.has(`${c.file}\0${c.name}`));
  emit({ type: 'target-start', target: label, cases: planned.length, done: planned.length - todo.length });

  // 2. Run: each lane takes the next unit (a case, or a group compiled as one program) when it is free.
  const grouped = (opts.group ?? 1) > 1 && spec.mode === 'compiled' && isolate === 'target';
  const units: PlannedCase[][] = grouped ? planGroups(todo, opts.group ?? 1, spec.device) : todo.map((c) => [c]);
  const lanes = [lane0, ...Array.from({ length: Math.min(jobs, units.length) - 1 }, (_, i) => new Lane(i + 1, store, target.id, spec, opts, jobs, emit))];
  let nextUnit = 0;
  let stopped = false;
  const drive = async (lane: Lane): Promise<void> => {
    while (!stopped && nextUnit < units.length) {
      if (opts.shouldStop?.()) {
        stopped = true;
        return;
      }
      const unit = units[nextUnit++];
      // --isolate function: a worker runs the cases of one test file only
      if (isolate === 'function' && lane.lastFile !== null && lane.lastFile !== unit[0].file) await lane.retire();
      lane.lastFile = unit[0].file;
      const ok = unit.length === 1 ? await lane.runOne(unit[0]) : await lane.runBatch(unit);
      if (!ok) stopped = true;
    }
  };
  await Promise.all(lanes.map(drive));
  if (stopped) return interrupted(...lanes);
  for (const l of lanes) await l.retire();
  await store.updateTarget(target.id, { status: 'done' });
  emit({ type: 'target-end', target: label });
  return 'done';
}

/**
 * One worker's line of work on a target: it starts a worker when it needs one, replaces
 * it after a crash or a protocol violation, and records every case it runs (each result
 * committed before its next case). A target runs `jobs` lanes at once.
 */
class Lane {
  worker: WorkerProcess | null = null;
  /** The test file of the lane's last unit (for --isolate function). */
  lastFile: string | null = null;
  private nextId = 1;
  private readonly isolate: Isolation;

  constructor(
    readonly index: number,
    private readonly store: Store,
    private readonly targetId: number,
    private readonly spec: TargetSpec,
    private readonly opts: TargetRunOptions,
    private readonly jobs: number,
    private readonly emit: EventSink,
  ) {
    this.isolate = opts.isolate ?? 'target';
  }

  /** Start this lane's worker. With several lanes, each worker's threads get their share of the cores through the framework's thread variables (the vocabulary's thread_env), each unless set already. */
  async start(): Promise<WorkerProcess> {
    const share = String(Math.max(1, Math.floor(availableParallelism() / this.jobs)));
    const names = this.jobs > 1 ? framework(this.spec.framework).thread_env.filter((n) => !process.env[n]) : [];
    const threads = names.length ? Object.fromEntries(names.map((n) => [n, share])) : undefined;
    const w = await WorkerProcess.start({ python: this.spec.python, framework: this.spec.framework, device: this.spec.device, mode: this.spec.mode, config: this.opts.frameworkConfig, aotTarget: this.opts.aotTarget, env: threads });
    this.worker = w;
    this.opts.onWorker?.(w, this.index);
    return w;
  }

  /** The lane's worker, started if there is none (throws when it cannot start). */
  async current(): Promise<WorkerProcess> {
    return this.worker ?? this.start();
  }

  async retire(): Promise<void> {
    if (!this.worker) return;
    const w = this.worker;
    this.worker = null;
    this.opts.onWorker?.(null, this.index);
    await w.stop();
  }

  discard(reason: string | null): void {
    if (!this.worker) return;
    this.worker.dispose();
    this.worker = null;
    this.opts.onWorker?.(null, this.index);
    if (reason) this.emit({ type: 'worker-restart', target: targetLabel(this.spec), reason });
  }

  /** A worker that wrote to its answer pipe between requests is replaced before the next one. */
  dropTainted(): void {
    const stray = this.worker?.unsolicited();
    if (stray) this.discard(`protocol violation: ${stray.received}`);
  }

  private async startOrRecord(c: PlannedCase, caseId: number): Promise<WorkerProcess | null> {
    this.dropTainted();
    if (this.worker) return this.worker;
    try {
      return await this.start();
    } catch (err) {
      if (this.opts.shouldStop?.()) return null;
      const problem = `a fresh worker could not start: ${err instanceof Error ? err.message : String(err)}`;
      const detail = err instanceof WorkerStartError ? err.detail : '';
      await this.store.recordResult(caseId, { outcome: 'error', errorType: 'WorkerStartError', errorMessage: problem, stderr: detail });
      this.emit({ type: 'case', target: targetLabel(this.spec), function: c.function, case: c.name, outcome: 'error', category: null, ms: 0 });
      return null;
    }
  }

  private async record(c: PlannedCase, caseId: number, run: CaseRun, w: WorkerProcess, t0: number, group?: CompileGroup): Promise<void> {
    const r = run.result;
    const category = r ? classify({ outcome: run.outcome, errorType: r.error?.type, message: r.error?.message, traceback: r.error?.traceback, framework: this.spec.framework }) : classify({ outcome: run.outcome });
    await this.store.recordResult(caseId, {
      outcome: run.outcome,
      testError: run.testError,
      category,
      errorType: run.errorType,
      errorMessage: run.message,
      traceback: run.traceback,
      stdout: run.stdout,
      stderr: run.stderr,
      durationMs: run.durationMs,
      samples: r?.timings, // summarised by the store (summarizeCase)
      workerPid: w.hello.pid,
      stateChanges: r?.state_changes.length ? r.state_changes : null,
      analysis: r?.analysis ?? null,
      ops: r?.ops ?? null,
      compileGroup: group ?? null,
    });
    this.emit({ type: 'case', target: targetLabel(this.spec), function: c.function, case: c.name, outcome: run.outcome, category, ms: Date.now() - t0 });
  }

  /** One case alone: false when the run was interrupted (the case stays without a result, to be run on resume). */
  async runOne(c: PlannedCase, group?: CompileGroup): Promise<boolean> {
    const caseId = await this.store.caseId(this.targetId, c);
    const w = await this.startOrRecord(c, caseId);
    if (!w) return !this.opts.shouldStop?.();
    const t0 = Date.now();
    const run = await runCase(w, { id: this.nextId++, file: c.file, case: c.name, timing: this.opts.timing, ...(this.opts.recordOps ? { record_ops: true } : {}) }, this.opts.timeoutS);
    if (!run.result && this.opts.shouldStop?.()) return false;
    await this.record(c, caseId, run, w, t0, group);
    if (run.replace) this.discard(run.replace);
    else if (this.isolate === 'case') await this.retire();
    return true;
  }

  /** Cases compiled as one program (run-group.ts): false when the run was interrupted. */
  async runBatch(batch: PlannedCase[]): Promise<boolean> {
    const planned = new Map(batch.map((c) => [c.name, c]));
    let stopped = false;
    const done = await runGroup(batch, {
      worker: async () => {
        this.dropTainted();
        try {
          return await this.current();
        } catch {
          return null;
        }
      },
      discard: (reason) => this.discard(reason),
      runAlone: async (m, group) => {
        if (!stopped && !(await this.runOne(planned.get(m.name)!, group))) stopped = true;
      },
      recordGrouped: async (m, result, group, w) => {
        const c = planned.get(m.name)!;
        const run: CaseRun = { outcome: result.outcome, testError: null, errorType: null, message: null, traceback: null, stdout: result.stdout, stderr: result.stderr, durationMs: result.duration_ms, result, replace: null };
        await this.record(c, await this.store.caseId(this.targetId, c), run, w, Date.now() - result.duration_ms, group);
      },
      shouldStop: () => stopped || !!this.opts.shouldStop?.(),
      timing: this.opts.timing,
      recordOps: this.opts.recordOps,
      timeoutS: this.opts.timeoutS,
    });
    return done !== 'interrupted' && !stopped;
  }
}

import { classify } from '../classify/classify.js';
import type { Store } from '../store/store.js';
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
  /** Checked between cases: stop when true. */
  shouldStop?: () => boolean;
  onWorker?: (w: WorkerProcess | null) => void;
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
  let worker: WorkerProcess | null = null;

  const startWorker = async (): Promise<WorkerProcess> => {
    const w = await WorkerProcess.start({ python: spec.python, framework: spec.framework, device: spec.device, mode: spec.mode, config: opts.frameworkConfig, aotTarget: opts.aotTarget });
    opts.onWorker?.(w);
    return w;
  };
  const retire = async () => {
    if (!worker) return;
    const w = worker;
    worker = null;
    opts.onWorker?.(null);
    await w.stop();
  };
  const discard = (reason: string | null) => {
    if (!worker) return;
    worker.dispose();
    worker = null;
    opts.onWorker?.(null);
    if (reason) emit({ type: 'worker-restart', target: label, reason });
  };
  const interrupted = async () => {
    discard(null);
    await store.updateTarget(target.id, { status: 'interrupted' });
    return 'interrupted' as const;
  };

  try {
    worker = await startWorker();
  } catch (err) {
    const problem = err instanceof WorkerStartError ? err.message : String(err);
    await store.updateTarget(target.id, { status: 'unavailable', problem });
    emit({ type: 'target-unavailable', target: label, problem });
    return 'unavailable';
  }
  const h = worker.hello;
  await store.updateTarget(target.id, {
    framework_version: h.version,
    hardware: h.hardware,
    python: h.python,
    build: { ...h.build, python_version: h.python_version, compiled_with: h.compiled_with },
    calibration: h.calibration ?? null,
    config: h.config,
    status: 'running',
  });

  /** A worker that wrote to its answer pipe between requests is replaced before the next one. */
  const dropTainted = () => {
    const stray = worker?.unsolicited();
    if (stray) discard(`protocol violation: ${stray.received}`);
  };

  // 1. Plan: list every file's cases (the store keeps the plan, so resume knows it).
  // A file that failed to collect before is not imported again unless asked (--retry-errors).
  const collectTimeoutS = Math.min(opts.collectTimeoutS ?? DEFAULT_COLLECT_TIMEOUT_S, opts.timeoutS);
  const failedBefore = new Set((await store.collectionErrors([target.id])).map((e) => e.file));
  const planned: PlannedCase[] = [];
  for (const file of files) {
    if (opts.shouldStop?.()) return interrupted();
    if (failedBefore.has(file)) {
      if (!opts.retryErrors) continue;
      await store.clearCollectionError(target.id, file);
    }
    const failed = async (e: { errorType: string; message: string; function?: string; traceback?: string; stdout?: string; stderr?: string }) => {
      await store.recordCollectionError(target.id, { file, function: e.function ?? functionFromFileName(file), errorType: e.errorType, errorMessage: `${file}: ${e.message}`, traceback: e.traceback, stdout: e.stdout, stderr: e.stderr });
      emit({ type: 'collect-error', target: label, file, error: `${e.errorType}: ${e.message}` });
    };
    dropTainted();
    try {
      worker ??= await startWorker();
    } catch (err) {
      if (opts.shouldStop?.()) return interrupted();
      await failed({ errorType: 'WorkerStartError', message: `a fresh worker could not start: ${err instanceof Error ? err.message : String(err)}`, stderr: err instanceof WorkerStartError ? err.detail : undefined });
      continue;
    }
    let listed: Listed;
    try {
      listed = await worker.request({ type: 'list', file }, 'listed', Listed, collectTimeoutS * 1000);
    } catch (err) {
      if (opts.shouldStop?.()) return interrupted();
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
      discard(why);
      continue;
    }
    if (listed.replace_worker) discard(`importing ${file} ${listed.replace_worker}`);
    const fn = listed.function || functionFromFileName(file);
    if (listed.error || !listed.cases?.length) {
      const e = listed.error ?? { type: 'CollectionError', message: 'the file declares no cases (use @case or add_case)', traceback: '' };
      await failed({ errorType: e.type, message: e.message, function: fn, traceback: e.traceback, stdout: listed.stdout, stderr: listed.stderr });
      continue;
    }
    for (const c of listed.cases) planned.push({ file, function: c.function || fn, name: c.name, params: c.params, line: c.line ?? null });
  }
  // Cases run in fresh workers: the listing worker has imported every file already.
  if (isolate !== 'target') await retire();

  const finished = await store.finishedCases(target.id);
  const todo = planned.filter((c) => !finished.has(`${c.file}\0${c.name}`));
  emit({ type: 'target-start', target: label, cases: planned.length, done: planned.length - todo.length });

  // 2. Run.
  let nextId = 1;
  const startOrRecord = async (c: PlannedCase, caseId: number): Promise<WorkerProcess | null> => {
    dropTainted();
    if (worker) return worker;
    try {
      worker = await startWorker();
      return worker;
    } catch (err) {
      if (opts.shouldStop?.()) return null;
      const problem = `a fresh worker could not start: ${err instanceof Error ? err.message : String(err)}`;
      const detail = err instanceof WorkerStartError ? err.detail : '';
      await store.recordResult(caseId, { outcome: 'error', errorType: 'WorkerStartError', errorMessage: problem, stderr: detail });
      emit({ type: 'case', target: label, function: c.function, case: c.name, outcome: 'error', category: null, ms: 0 });
      return null;
    }
  };
  const record = async (c: PlannedCase, caseId: number, run: CaseRun, w: WorkerProcess, t0: number, group?: CompileGroup) => {
    const r = run.result;
    const category = r ? classify({ outcome: run.outcome, errorType: r.error?.type, message: r.error?.message, traceback: r.error?.traceback, framework: spec.framework }) : classify({ outcome: run.outcome });
    await store.recordResult(caseId, {
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
    emit({ type: 'case', target: label, function: c.function, case: c.name, outcome: run.outcome, category, ms: Date.now() - t0 });
  };
  /** One case alone: false when the run was interrupted (the case stays without a result, to be run on resume). */
  const runOne = async (c: PlannedCase, next: PlannedCase | undefined, group?: CompileGroup): Promise<boolean> => {
    const caseId = await store.caseId(target.id, c);
    const w = await startOrRecord(c, caseId);
    if (!w) return !opts.shouldStop?.();
    const t0 = Date.now();
    const run = await runCase(w, { id: nextId++, file: c.file, case: c.name, timing: opts.timing, ...(opts.recordOps ? { record_ops: true } : {}) }, opts.timeoutS);
    if (!run.result && opts.shouldStop?.()) return false;
    await record(c, caseId, run, w, t0, group);
    const replaceReason = run.replace;
    if (replaceReason) discard(replaceReason);
    else if (isolate === 'case' || (isolate === 'function' && next?.file !== c.file)) await retire();
    return true;
  };
  const grouped = (opts.group ?? 1) > 1 && spec.mode === 'compiled' && isolate === 'target';
  if (!grouped) {
    for (let i = 0; i < todo.length; i++) {
      if (opts.shouldStop?.()) return interrupted();
      if (!(await runOne(todo[i], todo[i + 1]))) return interrupted();
    }
  } else {
    for (const batch of planGroups(todo, opts.group ?? 1, spec.device)) {
      if (opts.shouldStop?.()) return interrupted();
      if (batch.length === 1) {
        if (!(await runOne(batch[0], undefined))) return interrupted();
        continue;
      }
      const planned = new Map(batch.map((c) => [c.name, c]));
      let stopped = false;
      const done = await runGroup(batch, {
        worker: async () => {
          dropTainted();
          try {
            worker ??= await startWorker();
            return worker;
          } catch {
            return null;
          }
        },
        discard,
        runAlone: async (m, group) => {
          if (!stopped && !(await runOne(planned.get(m.name)!, undefined, group))) stopped = true;
        },
        recordGrouped: async (m, result, group, w) => {
          const c = planned.get(m.name)!;
          const run: CaseRun = { outcome: result.outcome, testError: null, errorType: null, message: null, traceback: null, stdout: result.stdout, stderr: result.stderr, durationMs: result.duration_ms, result, replace: null };
          await record(c, await store.caseId(target.id, c), run, w, Date.now() - result.duration_ms, group);
        },
        shouldStop: () => stopped || !!opts.shouldStop?.(),
        timing: opts.timing,
        recordOps: opts.recordOps,
        timeoutS: opts.timeoutS,
      });
      if (done === 'interrupted' || stopped) return interrupted();
    }
  }
  await retire();
  await store.updateTarget(target.id, { status: 'done' });
  emit({ type: 'target-end', target: label });
  return 'done';
}

import { classify } from '../classify/classify.js';
import { summarize } from '../analysis/stats.js';
import type { Store } from '../store/store.js';
import { functionFromFileName } from '../suites/suite.js';
import type { EventSink } from './events.js';
import { CaseResult, Listed, type Measurement } from './protocol.js';
import { targetLabel, type TargetSpec } from './targets.js';
import { WorkerLost, WorkerProcess, WorkerStartError, describeExit } from './worker-process.js';

export interface TargetRunOptions {
  timeoutS: number;
  timing?: Record<string, number>;
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

const COLLECT = '<collect>';
const LIST_TIMEOUT_MS = 300_000;

function timingStats(timings: Measurement[]) {
  const first = timings[0];
  if (!first) return { n: null, medianMs: null, meanMs: null, minMs: null, coldMs: null };
  const s = summarize(first.samples_ms);
  return { n: s?.n ?? 0, medianMs: s?.median ?? null, meanMs: s?.mean ?? null, minMs: s?.min ?? null, coldMs: first.cold_ms };
}

/**
 * Run every case of `files` on one target, writing each result to the store as it
 * arrives. A worker that dies or overruns the time limit is killed (its whole process
 * group), the case recorded as crash or timeout, and a fresh worker takes over.
 */
export async function runTarget(store: Store, runId: number, spec: TargetSpec, files: string[], opts: TargetRunOptions, emit: EventSink): Promise<'done' | 'interrupted' | 'unavailable'> {
  const label = targetLabel(spec);
  const target = await store.target(runId, spec);
  let worker: WorkerProcess | null = null;

  const startWorker = async (): Promise<WorkerProcess> => {
    const w = await WorkerProcess.start({ python: spec.python, framework: spec.framework, device: spec.device, mode: spec.mode });
    opts.onWorker?.(w);
    return w;
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
    status: 'running',
  });

  const replaceWorker = async (reason: string) => {
    worker?.dispose();
    emit({ type: 'worker-restart', target: label, reason });
    worker = await startWorker();
  };

  // 1. Plan: list every file's cases (the store keeps the plan, so resume knows it).
  const planned: PlannedCase[] = [];
  for (const file of files) {
    if (opts.shouldStop?.()) break;
    worker.send({ type: 'list', file });
    let listed: Listed;
    try {
      listed = Listed.parse(await worker.expect('listed', LIST_TIMEOUT_MS));
    } catch (err) {
      const lost = err instanceof WorkerLost ? err : null;
      const tails = worker.captureTails();
      const why = lost ? (lost.reason === 'timeout' ? 'importing the file timed out' : `importing the file killed the worker (${describeExit(lost.exit)})`) : String(err);
      const caseId = await store.caseId(target.id, { file, function: functionFromFileName(file), name: COLLECT });
      await store.recordResult(caseId, { outcome: 'error', category: null, errorType: 'CollectionError', errorMessage: `${file}: ${why}`, stderr: tails.stderr || worker.stderr.value, stdout: tails.stdout });
      emit({ type: 'collect-error', target: label, file, error: why });
      await replaceWorker(why);
      continue;
    }
    const fn = listed.function || functionFromFileName(file);
    if (listed.error || !listed.cases?.length) {
      const e = listed.error ?? { type: 'CollectionError', message: 'the file declares no cases (use @case)', traceback: '' };
      const caseId = await store.caseId(target.id, { file, function: fn, name: COLLECT });
      await store.recordResult(caseId, { outcome: 'error', errorType: e.type, errorMessage: `${file}: ${e.message}`, traceback: e.traceback });
      emit({ type: 'collect-error', target: label, file, error: `${e.type}: ${e.message}` });
      continue;
    }
    for (const c of listed.cases) planned.push({ file, function: fn, name: c.name, params: c.params, line: c.line ?? null });
  }

  const finished = await store.finishedCases(target.id);
  const todo = planned.filter((c) => !finished.has(`${c.file}\0${c.name}`));
  emit({ type: 'target-start', target: label, cases: planned.length, done: planned.length - todo.length });

  // 2. Run.
  let nextId = 1;
  for (const c of todo) {
    if (opts.shouldStop?.()) {
      worker.dispose();
      await store.updateTarget(target.id, { status: 'interrupted' });
      return 'interrupted';
    }
    const caseId = await store.caseId(target.id, c);
    const id = nextId++;
    const t0 = Date.now();
    worker.send({ type: 'run', id, file: c.file, case: c.name, timing: opts.timing });
    try {
      const raw = await worker.expect('result', opts.timeoutS * 1000);
      const r = CaseResult.parse(raw);
      const category = classify({ outcome: r.outcome, errorType: r.error?.type, message: r.error?.message, traceback: r.error?.traceback, framework: spec.framework });
      await store.recordResult(caseId, {
        outcome: r.outcome,
        category,
        errorType: r.error?.type ?? null,
        errorMessage: r.error?.message ?? null,
        traceback: r.error?.traceback ?? null,
        stdout: r.stdout,
        stderr: r.stderr,
        durationMs: r.duration_ms,
        samples: r.timings,
        workerPid: worker.hello.pid,
        ...timingStats(r.timings),
      });
      emit({ type: 'case', target: label, function: c.function, case: c.name, outcome: r.outcome, category, ms: Date.now() - t0 });
    } catch (err) {
      if (opts.shouldStop?.()) {
        // interrupted mid-case: the case stays without a result, to be run on resume
        worker.dispose();
        await store.updateTarget(target.id, { status: 'interrupted' });
        return 'interrupted';
      }
      if (!(err instanceof WorkerLost)) throw err;
      if (err.reason === 'timeout') worker.kill();
      const exit = err.reason === 'timeout' ? null : err.exit;
      const tails = worker.captureTails();
      const outcome = err.reason === 'timeout' ? 'timeout' : 'crash';
      const message = outcome === 'timeout' ? `case exceeded its time limit of ${opts.timeoutS} s; the worker's process group was killed` : describeExit(exit);
      await store.recordResult(caseId, {
        outcome,
        category: classify({ outcome }),
        errorType: outcome === 'timeout' ? 'Timeout' : exit?.signal ? `Signal ${exit.signal}` : `Exit ${exit?.code ?? '?'}`,
        errorMessage: message,
        stdout: tails.stdout,
        stderr: tails.stderr || worker.stderr.value,
        durationMs: Date.now() - t0,
        workerPid: worker.hello.pid,
      });
      emit({ type: 'case', target: label, function: c.function, case: c.name, outcome, category: outcome, ms: Date.now() - t0 });
      await replaceWorker(message);
    }
  }
  await worker.stop();
  opts.onWorker?.(null);
  await store.updateTarget(target.id, { status: 'done' });
  emit({ type: 'target-end', target: label });
  return 'done';
}

import { ownCodeError } from '../classify/test-error.js';
import type { Outcome } from '../model/outcome.js';
import { CaseResult, Health } from './protocol.js';
import type { TimingPolicy } from './timing-policy.js';
import { ProtocolViolation, WorkerLost, type WorkerProcess, describeExit } from './worker-process.js';

/**
 * One case on one worker, the one way portabench runs a case (`run` and `suite check`):
 * the "run" request over the worker protocol (sequence number, nonce, safeParse), and
 * what each way of not getting an answer means for the case — a timeout kills the
 * worker's process group, a dead worker is a crash with its exit, anything on the answer
 * pipe that is not the answer is a protocol violation (a crash) — and whether the worker
 * may take another case (not after a crash, a thread left running, process state it
 * could not set back, or a failure that left its device unusable). Starting and replacing workers, and what is done with the
 * outcome (stored, or turned into suite problems), belong to the callers.
 */

export interface CaseRequest {
  id: number;
  file: string;
  case: string;
  timing?: TimingPolicy;
  /** Also record whether the case's function is called inside bench.measure (python/portabench/check.py). */
  trace?: boolean;
  /** Also record the operators the case's timed calls dispatch (python/portabench/recorder.py), once per case. */
  record_ops?: boolean;
}

export interface CaseRun {
  /** The worker's outcome, or `test_error` where a failure was raised by the test's own code (src/classify/test-error.ts). */
  outcome: Outcome;
  /** Why the failure is the test's, where it is. */
  testError: string | null;
  errorType: string | null;
  message: string | null;
  traceback: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** The worker's answer; null when none came (timeout, crash, protocol violation). */
  result: CaseResult | null;
  /** Why this worker must not take another case; null when it may. */
  replace: string | null;
}

/** What a protocol violation is recorded as. */
export const PROTOCOL_VIOLATION = 'ProtocolViolation';

const HEALTH_TIMEOUT_MS = 60_000;

/** Ask the worker whether its device still works; a problem text when it does not. */
async function healthProblem(worker: WorkerProcess, timeoutMs: number): Promise<string | null> {
  try {
    const h = await worker.request({ type: 'health' }, 'health', Health, timeoutMs);
    return h.ok ? null : `${h.error?.type ?? 'Error'}: ${h.error?.message ?? 'health check failed'}`;
  } catch (err) {
    if (err instanceof WorkerLost) return err.reason === 'timeout' ? 'the health check did not answer' : `the health check killed the worker (${describeExit(err.exit)})`;
    if (err instanceof ProtocolViolation) return `the health check got ${err.received}`;
    throw err;
  }
}

/** Run one case on `w` within `timeoutS`; a worker that must not go on is killed or flagged in `replace`. */
export async function runCase(w: WorkerProcess, req: CaseRequest, timeoutS: number): Promise<CaseRun> {
  const t0 = Date.now();
  try {
    const r = await w.request({ type: 'run', ...req }, 'result', CaseResult, timeoutS * 1000);
    let message = r.error?.message ?? null;
    let replace: string | null = null;
    if (r.outcome === 'crash') replace = message ?? 'the case tried to exit';
    else if (r.threads_left.length) replace = `the case left ${r.threads_left.length} thread(s) running (${r.threads_left.slice(0, 5).join(', ')})`;
    else if (r.replace_worker) replace = `the case ${r.replace_worker}`;
    else if (r.outcome === 'fail' || r.outcome === 'error') {
      const problem = await healthProblem(w, Math.min(HEALTH_TIMEOUT_MS, timeoutS * 1000));
      if (problem) {
        replace = `the device was unusable after this case (${problem})`;
        message = `${message ?? ''}\n[portabench: ${replace}; the worker was replaced]`;
      }
    }
    // A failure raised by the test's own code is a test error, never the target's.
    const testError = r.outcome === 'fail' ? ownCodeError({ errorType: r.error?.type, message: r.error?.message, traceback: r.error?.traceback }) : null;
    const common = { errorType: r.error?.type ?? null, traceback: r.error?.traceback ?? null, stdout: r.stdout, stderr: r.stderr };
    return { outcome: testError ? 'test_error' : r.outcome, testError, ...common, message, durationMs: r.duration_ms, result: r, replace };
  } catch (err) {
    let outcome: 'timeout' | 'crash';
    let errorType: string;
    let message: string;
    if (err instanceof ProtocolViolation) {
      w.kill();
      [outcome, errorType, message] = ['crash', PROTOCOL_VIOLATION, `protocol violation: where the answer to this case was due the worker's answer pipe carried ${err.received}; the worker was replaced`];
    } else if (err instanceof WorkerLost && err.reason === 'timeout') {
      w.kill();
      [outcome, errorType, message] = ['timeout', 'Timeout', `case exceeded its time limit of ${timeoutS} s; the worker's process group was killed`];
    } else if (err instanceof WorkerLost) {
      const exit = err.exit;
      [outcome, errorType, message] = ['crash', exit?.signal ? `Signal ${exit.signal}` : `Exit ${exit?.code ?? '?'}`, describeExit(exit)];
    } else throw err;
    const tails = w.captureTails();
    return { outcome, testError: null, errorType, message, traceback: null, stdout: tails.stdout, stderr: tails.stderr || w.stderr.value, durationMs: Date.now() - t0, result: null, replace: message };
  }
}

/**
 * What happened to one case. `unknown`: imported timings with no failure report, so
 * the case ran but whether it passed is not known.
 */
export const OUTCOMES = ['pass', 'fail', 'skip', 'error', 'timeout', 'crash', 'unknown'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export function isOutcome(s: string): s is Outcome {
  return (OUTCOMES as readonly string[]).includes(s);
}

/** The case ran and passed. */
export const isPass = (o: string): boolean => o === 'pass';
/** The case failed on the target: an assertion or exception, a time-out, a crash. */
export const isFailure = (o: string): boolean => o === 'fail' || o === 'timeout' || o === 'crash';
/** The case did not apply (skipped by its own decision). */
export const isSkip = (o: string): boolean => o === 'skip';
/** The harness could not run the case (not the function's fault). */
export const isHarnessError = (o: string): boolean => o === 'error';
/** Pass or failure: an outcome that says whether the function works. */
export const isDecisive = (o: string): boolean => isPass(o) || isFailure(o);
/** Whether a case's timings may be used: it passed, or it ran with no outcome known. */
export const hasUsableTiming = (o: string): boolean => o === 'pass' || o === 'unknown';

/** A function's status on a target, from its cases' outcomes. */
export type FunctionStatus = 'pass' | 'partial' | 'complete' | 'not_run';

/** pass: every case that ran passed; complete: none passed; partial: some of each; not_run: no decisive outcome. */
export function functionStatus(passed: number, failed: number): FunctionStatus {
  if (passed === 0 && failed === 0) return 'not_run';
  if (failed === 0) return 'pass';
  if (passed === 0) return 'complete';
  return 'partial';
}

/**
 * What happened to one case. `unknown`: imported timings with no failure report, so
 * the case ran but whether it passed is not known. `test_error`: the case failed through
 * the test's own fault (raised by the test's or the harness's code, or the same failure on
 * the CPU reference or on every device of an imported source; src/classify/test-error.ts):
 * no evidence about the device either way.
 */
export const OUTCOMES = ['pass', 'fail', 'skip', 'error', 'timeout', 'crash', 'unknown', 'test_error'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export function isOutcome(s: string): s is Outcome {
  return (OUTCOMES as readonly string[]).includes(s);
}

/** The stored text as an Outcome; a value no version of portabench wrote is an error naming it. */
export function asOutcome(s: string, where = 'a result'): Outcome {
  if (isOutcome(s)) return s;
  throw new Error(`${where} has outcome "${s}", which is none of ${OUTCOMES.join(', ')}: the store or file was written by another tool or a newer portabench`);
}

/** The case ran and passed. */
export const isPass = (o: Outcome): boolean => o === 'pass';
/** The case failed on the target: an assertion or exception, a time-out, a crash. Never `unknown` or `test_error`. */
export const isFailure = (o: Outcome): boolean => o === 'fail' || o === 'timeout' || o === 'crash';
/** The test itself is broken (its own code raised, or it fails the same on the reference): not a device failure. */
export const isTestError = (o: Outcome): boolean => o === 'test_error';
/** The case did not apply (skipped by its own decision). */
export const isSkip = (o: Outcome): boolean => o === 'skip';
/** The harness could not run the case (not the function's fault). */
export const isHarnessError = (o: Outcome): boolean => o === 'error';
/** Pass or failure: an outcome that says whether the function works. */
export const isDecisive = (o: Outcome): boolean => isPass(o) || isFailure(o);
/** Whether a case's timings may be used: it passed, or it ran with no outcome known. */
export const hasUsableTiming = (o: Outcome): boolean => o === 'pass' || o === 'unknown';

/** A function's status on a target, from its cases' outcomes. */
export type FunctionStatus = 'pass' | 'partial' | 'complete' | 'not_run';

/** pass: every case that ran passed; complete: none passed; partial: some of each; not_run: no decisive outcome. */
export function functionStatus(passed: number, failed: number): FunctionStatus {
  if (passed === 0 && failed === 0) return 'not_run';
  if (failed === 0) return 'pass';
  if (passed === 0) return 'complete';
  return 'partial';
}

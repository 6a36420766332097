/**
 * Broken tests: per target, the functions with cases whose failure is the test's own fault
 * (outcome `test_error`, decided by src/classify/test-error.ts when the dataset is loaded),
 * and the target's failing-function count as the data records it beside the corrected one.
 * A pure function of the dataset; it does not decide what a test error is.
 */
import { identity, type Dataset, type TargetIdentity } from './dataset.js';
import { summarizeFunctions, type FunctionStatus } from './portability.js';

export interface BrokenTestRow extends TargetIdentity {
  function: string;
  /** Cases with a broken test, of all the function's cases on the target. */
  cases: number;
  of: number;
  /** The function's status without its broken cases, and as the data records it. */
  status: FunctionStatus;
  recorded_status: FunctionStatus;
  /** The first broken case's reason. */
  reason: string;
}

export interface RecordedCountRow extends TargetIdentity {
  /** Who counted: 'the study' for the 2023 study's data, else the origin. */
  counted_by: string;
  /** Functions failing partly or completely as the data records them, and with broken tests told apart. */
  failing_recorded: number;
  failing_corrected: number;
  complete_recorded: number;
  complete_corrected: number;
  broken_functions: number;
  broken_cases: number;
}

export interface BrokenTests {
  tests: BrokenTestRow[];
  /** One row per target that has broken tests. */
  counts: RecordedCountRow[];
}

const failing = (s: FunctionStatus) => s === 'partial' || s === 'complete';

function countedBy(origin: string): string {
  if (origin === 'import:for-ai-portability') return 'the 2023 study';
  return origin === 'run' ? 'the run as recorded' : origin;
}

/** Every broken test of the dataset's targets, and each such target's recorded and corrected counts. */
export function brokenTests(ds: Dataset): BrokenTests {
  const tests: BrokenTestRow[] = [];
  const counts: RecordedCountRow[] = [];
  for (const d of ds.targets) {
    const functions = summarizeFunctions([...d.functions.values()].flat());
    const broken = functions.filter((f) => f.test_errors.length);
    if (!broken.length) continue;
    const id = identity(d);
    for (const f of broken) {
      const of = Object.values(f.cases).reduce((a, b) => a + b, 0);
      tests.push({ ...id, function: f.function, cases: f.test_errors.length, of, status: f.status, recorded_status: f.raw_status ?? f.status, reason: f.test_errors[0].reason });
    }
    const recorded = (s: { status: FunctionStatus; raw_status?: FunctionStatus }) => s.raw_status ?? s.status;
    counts.push({
      ...id,
      counted_by: countedBy(d.run.origin),
      failing_recorded: functions.filter((f) => failing(recorded(f))).length,
      failing_corrected: functions.filter((f) => failing(f.status)).length,
      complete_recorded: functions.filter((f) => recorded(f) === 'complete').length,
      complete_corrected: functions.filter((f) => f.status === 'complete').length,
      broken_functions: broken.length,
      broken_cases: broken.reduce((n, f) => n + f.test_errors.length, 0),
    });
  }
  return { tests, counts };
}

import type { PortabilityReport } from '../analysis/portability.js';

/** One row per function that did not pass on a target (a file that did not import shows its error). */
export function failureRows(report: PortabilityReport): string[][] {
  const rows: string[][] = [];
  for (const t of report.targets) {
    for (const f of t.functions) {
      if (f.status === 'pass') continue;
      const cats = new Map<string, number>();
      for (const x of f.failures) cats.set(x.category ?? x.outcome, (cats.get(x.category ?? x.outcome) ?? 0) + 1);
      const broken = f.test_errors[0] ? `broken test (not counted): ${f.test_errors[0].reason}` : '';
      const first = f.collection_error ? `not collected: ${f.collection_error}` : (f.failures[0]?.error ?? broken);
      rows.push([
        `${t.framework}/${t.device}/${t.mode}`,
        f.function,
        f.status === 'not_run' ? 'not run' : f.status,
        `${f.cases.failed}/${f.cases.passed + f.cases.failed}`,
        [...cats].map(([k, v]) => `${k}×${v}`).join(' '),
        first,
      ]);
    }
  }
  return rows;
}

export const FAILURE_HEADER = ['target', 'function', 'status', 'failed cases', 'categories', 'first error'];

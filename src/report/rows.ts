import type { PortabilityReport, TargetReport } from '../analysis/portability.js';

export const SUMMARY_HEADER = ['run', 'framework', 'version', 'device', 'hardware', 'mode', 'pass', 'partial', 'complete', 'not run', 'total'];

export function pct(n: number, total: number): string {
  return total ? `${((100 * n) / total).toFixed(0)}%` : '–';
}

export function summaryRow(t: TargetReport, withPct = true): string[] {
  const s = t.summary;
  const cell = (n: number) => (withPct ? `${n} (${pct(n, s.total)})` : String(n));
  return [
    String(t.run_id),
    t.framework,
    t.framework_version ?? '?',
    t.device,
    t.hardware ?? '',
    t.mode,
    cell(s.pass),
    cell(s.partial),
    cell(s.complete),
    String(s.not_run),
    String(s.total),
  ];
}

/** One row per function that did not pass on a target. */
export function failureRows(report: PortabilityReport): string[][] {
  const rows: string[][] = [];
  for (const t of report.targets) {
    for (const f of t.functions) {
      if (f.status === 'pass') continue;
      const cats = new Map<string, number>();
      for (const x of f.failures) cats.set(x.category ?? x.outcome, (cats.get(x.category ?? x.outcome) ?? 0) + 1);
      const first = f.failures[0]?.error ?? '';
      rows.push([
        `${t.framework}/${t.device}/${t.mode}`,
        f.function,
        f.status,
        `${f.cases.failed}/${f.cases.passed + f.cases.failed}`,
        [...cats].map(([k, v]) => `${k}×${v}`).join(' '),
        first,
      ]);
    }
  }
  return rows;
}

export const FAILURE_HEADER = ['target', 'function', 'status', 'failed cases', 'categories', 'first error'];

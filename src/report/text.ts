import Table from 'cli-table3';
import type { PortabilityReport } from '../analysis/portability.js';
import { fingerprintLines } from '../runner/fingerprint.js';
import { FAILURE_HEADER, SUMMARY_HEADER, failureRows, summaryRow } from './rows.js';

/**
 * The terminal report: each target's fingerprint, the portability summary, and the
 * functions that do not pass. `tables` (the analysis tables, already drawn) stands in
 * for the plain summary when given.
 */
export function renderText(report: PortabilityReport, tables?: string): string {
  if (!report.targets.length) return 'No results yet: run "npx portabench run" first.\n';
  const header = report.targets
    .filter((t) => t.framework_version && t.fingerprint)
    .flatMap((t) => fingerprintLines(`${t.framework}/${t.device}/${t.mode}`, t.fingerprint));
  const parts = [...header];
  if (tables) parts.push(tables);
  else {
    const summary = new Table({ head: SUMMARY_HEADER, style: { head: [], border: [] } });
    for (const t of report.targets) summary.push(summaryRow(t));
    parts.push('Functions passing / failing partly / failing completely per target', summary.toString());
  }
  const problems = report.targets.filter((t) => t.problem);
  for (const t of problems) parts.push(`! ${t.framework}/${t.device}/${t.mode}: ${t.problem}`);
  const rows = failureRows(report);
  if (rows.length) {
    const failures = new Table({ head: FAILURE_HEADER, style: { head: [], border: [] }, colWidths: [null, null, null, null, null, 70] as unknown as number[], wordWrap: true });
    for (const r of rows) failures.push(r);
    parts.push('', 'Functions that do not pass', failures.toString());
  }
  return `${parts.join('\n')}\n`;
}

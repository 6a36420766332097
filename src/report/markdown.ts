import type { PortabilityReport } from '../analysis/portability.js';
import { FAILURE_HEADER, SUMMARY_HEADER, failureRows, summaryRow } from './rows.js';

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

/** Markdown tables; `tables` (the analysis tables, already drawn) stands in for the plain summary when given. */
export function renderMarkdown(report: PortabilityReport, tables?: string): string {
  const parts = tables ? [tables.trimEnd()] : ['## Portability', '', table(SUMMARY_HEADER, report.targets.map((t) => summaryRow(t)))];
  const rows = failureRows(report);
  if (rows.length) parts.push('', '## Functions that do not pass', '', table(FAILURE_HEADER, rows));
  return `${parts.join('\n')}\n`;
}

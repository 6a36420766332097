import type { PortabilityReport } from '../analysis/portability.js';

function cell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per target × function: what a notebook wants. */
export function renderCsv(report: PortabilityReport): string {
  const head = ['run_id', 'framework', 'framework_version', 'device', 'hardware', 'mode', 'function', 'status', 'passed', 'failed', 'skipped', 'errors', 'categories', 'latency_mean_ms', 'latency_median_ms'];
  const lines = [head.join(',')];
  for (const t of report.targets) {
    for (const f of t.functions) {
      const cats = [...new Set(f.failures.map((x) => x.category ?? x.outcome))].join(' ');
      lines.push(
        [t.run_id, t.framework, t.framework_version, t.device, t.hardware, t.mode, f.function, f.status, f.cases.passed, f.cases.failed, f.cases.skipped, f.cases.errors, cats, f.latency_ms?.mean, f.latency_ms?.median]
          .map(cell)
          .join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

import type { PortabilityReport, TargetReport } from '../analysis/index.js';
import { formatTargetId } from '../model/target-id.js';
import { fingerprintLines } from '../runner/fingerprint.js';
import type { Run } from '../store/store.js';
import type { Grid } from '../report/grids.js';
import { esc, gridHtml, lines } from './html.js';

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '–');
const targetText = (t: TargetReport) => formatTargetId({ framework: t.framework, device: t.device, mode: t.mode, hardware: t.hardware, config: t.config });

/** Runs, newest first, each with its targets, their fingerprints and a link to the report. */
export function runsBody(runs: Run[], report: PortabilityReport): string {
  const byRun = new Map<number, TargetReport[]>();
  for (const t of report.targets) byRun.set(t.run_id, [...(byRun.get(t.run_id) ?? []), t]);
  const runGrid: Grid = {
    id: 'runs',
    title: 'Runs',
    caption: 'Every run in the store. Open one for the portability and latency views of the HTML report; pick two for a diff.',
    head: ['run', 'suite', 'origin', 'status', 'started', 'finished', 'targets'],
    rows: [...runs].reverse().map((r) => [String(r.id), r.suite, r.origin, r.status, r.created_at, r.finished_at ?? '', (byRun.get(r.id) ?? []).map(targetText).join(', ')]),
    numeric: [0],
  };
  const form = `<form method="get" action="/report"><label>report of runs <input name="run" placeholder="e.g. 3" size="6"></label> <button>open</button> <a href="/report?all=1">all runs</a></form>
<form method="get" action="/diff"><label>diff <input name="a" placeholder="run or target" size="22"></label> <label>→ <input name="b" placeholder="run or target" size="22"></label> <button>compare</button></form>`;
  const targets: Grid = {
    id: 'targets',
    title: 'Targets',
    caption: 'Per run and target: framework version, hardware, status and the share of functions that pass, of those that ran.',
    head: ['run', 'target', 'version', 'status', 'pass', 'partial', 'complete', 'not run', 'ran'],
    rows: [...report.targets].reverse().map((t) => [String(t.run_id), targetText(t), t.framework_version ?? '', t.status, `${t.summary.pass} (${pct(t.summary.pass, t.summary.ran)})`, String(t.summary.partial), String(t.summary.complete), String(t.summary.not_run), String(t.summary.ran)]),
    numeric: [0, 4, 5, 6, 7, 8],
  };
  const fps = [...byRun.entries()]
    .reverse()
    .map(([run, ts]) => `<details><summary>run ${esc(run)}: fingerprints</summary><div class="mono">${ts.flatMap((t) => (t.fingerprint ? fingerprintLines(targetText(t), t.fingerprint) : [])).map((l) => esc(l)).join('<br>')}</div></details>`)
    .join('');
  return form + gridHtml(runGrid, (row, col) => (col === 0 ? `/report?run=${row[0]}` : null)) + gridHtml(targets, (row, col) => (col === 0 ? `/report?run=${row[0]}` : col === 1 ? `/trends?target=${encodeURIComponent(row[1]!)}` : null)) + `<h2>Fingerprints</h2>${fps || '<p class="muted">none</p>'}`;
}

/** One target (framework/device/mode@hardware) over its runs, oldest first: how it moved across framework versions. */
export function trendsBody(report: PortabilityReport, only: string | null): string {
  const groups = new Map<string, TargetReport[]>();
  for (const t of report.targets) {
    const key = targetText(t);
    if (only && key !== only) continue;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  if (!groups.size) return `<p class="muted">${only ? `No runs of ${esc(only)}.` : 'No runs yet.'}</p>`;
  const median = (t: TargetReport) => {
    const xs = t.functions.map((f) => f.latency_ms?.median).filter((x): x is number => typeof x === 'number').sort((a, b) => a - b);
    return xs.length ? xs[Math.floor(xs.length / 2)]!.toPrecision(3) : '–';
  };
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, ts]) =>
      gridHtml(
        {
          id: `trend-${key}`,
          title: key,
          caption: 'Each run of this target, oldest first: framework version, functions passing of those that ran, failing partly or completely, and the median over functions of their median latency.',
          head: ['run', 'version', 'pass', 'partial', 'complete', 'not run', 'median latency (ms)'],
          rows: [...ts].sort((a, b) => a.run_id - b.run_id).map((t) => [String(t.run_id), t.framework_version ?? '', `${t.summary.pass}/${t.summary.ran} (${pct(t.summary.pass, t.summary.ran)})`, String(t.summary.partial), String(t.summary.complete), String(t.summary.not_run), median(t)]),
          numeric: [0, 3, 4, 5, 6],
        },
        (row, col) => (col === 0 ? `/report?run=${row[0]}` : null),
      ),
    )
    .join('');
}

/** A form for a diff, then the diff's tables (or the problem, as text). */
export function diffBody(a: string, b: string, header: string[] | undefined, grids: Grid[], problem: string | null): string {
  const form = `<form method="get" action="/diff"><label>from <input name="a" value="${esc(a)}" placeholder="run id or framework/device[/mode][@hardware]" size="34"></label> <label>to <input name="b" value="${esc(b)}" size="34"></label> <button>compare</button></form>`;
  if (problem) return `${form}<p class="bad">${esc(problem)}</p>`;
  return form + lines(header) + grids.map((g) => gridHtml(g)).join('');
}

/** The report page: tables and figures as static HTML. Every value from the data goes through escapeHtml. */
import { escapeHtml as e, jsonForScript } from './escape.js';
import type { Comparison, HtmlBundle, PortabilityRow, Share, StratumRow } from './types.js';
import { MODEL_CAPTIONS } from '../../models/tables.js';

export interface RenderedChart {
  id: string;
  section: string;
  title: string;
  caption: string;
  svg: string | null;
  error: string | null;
}

const num = (v: number | null | undefined, digits = 3) =>
  v == null || !Number.isFinite(v) ? '–' : Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(digits)).toString();

function shareCell(s: Share, functions: number): string {
  const pct = functions ? `${s.pct.toFixed(0)}%` : '–';
  const ci = s.ci ? `<span class="ci">[${s.ci.lo.toFixed(0)}–${s.ci.hi.toFixed(0)}]</span>` : '';
  return `<td class="num">${s.count} <span class="pct">(${pct})</span> ${ci}</td>`;
}

function table(head: string[], rows: string[], cls = ''): string {
  const th = head.map((h) => `<th>${e(h)}</th>`).join('');
  return `<div class="table-wrap"><table class="${cls}"><thead><tr>${th}</tr></thead><tbody>${rows.join('\n')}</tbody></table></div>`;
}

function targetCells(r: { run_id: number; framework: string; device: string; mode: string; hardware: string | null }): string {
  return `<td class="num">${r.run_id}</td><td>${e(r.framework)}</td><td>${e(r.device)}</td><td>${e(r.mode)}</td><td>${e(r.hardware ?? '')}</td>`;
}

function portabilityTable(rows: PortabilityRow[]): string {
  if (!rows.length) return '<p class="empty">No targets in the selected runs.</p>';
  return table(
    ['run', 'framework', 'device', 'mode', 'hardware', 'functions', 'pass', 'fail partly', 'fail completely'],
    rows.map(
      (r) =>
        `<tr>${targetCells(r)}<td class="num">${r.functions}</td>${shareCell(r.pass, r.functions)}${shareCell(r.partial, r.functions)}${shareCell(r.complete, r.functions)}</tr>`,
    ),
  );
}

function strataTable(rows: StratumRow[]): string {
  if (!rows.length) return '<p class="empty">No strata: the functions carry no frequency information.</p>';
  return table(
    ['run', 'framework', 'device', 'mode', 'hardware', 'stratum', 'functions', 'pass', 'fail partly', 'fail completely'],
    rows.map(
      (r) =>
        `<tr>${targetCells(r)}<td>${e(r.stratum)}</td><td class="num">${r.functions}</td>${shareCell(r.pass, r.functions)}${shareCell(r.partial, r.functions)}${shareCell(r.complete, r.functions)}</tr>`,
    ),
  );
}

function failuresTable(bundle: HtmlBundle): string {
  if (!bundle.failures.length) return '<p class="empty">No failures recorded.</p>';
  const categories = [...new Set(bundle.failures.map((f) => f.category))].sort();
  const byTarget = new Map<string, Map<string, number>>();
  for (const f of bundle.failures) {
    if (!byTarget.has(f.label)) byTarget.set(f.label, new Map());
    const m = byTarget.get(f.label)!;
    m.set(f.category, (m.get(f.category) ?? 0) + f.count);
  }
  return table(
    ['target', ...categories, 'total'],
    [...byTarget].map(([label, m]) => {
      const total = [...m.values()].reduce((s, v) => s + v, 0);
      return `<tr><td>${e(label)}</td>${categories.map((c) => `<td class="num">${m.get(c) ?? 0}</td>`).join('')}<td class="num">${total}</td></tr>`;
    }),
  );
}

function failingTable(bundle: HtmlBundle): string {
  if (!bundle.failing.length) return '';
  const rows = bundle.failing.map(
    (f) =>
      `<tr><td>${e(f.target)}</td><td class="fn">${e(f.function)}</td><td>${e(f.status)}</td><td class="num">${f.failed_cases}/${f.cases}</td><td>${e(f.categories)}</td><td class="err">${e(f.error)}</td></tr>`,
  );
  return `<details><summary>Failing functions (${bundle.failing.length}) with their first error</summary>${table(['target', 'function', 'status', 'failed cases', 'categories', 'first error'], rows, 'compact')}</details>`;
}

function comparisonSummary(comparisons: Comparison[]): string {
  if (!comparisons.length) return '<p class="empty">No two targets of a framework share passing functions with latencies: nothing to compare.</p>';
  return table(
    ['from', 'to', 'functions', 'slower', '>10× slower', 'faster', '≥1.5× faster', 'median ratio', 'min ratio', 'max ratio'],
    comparisons.map((c) => {
      const s = c.summary;
      return `<tr><td>${e(c.from)}</td><td>${e(c.to)}</td><td class="num">${s.n}</td><td class="num">${s.slower}</td><td class="num">${s.slower_10x}</td><td class="num">${s.faster}</td><td class="num">${s.faster_1_5x}</td><td class="num">${num(s.median_ratio)}</td><td class="num">${num(s.min_ratio)}</td><td class="num">${num(s.max_ratio)}</td></tr>`;
    }),
  );
}

function comparisonDetails(c: Comparison): string {
  const rows = [...c.functions]
    .sort((a, b) => b.ratio - a.ratio)
    .map((f) => `<tr><td class="fn">${e(f.function)}</td><td class="num">${num(f.from_ms)}</td><td class="num">${num(f.to_ms)}</td><td class="num">${num(f.ratio)}</td></tr>`);
  return `<details><summary>Per-function latencies (${c.functions.length})</summary>${table(['function', 'from (ms)', 'to (ms)', 'ratio to/from'], rows, 'compact')}</details>`;
}

function genericTable(rows: Record<string, string | number | null>[]): string {
  const head = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return table(
    head,
    rows.map((r) => `<tr>${head.map((h) => (typeof r[h] === 'number' ? `<td class="num">${num(r[h] as number)}</td>` : `<td>${e(r[h] ?? '')}</td>`)).join('')}</tr>`),
  );
}

function figure(c: RenderedChart, extra = ''): string {
  const body = c.svg ?? `<p class="chart-error">This chart could not be drawn: ${e(c.error ?? 'unknown error')}</p>`;
  const kind = c.id.split('-')[0];
  return `<figure class="chart ${e(kind)}" id="${e(c.id)}" data-chart="${e(c.id)}"><h3>${e(c.title)}</h3><div class="chart-body">${body}</div><figcaption>${e(c.caption)}</figcaption>${extra}</figure>`;
}

const STYLE = `
:root { color-scheme: light; --fg:#1d2330; --muted:#5b6472; --line:#dde1e7; --bg:#fff; --head:#f4f6f9; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif; color:var(--fg); background:var(--bg); }
header { padding:20px 32px 12px; border-bottom:1px solid var(--line); }
header h1 { margin:0 0 4px; font-size:22px; }
header p { margin:2px 0; color:var(--muted); }
nav { padding:8px 32px; border-bottom:1px solid var(--line); background:var(--head); position:sticky; top:0; z-index:1; }
nav a { margin-right:18px; color:#1a5fb4; text-decoration:none; }
main { padding:8px 32px 40px; max-width:1400px; }
section { margin-top:26px; }
h2 { font-size:18px; border-bottom:1px solid var(--line); padding-bottom:4px; }
h3 { font-size:14px; margin:0 0 6px; overflow-wrap:anywhere; }
section > h3 { margin:22px 0 8px; }
.table-wrap { overflow-x:auto; }
table { border-collapse:collapse; margin:8px 0 12px; font-size:13px; }
th, td { border:1px solid var(--line); padding:3px 8px; text-align:left; vertical-align:top; }
th { background:var(--head); font-weight:600; }
td.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
td.fn { overflow-wrap:anywhere; max-width:520px; }
td.err { overflow-wrap:anywhere; max-width:640px; font-family:ui-monospace,"DejaVu Sans Mono",monospace; font-size:11px; }
.pct { color:var(--muted); }
.ci { color:var(--muted); font-size:11px; }
table.compact { font-size:12px; }
.charts { display:flex; flex-wrap:wrap; gap:16px; align-items:flex-start; }
figure.chart { margin:0; padding:12px; border:1px solid var(--line); border-radius:6px; max-width:100%; }
figure.chart.scatter { width:386px; padding:10px; }
.chart-body { overflow-x:auto; }
.chart-body svg { display:block; max-width:none; }
figcaption { color:var(--muted); font-size:12px; max-width:560px; margin-top:6px; }
details { margin-top:6px; font-size:12px; }
.empty, .note { color:var(--muted); }
.chart-error { color:#b00020; }
ul.notes li { overflow-wrap:anywhere; }
`;

/** The whole page. `charts` are already rendered to SVG (or carry why they could not be). */
export function pageHtml(bundle: HtmlBundle, charts: RenderedChart[]): string {
  const bySection = (s: string) => charts.filter((c) => c.section === s);
  const scatterFigures = bundle.comparisons
    .map((c, i) => {
      const chart = charts.find((x) => x.id === `scatter-${i}`);
      return chart ? figure(chart, comparisonDetails(c)) : '';
    })
    .join('\n');
  const otherLatency = bySection('latency').filter((c) => !c.id.startsWith('scatter-'));
  const runs = bundle.runs.length
    ? table(
        ['run', 'origin', 'suite', 'created'],
        bundle.runs.map((r) => `<tr><td class="num">${r.id}</td><td>${e(r.origin)}</td><td>${e(r.suite)}</td><td>${e(r.created_at)}</td></tr>`),
      )
    : '';
  const notes = bundle.notes.length ? `<section id="notes"><h2>Notes and warnings</h2><ul class="notes">${bundle.notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul></section>` : '';
  const usage = bundle.usage?.length
    ? `<section id="usage"><h2>Usage-weighted portability</h2><p class="note">The share of a corpus's real-world calls (and files) to functions that ran on each target that would hit a function failing there, next to the unweighted share of functions; 95% percentile bootstrap over functions.</p>${genericTable(bundle.usage)}</section>`
    : '';
  const broken = bundle.broken_tests?.length
    ? `<section id="broken-tests"><h2>Broken tests</h2><p class="note">Cases whose failure is the test's own fault (raised by the test's or the harness's code, the same failure on the CPU of the same framework version, or in imported data the same error on every device): neither passes nor failures, left out of every table above.</p>${genericTable(bundle.broken_tests)}${bundle.recorded_counts?.length ? `<h3>Failing functions as recorded and corrected</h3>${genericTable(bundle.recorded_counts)}` : ''}</section>`
    : '';
  const leaks = bundle.state_leaks?.length
    ? `<section id="state-leaks"><h2>Cases that leak state</h2><p class="note">Cases that changed process-wide state (default dtype, grad mode, config flags, warnings filters, NumPy errstate, environment, replaced module attributes). The worker set it back after each, so no other case's verdict depends on it; in one pytest process they would change their neighbours' results: fix the test.</p>${genericTable(bundle.state_leaks)}</section>`
    : '';
  const models = bundle.models
    ? `<section id="models"><h2>Models</h2><p class="note">${e(MODEL_CAPTIONS.summary)}</p>${genericTable(bundle.models.summary)}<h3>Models per target</h3><p class="note">${e(MODEL_CAPTIONS.models)}</p><div id="model-table">${genericTable(bundle.models.models)}</div>${bundle.models.compiled?.length ? `<h3>Models compiled against eager</h3><p class="note">${e(MODEL_CAPTIONS.compiled)}</p><div id="model-compiled">${genericTable(bundle.models.compiled)}</div>` : ''}${bundle.models.operators.length ? `<h3>Operators blocking models</h3><p class="note">${e(MODEL_CAPTIONS.operators)}</p>${genericTable(bundle.models.operators)}` : ''}</section>`
    : '';
  const coldWarm = bundle.cold_warm.length ? `<section id="cold-warm"><h2>Cold vs warm latency</h2>${genericTable(bundle.cold_warm)}</section>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="portabench">
<title>${e(bundle.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${e(bundle.title)}</h1>
<p>Generated ${e(bundle.generated_at)} from ${e(bundle.source)} · ${bundle.runs.length} run(s), ${bundle.portability.length} target(s).</p>
<p class="note">Charts are drawn with Vega-Lite into the page; the data behind them is in the page too (script#portabench-data, JSON). Function counts are small (tens per framework): read the 95% bootstrap intervals in brackets before comparing percentages.</p>
</header>
<nav><a href="#portability">Portability</a><a href="#strata">By stratum</a><a href="#failures">Failure categories</a><a href="#latency">Latency</a>${bundle.models ? '<a href="#models">Models</a>' : ''}${bundle.broken_tests?.length ? '<a href="#broken-tests">Broken tests</a>' : ''}${bundle.usage?.length ? '<a href="#usage">Usage-weighted</a>' : ''}${bundle.cold_warm.length ? '<a href="#cold-warm">Cold vs warm</a>' : ''}${bundle.state_leaks?.length ? '<a href="#state-leaks">State leaks</a>' : ''}${bundle.notes.length ? '<a href="#notes">Notes</a>' : ''}</nav>
<main>
<section id="portability"><h2>Portability per framework × device × mode</h2>
<p class="note">A function passes when all its cases pass, fails partly when some fail, fails completely when all fail. Counts of functions, % of the target's functions, [95% bootstrap interval over functions].</p>
${portabilityTable(bundle.portability)}
${runs ? `<details><summary>Runs included</summary>${runs}</details>` : ''}
</section>
<section id="strata"><h2>By stratum: top-20 vs all, by frequency decile</h2>
<div class="charts">${bySection('strata').map((c) => figure(c)).join('\n')}</div>
<details><summary>Stratum table</summary>${strataTable(bundle.strata)}</details>
</section>
<section id="failures"><h2>Failure categories</h2>
${failuresTable(bundle)}
${failingTable(bundle)}
<div class="charts">${bySection('failures').map((c) => figure(c)).join('\n')}</div>
</section>
<section id="latency"><h2>Latency comparisons</h2>
<p class="note">Per-function latency is the mean over its cases of each case's mean operation time, over the cases usable on both targets (passed, or timed where the data records no outcome, as in imported timing files without a failure report). Ratio = to / from: above 1 is slower on the second target.</p>
${comparisonSummary(bundle.comparisons)}
<div class="charts">${otherLatency.map((c) => figure(c)).join('\n')}</div>
<h3>Per-function latency, target against target</h3>
<div class="charts">${scatterFigures}</div>
</section>
${models}
${broken}
${usage}
${coldWarm}
${leaks}
${notes}
</main>
<script type="application/json" id="portabench-data">${jsonForScript(bundle)}</script>
</body>
</html>
`;
}

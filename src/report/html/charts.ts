/** Vega-Lite specifications of the report's charts, each with a caption saying what it compares and over how many functions. */
import type { TopLevelSpec } from 'vega-lite';
import type { Comparison, HtmlBundle, LatencySet, StratumRow } from './types.js';

export interface ChartSpec {
  id: string;
  section: 'failures' | 'strata' | 'latency';
  title: string;
  caption: string;
  spec: TopLevelSpec;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';
const CONFIG = {
  font: FONT,
  padding: 8,
  view: { stroke: '#ccc' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260 },
};
/** Axis labels of log10 values, shown as milliseconds. */
const LOG_MS_LABEL = "format(pow(10, datum.value), '~g')";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const fmtRatio = (r: number | null) => (r == null ? '–' : r >= 10 ? `${r.toFixed(0)}×` : `${Number(r.toPrecision(2))}×`);

/** Log-log scatter of per-function latency on two targets, with the diagonal y = x. */
export function scatterChart(c: Comparison, index: number): ChartSpec {
  const values = c.functions.filter((f) => f.from_ms > 0 && f.to_ms > 0);
  const all = values.flatMap((f) => [f.from_ms, f.to_ms]);
  const lo = Math.min(...all) / 1.5;
  const hi = Math.max(...all) * 1.5;
  const domain = [lo, hi];
  const s = c.summary;
  return {
    id: `scatter-${index}`,
    section: 'latency',
    title: `${c.from} → ${c.to}`,
    caption:
      `Per-function mean latency on ${c.from} (x) against ${c.to} (y), log-log, over ${plural(values.length, 'function')} ` +
      `timed on both (cases that passed on both sides, or were timed where the data records no outcome). Points above the dashed diagonal are slower on ${c.to}: ${s.slower} of ${s.n}, ` +
      `${s.slower_10x} more than 10× slower; ratios from ${fmtRatio(s.min_ratio)} to ${fmtRatio(s.max_ratio)}.`,
    spec: {
      $schema: SCHEMA,
      width: 270,
      height: 270,
      config: CONFIG,
      layer: [
        {
          data: { values: [{ v: lo }, { v: hi }] },
          mark: { type: 'line', strokeDash: [4, 4], color: '#888', clip: true },
          encoding: {
            x: { field: 'v', type: 'quantitative', scale: { type: 'log', domain } },
            y: { field: 'v', type: 'quantitative', scale: { type: 'log', domain } },
          },
        },
        {
          data: { values: values.map((f) => ({ ...f, side: f.ratio > 1 ? 'slower on y' : 'faster or equal on y' })) },
          mark: { type: 'point', filled: true, size: 45, opacity: 0.75, tooltip: true },
          encoding: {
            x: { field: 'from_ms', type: 'quantitative', title: `${c.from} (ms)`, scale: { type: 'log', domain }, axis: { format: '~g', labelOverlap: 'greedy', labelSeparation: 4 } },
            y: { field: 'to_ms', type: 'quantitative', title: `${c.to} (ms)`, scale: { type: 'log', domain }, axis: { format: '~g', labelOverlap: 'greedy', labelSeparation: 4 } },
            color: {
              field: 'side',
              type: 'nominal',
              title: null,
              scale: { domain: ['slower on y', 'faster or equal on y'], range: ['#d62728', '#1f77b4'] },
              legend: { orient: 'bottom' },
            },
            tooltip: [
              { field: 'function', type: 'nominal' },
              { field: 'from_ms', type: 'quantitative', format: '.3~g' },
              { field: 'to_ms', type: 'quantitative', format: '.3~g' },
              { field: 'ratio', type: 'quantitative', format: '.3~g' },
            ],
          },
        },
      ],
    },
  };
}

/** Stacked shares of functions faster / slower / >10× slower, one bar per comparison. */
export function fasterChart(comparisons: Comparison[]): ChartSpec | null {
  const usable = comparisons.filter((c) => c.summary.n > 0);
  if (!usable.length) return null;
  const rows = usable.flatMap((c) => {
    const label = `${c.from} → ${c.to} (n=${c.summary.n})`;
    const n = c.summary.n;
    const slowerUnder10 = c.summary.slower - c.summary.slower_10x;
    return [
      { comparison: label, kind: 'faster or equal', order: 0, count: n - c.summary.slower, pct: (100 * (n - c.summary.slower)) / n },
      { comparison: label, kind: 'slower (up to 10×)', order: 1, count: slowerUnder10, pct: (100 * slowerUnder10) / n },
      { comparison: label, kind: 'more than 10× slower', order: 2, count: c.summary.slower_10x, pct: (100 * c.summary.slower_10x) / n },
    ];
  });
  const total = usable.reduce((s, c) => s + c.summary.n, 0);
  return {
    id: 'faster',
    section: 'latency',
    title: '% of functions faster on the second target',
    caption:
      `Share of functions faster, slower and more than 10× slower when moving from the first target to the second, ` +
      `per comparison (${plural(usable.length, 'comparison')}, ${total} function pairs in all; n = functions timed on both).`,
    spec: {
      $schema: SCHEMA,
      width: 360,
      height: { step: 22 },
      config: CONFIG,
      data: { values: rows },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'comparison', type: 'nominal', title: null, sort: null, axis: { labelLimit: 640 } },
        x: { field: 'pct', type: 'quantitative', title: '% of functions', scale: { domain: [0, 100] }, stack: 'zero' },
        color: {
          field: 'kind',
          type: 'nominal',
          title: null,
          scale: { domain: ['faster or equal', 'slower (up to 10×)', 'more than 10× slower'], range: ['#1f77b4', '#ff9f4a', '#d62728'] },
          legend: { orient: 'bottom' },
        },
        order: { field: 'order', type: 'quantitative' },
        tooltip: [
          { field: 'comparison', type: 'nominal' },
          { field: 'kind', type: 'nominal' },
          { field: 'count', type: 'quantitative' },
          { field: 'pct', type: 'quantitative', format: '.1f' },
        ],
      },
    },
  };
}

/** Kernel density of log10 per-function latency, one curve per target of a framework. */
export function densityChart(framework: string, sets: LatencySet[]): ChartSpec | null {
  const usable = sets.filter((s) => s.values.some((v) => v.ms > 0));
  if (!usable.length) return null;
  const rows = usable.flatMap((s) => s.values.filter((v) => v.ms > 0).map((v) => ({ target: s.target, log_ms: Math.log10(v.ms) })));
  const logs = rows.map((r) => r.log_ms);
  const extent: [number, number] = [Math.floor(Math.min(...logs) - 0.5), Math.ceil(Math.max(...logs) + 0.5)];
  const ticks: number[] = [];
  for (let v = extent[0]; v <= extent[1]; v++) ticks.push(v);
  const counts = usable.map((s) => `${s.target}: ${s.values.filter((v) => v.ms > 0).length}`).join('; ');
  return {
    id: `density-${framework}`,
    section: 'latency',
    title: `${framework}: latency densities`,
    caption: `Density of per-function mean latency (log scale) on each ${framework} target, over the functions that passed there (${counts}).`,
    spec: {
      $schema: SCHEMA,
      width: 420,
      height: 200,
      config: CONFIG,
      data: { values: rows },
      transform: [{ density: 'log_ms', groupby: ['target'], bandwidth: 0.25, extent, steps: 150 }],
      mark: { type: 'line', strokeWidth: 2 },
      encoding: {
        x: { field: 'value', type: 'quantitative', title: 'latency (ms, log scale)', scale: { domain: extent, nice: false }, axis: { values: ticks, labelExpr: LOG_MS_LABEL } },
        y: { field: 'density', type: 'quantitative', title: 'density' },
        color: { field: 'target', type: 'nominal', title: null, legend: { orient: 'bottom', columns: 2 } },
      },
    },
  };
}

const STRATUM_ORDER = (s: string): number => {
  if (s === 'top-20') return 0;
  if (s === 'all') return 1;
  const m = /(\d+)/.exec(s);
  return m ? 1 + Number(m[1]) : 100;
};

function describeStrata(strata: string[]): string {
  const parts: string[] = [];
  if (strata.includes('top-20')) parts.push('for the 20 most used functions');
  if (strata.includes('all')) parts.push(parts.length ? 'all functions' : 'for all functions');
  const deciles = strata.filter((s) => /decile/.test(s)).length;
  if (deciles) parts.push(`${parts.length ? 'and ' : 'for '}each of ${deciles} frequency deciles`);
  return parts.join(', ');
}

/**
 * % of functions failing (partly or completely) per stratum and target, for one framework:
 * a heatmap (rows: targets, columns: strata), each cell labelled with its % and counts.
 */
export function stratumChart(framework: string, rows: StratumRow[]): ChartSpec | null {
  const mine = rows.filter((r) => r.framework === framework && r.functions > 0);
  if (!mine.length) return null;
  const strata = [...new Set(mine.map((r) => r.stratum))].sort((a, b) => STRATUM_ORDER(a) - STRATUM_ORDER(b));
  const targets = [...new Set(mine.map((r) => r.label))];
  const data = mine.map((r) => {
    const failing = r.partial.count + r.complete.count;
    const pct = 100 - r.pass.pct;
    return {
      stratum: r.stratum,
      target: r.label,
      functions: r.functions,
      failing,
      pct,
      text: `${pct.toFixed(0)}%`,
      counts: `${failing}/${r.functions}`,
      ci: r.pass.ci ? `${(100 - r.pass.ci.hi).toFixed(0)}–${(100 - r.pass.ci.lo).toFixed(0)}%` : 'n/a',
    };
  });
  const all = mine.filter((r) => r.stratum === 'all');
  const nAll = all.length ? Math.max(...all.map((r) => r.functions)) : Math.max(...mine.map((r) => r.functions));
  const x = { field: 'stratum', type: 'nominal' as const, title: null, sort: strata, axis: { labelAngle: 0, orient: 'top' as const, labelLimit: 90 } };
  const y = { field: 'target', type: 'nominal' as const, title: null, sort: targets, axis: { labelLimit: 420 } };
  const textColor = { condition: { test: 'datum.pct > 55', value: 'white' }, value: '#1d2330' };
  return {
    id: `strata-${framework}`,
    section: 'strata',
    title: `${framework}: failure rate by stratum`,
    caption:
      `Share of ${framework} functions failing partly or completely on each target, ${describeStrata(strata)} ` +
      `(all: up to ${plural(nAll, 'function')} per target). Each cell: % failing, then failing/functions in the stratum; ` +
      `deciles hold a handful of functions each, so their 95% intervals (in the stratum table) are wide.`,
    spec: {
      $schema: SCHEMA,
      width: { step: 64 },
      height: { step: 34 },
      config: { ...CONFIG, axis: { ...CONFIG.axis, domain: false, ticks: false } },
      data: { values: data },
      encoding: { x, y },
      layer: [
        {
          mark: { type: 'rect', stroke: 'white', strokeWidth: 2, tooltip: true },
          encoding: {
            color: { field: 'pct', type: 'quantitative', title: '% failing', scale: { domain: [0, 100], scheme: 'orangered' }, legend: { orient: 'right', gradientLength: 120 } },
            tooltip: [
              { field: 'target', type: 'nominal' },
              { field: 'stratum', type: 'nominal' },
              { field: 'failing', type: 'quantitative', title: 'functions failing' },
              { field: 'functions', type: 'quantitative' },
              { field: 'pct', type: 'quantitative', format: '.1f', title: '% failing' },
              { field: 'ci', type: 'nominal', title: '95% interval' },
            ],
          },
        },
        { mark: { type: 'text', fontSize: 11, fontWeight: 'bold', dy: -6 }, encoding: { text: { field: 'text' }, color: textColor } },
        { mark: { type: 'text', fontSize: 9, dy: 7 }, encoding: { text: { field: 'counts' }, color: textColor } },
      ],
    },
  };
}

/** Failure categories per target, stacked. */
export function categoryChart(bundle: HtmlBundle): ChartSpec | null {
  const rows = bundle.failures.filter((f) => f.count > 0);
  if (!rows.length) return null;
  const total = rows.reduce((s, r) => s + r.count, 0);
  const targets = new Set(rows.map((r) => r.label)).size;
  return {
    id: 'categories',
    section: 'failures',
    title: 'Failure categories',
    caption: `Failure categories (portabench's classifier) per target: ${total} ${bundle.failure_unit} over ${plural(targets, 'target')}.`,
    spec: {
      $schema: SCHEMA,
      width: 420,
      height: { step: 22 },
      config: CONFIG,
      data: { values: rows },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'label', type: 'nominal', title: null, axis: { labelLimit: 420 } },
        x: { field: 'count', type: 'quantitative', title: bundle.failure_unit, stack: 'zero' },
        color: { field: 'category', type: 'nominal', title: null, scale: { scheme: 'tableau10' }, legend: { orient: 'bottom', columns: 4 } },
        tooltip: [
          { field: 'label', type: 'nominal', title: 'target' },
          { field: 'category', type: 'nominal' },
          { field: 'count', type: 'quantitative' },
        ],
      },
    },
  };
}

/** Every chart the bundle has data for, in page order. */
export function chartsFor(bundle: HtmlBundle): ChartSpec[] {
  const frameworks = [...new Set([...bundle.portability.map((r) => r.framework), ...bundle.latencies.map((l) => l.framework)])].sort();
  const charts: (ChartSpec | null)[] = [
    ...frameworks.map((fw) => stratumChart(fw, bundle.strata)),
    categoryChart(bundle),
    fasterChart(bundle.comparisons),
    ...bundle.comparisons.map((c, i) => (c.functions.some((f) => f.from_ms > 0 && f.to_ms > 0) ? scatterChart(c, i) : null)),
    ...frameworks.map((fw) => densityChart(fw, bundle.latencies.filter((l) => l.framework === fw))),
  ];
  return charts.filter((c): c is ChartSpec => c !== null);
}

import { type Diff, LATENCY_TEST } from '../analysis/diff.js';
import { fmtMs, fmtRatio, type Grid } from './grids.js';
import type { Document } from './render.js';

const pct = (x: number) => `${(100 * x).toFixed(0)}%`;

/** `portabench diff` as a document: a summary per target pair, then every change. */
export function diffDocument(d: Diff): Document {
  const pairs = d.targets.map((t) => `${t.from.label} (run ${t.from.run_id}${t.from.framework_version ? `, ${t.from.framework_version}` : ''}) → ${t.to.label} (run ${t.to.run_id}${t.to.framework_version ? `, ${t.to.framework_version}` : ''})`);
  const header = [`diff ${d.from} → ${d.to}: ${d.targets.length} target pair(s); ${d.regressions ? `${d.regressions} regression(s): functions or cases that stopped passing` : 'nothing stopped passing'}`];
  const summary: Grid = {
    id: 'diff_summary',
    title: 'What changed',
    caption: `Functions and cases by the outcome they had on each side. Latency: ${LATENCY_TEST.method}; a case is reported when q ≤ ${LATENCY_TEST.fdr} and its median moved by at least ${pct(LATENCY_TEST.min_ratio - 1)}; cases with fewer than ${LATENCY_TEST.min_samples} samples on a side are not tested.`,
    head: ['from → to', 'functions stopped passing', 'started passing', 'other status changes', 'new', 'vanished', 'cases stopped passing', 'started passing', 'category changed', 'slower', 'faster', 'latency tested'],
    rows: d.targets.map((t, i) => [
      pairs[i],
      String(t.functions.stopped_passing.length),
      String(t.functions.started_passing.length),
      String(t.functions.changed.length),
      String(t.functions.new.length),
      String(t.functions.vanished.length),
      String(t.cases.stopped_passing.length),
      String(t.cases.started_passing.length),
      String(t.cases.category_changed.length),
      String(t.latency.slower.length),
      String(t.latency.faster.length),
      `${t.latency.tested} (${t.latency.untested} too few samples)`,
    ]),
    numeric: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  };
  const label = (i: number) => `${d.targets[i].from.label} → ${d.targets[i].to.label}`;
  const functions: Grid = {
    id: 'diff_functions',
    title: 'Functions whose status changed',
    caption: 'pass: every case passed; partial: some failed; complete: all failed; not_run: no case passed or failed. new / vanished: on one side only.',
    head: ['targets', 'function', 'from', 'to'],
    rows: d.targets.flatMap((t, i) => [
      ...t.functions.stopped_passing.map((f) => [label(i), f.function, f.from, f.to]),
      ...t.functions.started_passing.map((f) => [label(i), f.function, f.from, f.to]),
      ...t.functions.changed.map((f) => [label(i), f.function, f.from, f.to]),
      ...t.functions.new.map((f) => [label(i), f, '(absent)', 'new']),
      ...t.functions.vanished.map((f) => [label(i), f, 'present', '(vanished)']),
    ]),
    numeric: [],
  };
  const clip = (s: string | null) => (s ? (s.length > 120 ? `${s.slice(0, 119)}…` : s) : '');
  const cases: Grid = {
    id: 'diff_cases',
    title: 'Cases whose outcome or failure category changed',
    caption: 'outcome (category) on each side; the error is the failing side\'s.',
    head: ['targets', 'function', 'case', 'from', 'to', 'error'],
    rows: d.targets.flatMap((t, i) =>
      [...t.cases.stopped_passing, ...t.cases.started_passing, ...t.cases.category_changed].map((c) => [
        label(i),
        c.function,
        c.case,
        c.from_category ? `${c.from} (${c.from_category})` : c.from,
        c.to_category ? `${c.to} (${c.to_category})` : c.to,
        clip(c.error),
      ]),
    ),
    numeric: [],
  };
  const latency: Grid = {
    id: 'diff_latency',
    title: 'Latency changes beyond noise',
    caption: `Wall clock: the median of each side's samples; ratio = to / from (above 1: slower). ${LATENCY_TEST.method}.`,
    head: ['targets', 'function', 'case', 'from ms', 'to ms', 'ratio', 'n from', 'n to', 'q'],
    rows: d.targets.flatMap((t, i) =>
      [...t.latency.slower, ...t.latency.faster].map((x) => [label(i), x.function, x.case, fmtMs(x.from_median_ms), fmtMs(x.to_median_ms), fmtRatio(x.ratio), String(x.n_from), String(x.n_to), x.q.toExponential(1)]),
    ),
    numeric: [3, 4, 5, 6, 7, 8],
  };
  const notes = [
    ...d.config_notes,
    ...d.unmatched_from.map((l) => `only in ${d.from}: ${l} (no target with the same framework/device/mode and configuration in ${d.to})`),
    ...d.unmatched_to.map((l) => `only in ${d.to}: ${l} (no target with the same framework/device/mode and configuration in ${d.from})`),
  ];
  return { data: d, header, grids: [summary, functions, cases, latency].filter((g) => g.id === 'diff_summary' || g.rows.length), notes, csv: cases };
}

import { isStatic } from '../coverage/store.js';
import type { CategoryRow, ColdWarmRow, CompiledOnlyRow, Comparison, DeclarationRow, PortabilityRow, Share, StateLeakRow, StratumRow, UsageRow } from '../analysis/index.js';
import { BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED } from '../analysis/bootstrap.js';
import { CI_METHOD } from '../analysis/index.js';
import type { TargetIdentity } from '../analysis/dataset.js';
import type { AllTables } from '../analysis/report.js';
import type { BrokenTests } from '../analysis/broken-tests.js';
import type { CalibrationRow } from '../analysis/calibration.js';
import { changeList, leakText } from '../model/state-changes.js';
import { formatTargetId } from '../model/target-id.js';
import { isMeasuredMode } from '../model/vocabulary.js';

/** A table in a format-neutral form: renderers for text, Markdown, LaTeX and CSV draw it. */
export interface Grid {
  id: string;
  title: string;
  caption: string;
  head: string[];
  rows: string[][];
  /** Columns holding numbers (right-aligned). */
  numeric: number[];
}

const f1 = (x: number) => x.toFixed(1);

export function shareCell(s: Share): string {
  return `${s.count} (${f1(s.pct)}% [${f1(s.ci95[0])}–${f1(s.ci95[1])}])`;
}

export function fmtMs(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '–';
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toPrecision(3);
}

export function fmtRatio(r: number | null | undefined): string {
  if (r == null || !Number.isFinite(r)) return '–';
  return r >= 100 ? `${r.toFixed(0)}×` : r >= 10 ? `${r.toFixed(1)}×` : `${r.toFixed(2)}×`;
}

export function targetName(t: Pick<TargetIdentity, 'framework' | 'device' | 'mode' | 'hardware'> & Partial<Pick<TargetIdentity, 'config'>>): string {
  return formatTargetId(t);
}

const ciNote = `95% intervals: ${CI_METHOD.method}, ${CI_METHOD.resamples} resamples, seed ${CI_METHOD.seed}; few functions give wide intervals.`;

export function portabilityGrid(rows: PortabilityRow[]): Grid {
  const statics = rows.some((r) => isStatic(r.origin))
    ? ' Rows in mode "static" are not measured: they are read from a framework build\'s own registry or test declarations (named in the hardware column); a case there passes when the operator (× dtype) is registered or declared.'
    : '';
  const compiledOnly = [...new Set(rows.filter((r) => !isStatic(r.origin) && !isMeasuredMode(r.mode)).map((r) => r.mode))];
  const deviceless = compiledOnly.length
    ? ` Rows in mode ${compiledOnly.map((m) => `"${m}"`).join(', ')} are not measured: the cases were compiled (or lowered) for the device on this machine, without it; a case passes when the framework's compiler accepts its timed call, and nothing after that call ran.`
    : '';
  return {
    id: 'portability',
    title: 'Portability: functions passing / failing partly / failing completely',
    caption: `Per framework × device × mode × hardware (one row per run). A function passes when all its cases pass, fails partly when some fail, completely when all fail. Percentages are of the functions that ran (at least one case passed or failed: the "ran" column); "not run" counts the others (every case skipped, or its file did not import), left out of the percentages.${statics}${deviceless} ${ciNote}`,
    head: ['run', 'framework', 'device', 'mode', 'hardware', 'ran', 'pass', 'partial', 'complete', 'fail partly or fully', 'not run'],
    rows: rows.map((r) => [String(r.run_id), r.framework, r.device, r.mode, r.hardware ?? '', String(r.functions), shareCell(r.pass), shareCell(r.partial), shareCell(r.complete), shareCell(r.failing), String(r.not_run)]),
    numeric: [0, 5, 10],
  };
}

function stratumLabel(s: string): string {
  if (s === 'all') return 'all';
  if (s === 'top20') return 'top 20';
  return `decile ${s.split(':')[1]}`;
}

export function strataGrid(rows: StratumRow[]): Grid {
  return {
    id: 'strata',
    title: 'Portability by stratum: top 20 vs all, by frequency decile',
    caption: `Deciles of usage frequency as the study numbers them (10 = least used, 100 = most used). ${ciNote}`,
    head: ['run', 'target', 'stratum', 'functions', 'pass', 'partial', 'complete', 'fail partly or fully'],
    rows: rows.map((r) => [String(r.run_id), targetName(r), stratumLabel(r.stratum), String(r.functions), shareCell(r.pass), shareCell(r.partial), shareCell(r.complete), shareCell(r.failing)]),
    numeric: [0, 3],
  };
}

export function categoriesGrid(rows: CategoryRow[]): Grid {
  const cats = [...new Set(rows.flatMap((r) => Object.keys(r.categories)))].sort();
  return {
    id: 'failure_categories',
    title: 'Failure categories per framework × device',
    caption: 'Failed cases per category (functions with such a failure in parentheses), as portabench\'s classifier assigns them from the stored error texts.',
    head: ['run', 'target', 'failed cases', 'failed functions', ...cats],
    rows: rows.map((r) => [String(r.run_id), targetName(r), String(r.failed_cases), String(r.failed_functions), ...cats.map((c) => (r.categories[c] ? `${r.categories[c].cases} (${r.categories[c].functions})` : '0'))]),
    numeric: [0, 2, 3],
  };
}

export function coldWarmGrid(rows: ColdWarmRow[]): Grid {
  return {
    id: 'cold_warm',
    title: 'Cold vs warm latency',
    caption: 'Wall clock. Cold: the first call (compilation, kernel loading); warm: the median of the repetitions. Ratio cold / warm per function, summarised over functions.',
    head: ['run', 'target', 'functions', 'median cold/warm', 'geometric mean', 'largest'],
    rows: rows.map((r) => [String(r.run_id), targetName(r), String(r.functions.length), fmtRatio(r.median_ratio), fmtRatio(r.geomean_ratio), r.functions[0] ? `${r.functions[0].function} ${fmtRatio(r.functions[0].ratio)}` : '']),
    numeric: [0, 2],
  };
}

const MAX_LISTED = 40;
const clipText = (s: string | null, max = 120) => (s ? (s.length > max ? `${s.slice(0, max - 1)}…` : s) : '');

export function declarationsGrids(rows: DeclarationRow[]): Grid[] {
  if (!rows.length) return [];
  const summary: Grid = {
    id: 'declarations',
    title: 'Declared against actual (generated suites)',
    caption:
      'What the framework declares for the device (OpInfo dtypes and expected failures, JAX harness limitations, NumPy accepting the inputs) against what ran. A declared case that fails, or an undeclared one that works (a stale declaration), is a finding; an undeclared case that fails is expected. The last two columns count functions over the cases declared for the CPU, the reference platform: a dtype an op takes nowhere is no portability question, so the portability table above (every case) reads higher for generated suites.',
    head: ['run', 'target', 'as declared', 'declared but fails', 'expected failures', 'undeclared but works', 'no declaration', 'functions with a failing declared case', 'functions with a stale declaration', 'functions (cases declared on cpu)', 'of them failing partly or fully'],
    rows: rows.map((r) => {
      const a = r.applicable;
      const failing = a.partial + a.complete;
      return [String(r.run_id), targetName(r), String(r.cases.as_declared), String(r.cases.declared_but_fails), String(r.cases.expected_failure), String(r.cases.undeclared_but_works), String(r.cases.no_declaration), String(r.functions_declared_but_failing), String(r.functions_undeclared_but_working), String(a.functions), `${failing} (${a.functions ? ((100 * failing) / a.functions).toFixed(1) : '–'}%)`];
    }),
    numeric: [0, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  };
  const all = rows.flatMap((r) => r.findings.map((f) => ({ r, f })));
  const findings: Grid = {
    id: 'declaration_findings',
    title: 'Findings: declared but failing, undeclared but working',
    caption: all.length > MAX_LISTED ? `The first ${MAX_LISTED} of ${all.length}; --format json lists them all.` : 'Every finding.',
    head: ['target', 'function', 'case', 'finding', 'category', 'error'],
    rows: all.slice(0, MAX_LISTED).map(({ r, f }) => [targetName(r), f.function, f.case, f.verdict.replace(/_/g, ' '), f.category ?? '', clipText(f.error)]),
    numeric: [],
  };
  return all.length ? [summary, findings] : [summary];
}

export function compiledOnlyGrid(rows: CompiledOnlyRow[]): Grid[] {
  const all = rows.flatMap((r) => r.failures.map((f) => ({ r, f })));
  if (!all.length) return [];
  return [
    {
      id: 'compiled_only',
      title: 'Failing only when compiled',
      caption: `Cases that pass in eager mode and fail compiled, on the same framework and device (the eager run of the same run, else the latest eager run of the same build on the same hardware)${all.length > MAX_LISTED ? ` (the first ${MAX_LISTED} of ${all.length}; --format json lists them all)` : ''}.`,
      head: ['target', 'function', 'case', 'category', 'error'],
      rows: all.slice(0, MAX_LISTED).map(({ r, f }) => [targetName(r), f.function, f.case, f.category ?? '', clipText(f.error)]),
      numeric: [],
    },
  ];
}

const pctCell = (x: number | null) => (x == null ? '–' : `${(100 * x).toFixed(1)}%`);

export function usageGrid(rows: UsageRow[]): Grid[] {
  if (!rows.length) return [];
  return [
    {
      id: 'usage',
      title: 'Usage-weighted portability: the share of real-world calls that would hit a failing function',
      caption: `Calls: the corpus's calls to functions that ran on the target; failing: to functions that fail partly or completely there (95% percentile bootstrap over functions, ${BOOTSTRAP_RESAMPLES} resamples, seed ${BOOTSTRAP_SEED}). Unweighted: the share of the target's functions that fail, every function counted once. Files: files of the corpus calling a function that ran there, and of those, files calling a failing one (known for corpora mined by portabench; a study frequency file counts bare names and no files).`,
      head: ['run', 'target', 'corpus', 'functions used', 'calls', 'calls failing', 'weighted share failing', 'unweighted share failing', 'files', 'files failing'],
      rows: rows.map((r) => {
        const u = r.usage;
        const ci = u.interval ? ` [${pctCell(u.interval[0])}–${pctCell(u.interval[1])}]` : '';
        return [String(r.run_id), targetName(r), u.corpus.split('/').pop() ?? u.corpus, String(u.functions), String(u.calls), String(u.calls_failing), `${pctCell(u.share_failing)}${ci}`, pctCell(u.unweighted_share_failing), u.files == null ? '–' : String(u.files), u.files_failing == null ? '–' : String(u.files_failing)];
      }),
      numeric: [0, 3, 4, 5, 8, 9],
    },
  ];
}

/** Broken tests (outcome test_error) in their own tables: never counted as the device's failures. */
export function brokenTestsGrids(b: BrokenTests): Grid[] {
  if (!b.tests.length) return [];
  return [
    {
      id: 'broken_tests',
      title: "Broken tests: failures that are the test's own fault, not the device's",
      caption:
        "A case is a broken test when its exception was raised by the test's or the harness's own code (a wrong call of its own helper, an undefined name), when it fails the same way on the CPU of the same framework version, or, in imported data, with the same error on every device of the source. Such cases are neither passes nor failures: they are left out of every table above. status: without them; as recorded: with them counted as failures.",
      head: ['run', 'target', 'function', 'broken cases', 'status', 'as recorded', 'reason'],
      rows: b.tests.map((r) => [String(r.run_id), targetName(r), r.function, `${r.cases}/${r.of}`, r.status.replace('_', ' '), r.recorded_status.replace('_', ' '), clipText(r.reason)]),
      numeric: [0],
    },
    {
      id: 'recorded_counts',
      title: 'Failing functions as recorded, and with broken tests told apart',
      caption: 'Per target with broken tests: functions failing partly or completely as the data counts them (for the 2023 study\'s data, the study\'s own count) and once the broken tests are left out.',
      head: ['run', 'target', 'counted by', 'failing (recorded)', 'failing (corrected)', 'complete (recorded)', 'complete (corrected)', 'broken functions', 'broken cases'],
      rows: b.counts.map((r) => [String(r.run_id), targetName(r), r.counted_by, String(r.failing_recorded), String(r.failing_corrected), String(r.complete_recorded), String(r.complete_corrected), String(r.broken_functions), String(r.broken_cases)]),
      numeric: [0, 3, 4, 5, 6, 7, 8],
    },
  ];
}

export function stateLeaksGrid(rows: StateLeakRow[]): Grid[] {
  const all = rows.flatMap((r) => r.leaks.map((l) => ({ r, l })));
  if (!all.length) return [];
  return [
    {
      id: 'state_leaks',
      title: 'Cases that leak state',
      caption: `Cases that changed process-wide state (default dtype, grad mode, config flags, warnings filters, NumPy errstate, environment, replaced module attributes). The worker set it back after each, so no other case's verdict depends on it; run elsewhere (one pytest process) they would change their neighbours' results: fix the test${all.length > MAX_LISTED ? ` (the first ${MAX_LISTED} of ${all.length}; --format json lists them all)` : ''}.`,
      head: ['target', 'function', 'case', 'outcome', 'what changed', 'before → after'],
      rows: all.slice(0, MAX_LISTED).map(({ r, l }) => [targetName(r), l.function, l.case, l.outcome ?? '', clipText(leakText(l.changes), 160), clipText(changeList(l.changes), 200)]),
      numeric: [],
    },
  ];
}

const share = (n: number, of: number) => (of ? `${n}/${of} (${pctCell(n / of)})` : '–');
const rate = (v: number | null) => (v == null ? '–' : pctCell(v));

/** Unmeasured evidence against measurements: how far to trust each level. */
export function calibrationGrid(rows: CalibrationRow[]): Grid[] {
  if (!rows.length) return [];
  return [
    {
      id: 'calibration',
      title: 'Calibration: evidence that did not run, against measurements',
      caption:
        'Each unmeasured target (static coverage, or compiled/lowered for the device without it) against a measured target of the same framework on the same device, over the functions (and the cases, by name) both have a verdict for. A function fails when one of its cases fails. precision: of the functions the unmeasured level says fail, the share that fail measured; recall: of the functions that fail measured, the share it caught.',
      head: ['level', 'unmeasured', 'measured', 'functions agree', 'precision (fails)', 'recall (fails)', 'cases agree', 'note'],
      rows: rows.map((r) => [r.level, targetName(r.predicted), targetName(r.measured), share(r.functions.agree, r.functions.common), rate(r.functions.precision), rate(r.functions.recall), share(r.cases.agree, r.cases.common), r.note ?? '']),
      numeric: [],
    },
  ];
}

export function tableGrids(t: AllTables): Grid[] {
  const grids = [portabilityGrid(t.portability), ...usageGrid(t.usage), strataGrid(t.strata), categoriesGrid(t.failure_categories)];
  if (t.cold_warm.length) grids.push(coldWarmGrid(t.cold_warm));
  grids.push(...declarationsGrids(t.declarations), ...compiledOnlyGrid(t.compiled_only), ...stateLeaksGrid(t.state_leaks), ...calibrationGrid(t.calibration));
  return grids;
}

/** A comparison: its summary and its per-function table. */
export function comparisonGrids(c: Comparison): Grid[] {
  const s = c.summary;
  const m = s.median_based;
  const from = `${targetName(c.from)} (run ${c.from.run_id})`;
  const to = `${targetName(c.to)} (run ${c.to.run_id})`;
  const line = (label: string, a: string, b: string) => [label, a, b];
  const summary: Grid = {
    id: 'comparison_summary',
    title: `Latency: ${from} → ${to}`,
    caption: `Wall-clock latency (the device synchronised around each call). Per function, latency is the mean over its cases (passing on both sides) of each case's mean operation time (the study's convention); the median-based figure takes the median over cases of each case's median. Ratio = to / from: above 1, slower on ${targetName(c.to)}. ${s.n} functions compared; ${s.only_from} only on "from", ${s.only_to} only on "to", ${s.no_common_cases} with no case usable on both.`,
    head: ['', 'mean-based', 'median-based'],
    rows: [
      line('functions compared', String(s.n), String(m.n)),
      line('slower (ratio > 1)', `${s.slower} (${f1(s.pct_slower)}%)`, `${m.slower} (${f1(m.pct_slower)}%)`),
      line('more than 10× slower', String(s.slower_10x), String(m.slower_10x)),
      line('faster (ratio < 1)', String(s.faster), String(m.faster)),
      line('at least 1.5× faster', String(s.faster_1_5x), String(m.faster_1_5x)),
      line('geometric mean ratio', fmtRatio(s.geomean_ratio), fmtRatio(m.geomean_ratio)),
      line('median ratio', fmtRatio(s.median_ratio), fmtRatio(m.median_ratio)),
      line('largest ratio', s.largest ? `${s.largest.function} ${fmtRatio(s.largest.ratio)}` : '–', m.largest ? `${m.largest.function} ${fmtRatio(m.largest.ratio)}` : '–'),
      line('smallest ratio', s.smallest ? `${s.smallest.function} ${fmtRatio(s.smallest.ratio)}` : '–', m.smallest ? `${m.smallest.function} ${fmtRatio(m.smallest.ratio)}` : '–'),
    ],
    numeric: [1, 2],
  };
  const functions: Grid = {
    id: 'comparison_functions',
    title: 'Per function (ms)',
    caption: `from = ${from}, to = ${to}; sorted by ratio, largest first.`,
    head: ['function', 'cases', 'from ms', 'to ms', 'ratio', 'from median ms', 'to median ms', 'median ratio'],
    rows: c.functions.map((x) => [x.function, String(x.cases), fmtMs(x.from_ms), fmtMs(x.to_ms), fmtRatio(x.ratio), fmtMs(x.from_median_ms), fmtMs(x.to_median_ms), fmtRatio(x.ratio_median)]),
    numeric: [1, 2, 3, 4, 5, 6, 7],
  };
  return [summary, functions];
}

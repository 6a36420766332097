import type { Dataset } from '../analysis/dataset.js';
import type { Report } from '../analysis/report.js';
import { isStatic } from '../coverage/store.js';
import { leakText } from '../model/state-changes.js';
import { datasetModelTables, modelGrids, modelNotes } from '../models/tables.js';
import { formatConfig } from '../model/target-id.js';
import { fingerprintLines } from '../runner/fingerprint.js';
import { brokenTestsGrids, type Grid, portabilityGrid, stateLeaksGrid, tableGrids } from './grids.js';
import type { HtmlBundleOptions } from './html.js';
import { FormatError, type Document } from './render.js';
import { FAILURE_HEADER, failureRows } from './rows.js';

export interface ReportDocumentOptions {
  /** Only the portability table and the failing functions (what `run` prints when it ends). */
  brief?: boolean;
  html?: HtmlBundleOptions;
}

/**
 * The HTML report's renderer, loaded when asked for: it needs Vega and Vega-Lite, which a
 * pack built without --with-html leaves out.
 */
async function htmlRenderer(): Promise<typeof import('./html.js')> {
  try {
    return await import('./html.js');
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') {
      throw new FormatError(`the HTML report needs Vega, which this portabench does not have (${(e as Error).message.split('\n')[0]}): a pack must be built with "portabench pack --with-html"; or export the run ("portabench export") and make the report where portabench is installed`);
    }
    throw e;
  }
}

const clip = (s: string, max = 160) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

function failuresGrid(report: Report): Grid {
  return {
    id: 'failing_functions',
    title: 'Functions that do not pass',
    caption: 'failed cases: failed / (passed + failed); "not run": no case passed or failed (all skipped, or the file did not import).',
    head: FAILURE_HEADER,
    rows: failureRows(report).map((r) => r.map((c, i) => (i === r.length - 1 ? clip(c) : c))),
    numeric: [],
  };
}

/** Per target id and function: what its cases leaked ("case: leaks state: …"). */
function leaksByFunction(report: Report): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of report.state_leaks) {
    for (const l of r.leaks) {
      const key = `${r.target_id}\0${l.function}`;
      const text = `${l.case}: ${leakText(l.changes)}`;
      out.set(key, out.has(key) ? `${out.get(key)}; ${text}` : text);
    }
  }
  return out;
}

/** One row per target × function: what a notebook wants (`report --format csv`). */
function functionsGrid(report: Report): Grid {
  const head = ['run_id', 'framework', 'framework_version', 'device', 'hardware', 'mode', 'function', 'status', 'passed', 'failed', 'skipped', 'errors', 'test_errors', 'unknown', 'recorded_status', 'categories', 'latency_mean_ms', 'latency_median_ms', 'leaks_state'];
  const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const leaks = leaksByFunction(report);
  const rows: string[][] = [];
  for (const t of report.targets) {
    for (const f of t.functions) {
      const cats = [...new Set(f.failures.map((x) => x.category ?? x.outcome))].join(' ');
      rows.push([t.run_id, t.framework, t.framework_version, t.device, t.hardware, t.mode, f.function, f.status, f.cases.passed, f.cases.failed, f.cases.skipped, f.cases.errors, f.cases.test_errors, f.cases.unknown, f.raw_status ?? f.status, cats, f.latency_ms?.mean, f.latency_ms?.median, leaks.get(`${t.target_id}\0${f.function}`)].map(cell));
    }
  }
  return { id: 'functions', title: 'Functions per target', caption: '', head, rows, numeric: [] };
}

/** The report as a document: fingerprints, the analysis tables, the failing functions, problems; HTML with charts. */
export function reportDocument(report: Report, dataset: Dataset, opts: ReportDocumentOptions = {}): Document {
  if (!report.targets.length) return { data: report, header: ['No results yet: run "npx portabench run" first.'], grids: [] };
  const header = report.targets
    .filter((t) => t.framework_version && t.fingerprint && !isStatic(t.origin))
    .flatMap((t) => fingerprintLines(`${t.framework}/${t.device}/${t.mode}${formatConfig(t.fingerprint.framework.config)}`, t.fingerprint));
  const grids = opts.brief ? [portabilityGrid(report.portability), ...stateLeaksGrid(report.state_leaks)] : tableGrids(report);
  const failing = failuresGrid(report);
  if (failing.rows.length) grids.push(failing);
  grids.push(...brokenTestsGrids(report.broken_tests));
  const models = opts.brief ? null : datasetModelTables(dataset);
  if (models) grids.push(...modelGrids(models));
  return {
    data: models ? { ...report, models: { summary: models.summary, models: models.models, operators: models.operators, compiled: models.compiled, verdicts: models.verdicts } } : report,
    header,
    grids,
    notes: [...report.targets.filter((t) => t.problem).map((t) => `! ${t.framework}/${t.device}/${t.mode}: ${t.problem}`), ...(models ? modelNotes(models) : [])],
    csv: functionsGrid(report),
    html: async () => (await htmlRenderer()).renderHtml((await htmlRenderer()).buildHtmlBundle(dataset, report, opts.html)),
  };
}

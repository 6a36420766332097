import type { CalibrationRow } from '../analysis/calibration.js';
import { modelSiteLines, modelSitesGrid } from '../models/check.js';
import { fmtRatio, type Grid } from '../report/grids.js';
import type { Document } from '../report/render.js';
import type { Evidence, FailureGroup } from './evidence.js';
import type { CheckedSite, CheckResult, TargetInfo, Verdict } from './join.js';
import { EVIDENCE_LEVELS } from './targets.js';

const STATUS_TEXT: Record<Evidence['status'], string> = { runs: 'runs', fails_partly: 'fails partly', fails: 'fails', no_data: 'no data' };
const pct = (x: number | null) => (x == null ? '–' : `${x.toFixed(0)}%`);
const clip = (s: string, n = 140) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** `[measured · run 10 · for-ai-portability]` */
export function evidenceText(v: Pick<Evidence, 'kind' | 'runs' | 'origins'>): string {
  if (!v.kind) return '';
  return `[${v.kind.replace(/_/g, ' ')}${v.runs.length ? ` · run${v.runs.length > 1 ? 's' : ''} ${v.runs.join(', ')}` : ''} · ${v.origins.join(', ')}]`;
}

/** `float_precision 3/8 cases (bfloat16)` */
export function failureText(f: FailureGroup): string {
  return `${f.category} ${f.cases}/${f.of} cases${f.dtypes.length ? ` (${f.dtypes.join(', ')})` : ''}`;
}

/** What a verdict says, in one phrase: `fails partly on T: float_precision 3/8 cases (bfloat16): "…"; 12.1× slower than B`. */
export function verdictText(v: Verdict): string {
  // a verdict lifted from a trace says it all in its note ("predicted to fail on T: aten::foo has no kernel there …")
  if ((v.kind === 'predicted' || v.kind === 'no_device_work') && v.note) return `${v.note} ${evidenceText(v)}`;
  let s = `${STATUS_TEXT[v.status]} on ${v.target}`;
  if (v.failures.length) s += `: ${v.failures.map(failureText).join('; ')} — ${JSON.stringify(clip(v.failures[0].example.error))}`;
  if (v.note) s += ` (${v.note})`;
  if (v.latency) s += `; ${fmtRatio(v.latency.ratio)} ${v.latency.ratio >= 1 ? 'slower' : 'as long'} than on ${v.latency.baseline} (${v.latency.cases} case${v.latency.cases === 1 ? '' : 's'}, runs ${v.latency.runs.join(' → ')})`;
  return `${s} ${evidenceText(v)}`.trimEnd();
}

/** Verdicts a linter line is printed for: a finding other than "no data". */
const reported = (v: Verdict) => v.findings.some((k) => k !== 'no-data');

function targetLine(t: TargetInfo): string {
  const runs = t.runs.map((r) => `run ${r.id} ${r.evidence}${r.origin === 'run' ? '' : ` (${r.origin})`}`);
  return `${t.label}: ${runs.join(', ')}`;
}

function summaryGrid(r: CheckResult): Grid {
  return {
    id: 'check_summary',
    title: 'Will this code run there?',
    caption: 'Per target, over the call sites of its framework. runs % is usage-weighted: sites whose function ran, of the sites with data.',
    head: ['target', 'call sites', 'functions', 'with data', 'runs', 'fails partly', 'fails', ...(r.baselines.length ? [`> ${r.slower_than}× slower`] : []), 'no data', 'runs %'],
    rows: r.summary.targets.map((t) => [
      t.target,
      String(t.sites),
      String(t.functions),
      `${t.sites_with_data} (${pct(t.pct_with_data)}; ${t.functions_with_data} fn)`,
      String(t.runs),
      String(t.fails_partly),
      String(t.fails),
      ...(r.baselines.length ? [String(t.slower)] : []),
      String(t.no_data),
      pct(t.pct_runs),
    ]),
    numeric: [1, 2, 4, 5, 6, 7, 8],
  };
}

/** The share of call sites by the level of evidence their verdict rests on (measured … none), per target. */
function levelsGrid(r: CheckResult): Grid {
  return {
    id: 'check_evidence_levels',
    title: 'What the answers rest on',
    caption: 'Per target, the call sites of its framework by the level of evidence of their verdict: measured (ran there), compiled (compiled for it, nothing ran), registered (a kernel registry), declared (the framework\'s own test declarations), predicted (the function\'s operators joined with their evidence there), no device work (its trace dispatches no operator), none. Predictions scored: functions with a measured verdict whose prediction agrees.',
    head: ['target', 'call sites', ...EVIDENCE_LEVELS.map((l) => l.replace(/_/g, ' ')), 'with evidence', 'predictions agree'],
    rows: r.summary.targets.map((t) => [
      t.target,
      String(t.sites),
      ...EVIDENCE_LEVELS.map((l) => `${t.levels[l]} (${pct(t.pct_levels[l])})`),
      pct(t.sites ? (100 * (t.sites - t.levels.none)) / t.sites : null),
      t.predictions.scored ? `${t.predictions.agree}/${t.predictions.scored}` : '–',
    ]),
    numeric: [1],
  };
}

function notes(r: CheckResult): string[] {
  const s = r.summary;
  const out: string[] = [];
  for (const t of s.targets) {
    const lifted = t.levels.predicted + t.levels.no_device_work;
    if (t.pct_runs != null) out.push(`${pct(t.pct_runs)} of this code's ${t.sites_with_data} framework call sites with data have passed on ${t.target} (${pct(t.pct_with_data)} of its ${t.sites} call sites have data)${lifted ? `; of them ${t.levels.predicted} predicted from their operators and ${t.levels.no_device_work} doing no device work, not run there` : ''}`);
    else out.push(`${t.target}: none of this code's ${t.sites} call sites has data there`);
  }
  for (const t of s.targets) {
    const p = t.predictions;
    if (p.scored) out.push(`${t.target}: ${p.agree} of ${p.scored} predictions agree with the measured verdict${p.disagree.length ? ` (not: ${p.disagree.slice(0, 5).map((d) => `${d.function} measured ${d.measured}, predicted ${d.predicted}`).join('; ')}${p.disagree.length > 5 ? '; …' : ''})` : ''}`);
  }
  for (const c of s.calibration) {
    const label = (t: CalibrationRow['predicted']) => `${t.framework}/${t.device}/${t.mode}${t.hardware ? `@${t.hardware}` : ''}`;
    const f = c.functions;
    const rate = (x: number | null) => (x === null ? '–' : x.toFixed(2));
    out.push(`calibration: ${label(c.predicted)} (${c.level}) agrees with ${label(c.measured)} (measured, run ${c.measured.run_id}) on ${f.agree} of ${f.common} functions; its "fails": precision ${rate(f.precision)}, recall ${rate(f.recall)}${c.note ? `; ${c.note}` : ''}`);
  }
  for (const f of s.untraced) out.push(`no traces of ${f} functions in the store: run "portabench trace-api -f ${f} --from PATH" to add what their operators predict and which do no device work`);
  for (const u of s.untargeted) out.push(`${u.sites} call sites of ${u.framework} not checked: no --target of ${u.framework}`);
  const top = s.unresolved.methods.slice(0, 8).map((m) => `${m.method} ${m.calls}`);
  if (s.unresolved.calls) out.push(`unresolved: ${s.unresolved.calls} method calls on values of unknown type, not checked (never guessed): ${top.join(', ')}${s.unresolved.methods.length > 8 ? ', …' : ''}`);
  for (const f of r.functions) for (const v of f.verdicts) if (v.status === 'no_data' && v.note?.startsWith('the test is broken')) out.push(`${f.function} (${f.sites} call site${f.sites === 1 ? '' : 's'}) on ${v.target}: ${v.note}`);
  const idle = r.functions.filter((f) => f.verdicts.length && f.verdicts.every((v) => v.kind === 'no_device_work'));
  if (idle.length) out.push(`no device work: runs wherever the framework imports (traced: no operator dispatched): ${idle.slice(0, 12).map((f) => `${f.function} (${f.sites})`).join(', ')}${idle.length > 12 ? `, … ${idle.length - 12} more` : ''}`);
  const noData = r.functions.filter((f) => f.verdicts.some((v) => v.status === 'no_data')).slice(0, 10);
  if (noData.length) out.push(`most-called functions with no data on some target: ${noData.map((f) => `${f.function} (${f.sites})`).join(', ')}`);
  for (const k of r.skipped) out.push(`${k.path}${k.at ? `:${k.at.line}:${k.at.column}` : ''}: skipped, ${k.reason.replace(/_/g, ' ')}${k.detail ? ` (${k.detail})` : ''}`);
  return out;
}

function header(r: CheckResult): string[] {
  const s = r.summary;
  return [
    `checked ${s.files} Python files (${s.files_resolved} use a framework, ${s.files_without_framework} do not, ${s.files_skipped} skipped): ${s.sites} framework call sites of ${s.functions} functions (${s.sites_via_value} of them methods on values of known type), ${s.unresolved.calls} unresolved method calls`,
    ...r.targets.map((t) => `target ${targetLine(t)}`),
    ...r.baselines.map((b) => `baseline ${b}: latency ratios over the cases measured on both; slower beyond ${r.slower_than}× is a finding`),
    ...(r.models?.length && s.model_findings
      ? [`${r.models.length} calls build a model: ${s.model_findings.fails} verdicts fail, ${s.model_findings['fails-partly']} fail partly, ${s.model_findings['no-data']} have no data (per call, target and workload; measured or predicted), counted by --fail-on and SARIF`]
      : []),
  ];
}

function siteLines(path: string, site: CheckedSite): string[] {
  return site.verdicts.filter(reported).map((v) => `${path}:${site.line}:${site.column}  ${site.function}  ${verdictText(v)}`);
}

/** Text: linter lines grouped by file, then the summary table and what it rests on. */
export function checkTextDocument(r: CheckResult): Document {
  const lines: string[] = [];
  for (const f of r.files) {
    const mine = [...f.sites.flatMap((s) => siteLines(f.path, s)), ...modelSiteLines(r.models ?? [], f.path)];
    if (mine.length) lines.push(f.path, ...mine.map((l) => `  ${l}`), '');
  }
  for (const path of new Set((r.models ?? []).map((m) => m.path))) {
    if (!r.files.some((f) => f.path === path)) lines.push(path, ...modelSiteLines(r.models!, path).map((l) => `  ${l}`), ''); // builds models, calls no framework function
  }
  return { data: r, header: [...lines, ...header(r)], grids: [summaryGrid(r), levelsGrid(r), ...(r.models?.length ? [modelSitesGrid(r.models)] : [])], notes: notes(r) };
}

/** Markdown for a pull-request comment: the summary, then one row per finding (no-data sites are counted, not listed). */
export function checkMarkdownDocument(r: CheckResult, maxRows = 200): Document {
  const rows: string[][] = [];
  for (const f of r.files) {
    for (const s of f.sites) {
      for (const v of s.verdicts.filter(reported)) {
        const detail = [v.failures.map(failureText).join('; '), v.latency && v.findings.includes('slower') ? `${fmtRatio(v.latency.ratio)} slower than ${v.latency.baseline}` : ''].filter(Boolean).join('; ');
        rows.push([`${f.path}:${s.line}:${s.column}`, `\`${s.function}\``, v.target, STATUS_TEXT[v.status], detail, evidenceText(v)]);
      }
    }
  }
  const findings: Grid = {
    id: 'check_findings',
    title: 'Call sites that fail, fail partly or are slower',
    caption: rows.length > maxRows ? `first ${maxRows} of ${rows.length}; --format json or sarif lists all` : 'every such call site',
    head: ['where', 'function', 'target', 'status', 'what fails', 'evidence'],
    rows: rows.slice(0, maxRows),
    numeric: [],
  };
  return { data: r, header: header(r), grids: [summaryGrid(r), levelsGrid(r), ...(rows.length ? [findings] : []), ...(r.models?.length ? [modelSitesGrid(r.models)] : [])], notes: notes(r) };
}

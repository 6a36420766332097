import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { classify } from '../../classify/classify.js';
import { mean } from '../../analysis/stats.js';
import type { Outcome } from '../../model/outcome.js';
import type { Store } from '../../store/store.js';
import { VERSION } from '../../version.js';
import { readReport, readTimings, skipReason, splitException, splitTimingKey, type FailureReport, type ReportTest, type TimingFile } from './files.js';
import { FunctionNames, readPaperFunctions, type StratumInfo } from './functions.js';
import { discover, type RunSource } from './layout.js';
import { originalDevice, splitDeviceToken, studyDevice } from './names.js';

export const ORIGIN = 'import:for-ai-portability';

export interface ImportOptions {
  /** paper-functions.json; default: next to the imported folder, when there. */
  functionsFile?: string | null;
  onProgress?: (e: { index: number; total: number; key: string }) => void;
}

export interface ImportedTarget {
  device: string;
  hardware: string | null;
  functions: number;
  cases: number;
  outcomes: Record<string, number>;
}

export interface ImportedRun {
  runId: number | null;
  key: string;
  framework: string;
  hardware: string;
  mode: string;
  report: string | null;
  timings: string[];
  /** imported: new; replaced: the source changed since the last import; unchanged: already imported as is; duplicate: same content as another source, not imported. */
  status: 'imported' | 'replaced' | 'unchanged' | 'duplicate';
  targets: ImportedTarget[];
  warnings: string[];
}

export interface ImportResult {
  root: string;
  functionsFile: string | null;
  runs: ImportedRun[];
  skipped: { path: string; reason: string }[];
}

interface CaseBuild {
  file: string;
  fn: string;
  name: string;
  device: string;
  params: Record<string, unknown>;
  outcome: Outcome;
  category: string | null;
  errorType: string | null;
  message: string | null;
  traceback: string | null;
  durationMs: number | null;
  samples: { rep: number; samples_ms: number[]; test_time_ms: number | null }[];
}

/** pytest's outcomes as portabench's; any other (or none) is `unknown`. */
const OUTCOME: Record<string, Outcome> = { passed: 'pass', failed: 'fail', skipped: 'skip', error: 'error', xfailed: 'skip', xpassed: 'pass' };

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function examples(items: string[], n = 3): string {
  return items.slice(0, n).join(', ') + (items.length > n ? ', …' : '');
}

/** Import the 2023 study's raw data (for-ai-portability layout) into the store: one run per report / timing set. */
export async function importForAiPortability(store: Store, dir: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const root = resolve(dir);
  const layout = discover(root);
  const functionsFile = opts.functionsFile !== undefined ? opts.functionsFile : defaultFunctionsFile(root);
  const names = new FunctionNames(functionsFile ? readPaperFunctions(functionsFile) : []);

  // Read every source first: duplicates and cross-source defects need all of them.
  const loaded = layout.sources.map((s) => ({
    source: s,
    report: s.report ? readReport(join(root, s.report)) : null,
    timings: s.timings.map((t, i) => readTimings(join(root, t), repNumber(t, i))).sort((a, b) => a.rep - b.rep),
  }));
  const result: ImportResult = { root, functionsFile, runs: [], skipped: [...layout.skipped] };
  const seenTimings = new Map<string, string>();
  const reportOwners = new Map<string, string[]>();
  for (const l of loaded) if (l.report) reportOwners.set(l.report.hash, [...(reportOwners.get(l.report.hash) ?? []), l.source.report!]);

  for (const [index, l] of loaded.entries()) {
    const { source } = l;
    opts.onProgress?.({ index, total: loaded.length, key: source.key });
    const base: ImportedRun = { runId: null, key: source.key, framework: source.framework, hardware: source.vm.hardware, mode: source.mode, report: source.report, timings: source.timings, status: 'imported', targets: [], warnings: [] };
    const timingHash = l.timings.map((t) => t.hash).join(',');
    // A report alone that is a byte-identical copy of a report paired with timings in the same VM adds nothing.
    if (l.report && !l.timings.length) {
      const twin = loaded.find((o) => o !== l && o.report?.hash === l.report!.hash && o.timings.length && o.source.vm.folder === source.vm.folder && o.source.framework === source.framework);
      if (twin) {
        result.runs.push({ ...base, status: 'duplicate', warnings: [`${source.report} is a byte-identical copy of ${twin.source.report}: imported once, with ${twin.source.key}`] });
        continue;
      }
    }
    if (l.timings.length && !l.report) {
      const twin = seenTimings.get(timingHash);
      if (twin) {
        result.runs.push({ ...base, status: 'duplicate', warnings: [`timing files ${examples(source.timings)} are byte-identical copies of ${twin}'s: imported once`] });
        continue;
      }
    }
    if (l.timings.length) seenTimings.set(timingHash, source.key);
    const warnings = defects(l.report, l.timings, source, reportOwners);
    const hash = sha([source.key, l.report?.hash ?? '', timingHash, JSON.stringify(functionsFile ? names.entriesFor(source.framework) : [])].join('\n'));
    const existing = (await store.listRuns({ origin: ORIGIN })).filter((r) => parseOptions(r.options).key === source.key);
    if (existing.some((r) => parseOptions(r.options).hash === hash)) {
      const run = existing.find((r) => parseOptions(r.options).hash === hash)!;
      result.runs.push({ ...base, runId: run.id, status: 'unchanged', targets: await targetCounts(store, run.id), warnings });
      continue;
    }
    for (const r of existing) await store.deleteRun(r.id);
    const cases = buildCases(l.report, l.timings, source, names, warnings);
    const strata: Record<string, StratumInfo> = {};
    for (const c of cases) {
      const s = names.stratum(source.framework, c.file);
      if (s) strata[c.fn] = s;
    }
    const runId = await store.createRun({
      suite: `for-ai-portability/${source.framework}`,
      suitePath: root,
      suiteHash: hash,
      portabenchVersion: VERSION,
      origin: ORIGIN,
      createdAt: l.report?.created ? new Date(l.report.created * 1000).toISOString() : undefined,
      fingerprint: { source: 'for-ai-portability', vm: source.vm.folder, hardware: source.vm.hardware, environment: l.report?.environment ?? null },
      options: { importer: 'for-ai-portability', key: source.key, hash, report: source.report, timings: source.timings, vm: source.vm, mode: source.mode, warnings, strata },
    });
    const targets = await writeCases(store, runId, source, cases);
    await store.setRunStatus(runId, 'finished');
    result.runs.push({ ...base, runId, status: existing.length ? 'replaced' : 'imported', targets, warnings });
  }
  return result;
}

function defaultFunctionsFile(root: string): string | null {
  for (const p of [join(root, 'paper-functions.json'), join(dirname(root), 'paper-functions.json')]) if (existsSync(p)) return p;
  return null;
}

function repNumber(path: string, i: number): number {
  const m = /_(\d+)\.json$/.exec(path);
  return m ? Number(m[1]) : i + 1;
}

function parseOptions(text: string): { key?: string; hash?: string } {
  try {
    return JSON.parse(text) ?? {};
  } catch {
    return {};
  }
}

/** Defects of the data itself: disagreements between a report and its timing files, copies, partial files. */
function defects(report: FailureReport | null, timings: TimingFile[], source: RunSource, owners: Map<string, string[]>): string[] {
  const out: string[] = [];
  if (report) {
    const copies = (owners.get(report.hash) ?? []).filter((p) => p !== source.report);
    if (copies.length) out.push(`${source.report} is byte-identical to ${copies.join(', ')}: its outcomes may belong to another machine (imported as they are)`);
    const counted: Record<string, number> = {};
    for (const t of report.tests) counted[t.outcome] = (counted[t.outcome] ?? 0) + 1;
    const diffs = ['passed', 'failed', 'skipped'].filter((k) => (report.summary[k] ?? 0) !== (counted[k] ?? 0)).map((k) => `${k} ${report.summary[k] ?? 0} vs ${counted[k] ?? 0}`);
    if (diffs.length) out.push(`${source.report}: its summary disagrees with its own test list (${diffs.join(', ')})`);
  }
  if (timings.length > 1) {
    const sizes = timings.map((t) => t.entries.size);
    if (new Set(sizes).size > 1) out.push(`timing runs hold different sub-tests: ${timings.map((t) => `${t.path.split('/').pop()} ${t.entries.size}`).join(', ')} (pooled as they are)`);
  }
  if (report && timings.length) {
    const inReport = new Set(report.tests.map((t) => `${t.file}:${t.method}`));
    const inTimings = new Set(timings.flatMap((t) => [...t.entries.keys()]));
    const missing = [...inReport].filter((k) => !inTimings.has(k));
    const extra = [...inTimings].filter((k) => !inReport.has(k));
    if (missing.length) out.push(`${missing.length} sub-test(s) of ${source.report} are in none of its timing files (${examples(missing)})`);
    if (extra.length) out.push(`${extra.length} timed sub-test(s) are not in ${source.report} (${examples(extra)}): imported with outcome "unknown"`);
  }
  if (!report && timings.length) out.push(`no failure report for ${examples(source.timings, 1).replace(/_\d+\.json.*/, '_*.json')}: outcomes unknown, timings imported (latency comparisons use the sub-tests that recorded operations)`);
  return out;
}

function buildCases(report: FailureReport | null, timings: TimingFile[], source: RunSource, names: FunctionNames, warnings: string[]): CaseBuild[] {
  const tests = new Map<string, ReportTest[]>();
  for (const t of report?.tests ?? []) {
    const k = `${t.file}:${t.method}`;
    tests.set(k, [...(tests.get(k) ?? []), t]);
  }
  const keys = new Set<string>([...tests.keys(), ...timings.flatMap((t) => [...t.entries.keys()])]);
  const out: CaseBuild[] = [];
  let shared = 0;
  const strayDevices = new Map<string, number>();
  for (const key of keys) {
    const [file, method] = splitTimingKey(key);
    const split = splitDeviceToken(source.framework, method);
    const device = split.token ? studyDevice(split.token) : source.device;
    if (device !== source.device && device !== 'cpu') strayDevices.set(device, (strayDevices.get(device) ?? 0) + 1);
    const fn = names.name(source.framework, file);
    const samples = timings
      .filter((t) => t.entries.has(key))
      .map((t) => {
        const e = t.entries.get(key)!;
        return { rep: t.rep, samples_ms: e.ops.map((s) => s * 1000), test_time_ms: e.testTimeS == null ? null : e.testTimeS * 1000 };
      });
    const list = tests.get(key) ?? [];
    if (list.length > 1) shared += list.length - 1;
    // Timing files are keyed by file and method: the last test of that name (pytest order) wrote them.
    const entries: (ReportTest | null)[] = list.length ? list : [null];
    entries.forEach((t, i) => {
      const last = i === entries.length - 1;
      const name = last ? split.name : `${split.name} [${t?.cls ?? i}]`;
      out.push(caseOf(file, fn, name, device, split, t, last ? samples : [], source));
    });
  }
  if (shared) warnings.push(`${shared} sub-test(s) share file and method name with another test class's; timing files cannot tell them apart, so only the last of each got timings (the others are named "<method> [<Class>]")`);
  for (const [device, n] of strayDevices) warnings.push(`${n} sub-test(s) name device ${device} on the ${source.vm.hardware} VM: imported as a ${device} target with no hardware`);
  return out;
}

function caseOf(file: string, fn: string, name: string, device: string, split: ReturnType<typeof splitDeviceToken>, t: ReportTest | null, samples: CaseBuild['samples'], source: RunSource): CaseBuild {
  const outcome = t ? (OUTCOME[t.outcome] ?? 'unknown') : 'unknown';
  let errorType: string | null = null;
  let message: string | null = null;
  let traceback: string | null = null;
  if (t && (outcome === 'fail' || outcome === 'error')) {
    ({ type: errorType, message } = splitException(t.crash));
    traceback = t.longrepr;
    if (!message && traceback) message = traceback.trimEnd().split('\n').pop() ?? null;
  } else if (t && outcome === 'skip') message = skipReason(t.longrepr);
  const category = outcome === 'fail' || outcome === 'error' ? classify({ outcome: 'fail', errorType, message, traceback, framework: source.framework }) : null;
  const testTimes = samples.map((s) => s.test_time_ms).filter((x): x is number => x != null);
  return {
    file,
    fn,
    name,
    device,
    params: { class: t?.cls ?? null, device_token: split.token, dtype: split.dtype, reps: samples.length },
    outcome,
    category,
    errorType,
    message,
    traceback,
    durationMs: t?.durationS != null ? t.durationS * 1000 : testTimes.length ? mean(testTimes) : null,
    samples,
  };
}

/** `original_device` for the target's build where the study named the device otherwise (the TPU: `xla`). */
function originalDeviceOf(device: string): { original_device?: string } {
  const original = originalDevice(device);
  return original ? { original_device: original } : {};
}

function hardwareOf(device: string, source: RunSource): string | null {
  if (device === source.vm.device) return source.vm.hardware;
  if (device === 'cpu') return `CPU (${source.vm.short} VM)`;
  return null;
}

async function writeCases(store: Store, runId: number, source: RunSource, cases: CaseBuild[]): Promise<ImportedTarget[]> {
  const devices = [...new Set(cases.map((c) => c.device))].sort();
  const summary: ImportedTarget[] = [];
  for (const device of devices) {
    const target = await store.target(runId, { framework: source.framework, device, mode: source.mode });
    const hardware = hardwareOf(device, source);
    await store.updateTarget(target.id, { hardware, status: 'done', build: { source: 'for-ai-portability', vm: source.vm.folder, assumed: source.vm.assumed ?? null, ...originalDeviceOf(device) } });
    const mine = cases.filter((c) => c.device === device);
    const outcomes: Record<string, number> = {};
    for (const c of mine) outcomes[c.outcome] = (outcomes[c.outcome] ?? 0) + 1;
    await store.recordCases(
      target.id,
      mine.map((c) => ({
        case: { file: c.file, function: c.fn, name: c.name, params: c.params, line: null },
        result: {
          outcome: c.outcome,
          category: c.category,
          errorType: c.errorType,
          errorMessage: c.message,
          traceback: c.traceback,
          durationMs: c.durationMs,
          // each repetition of the study timed the same region: pooled by summarizeCase
          samples: c.samples.length ? c.samples.map((x) => ({ ...x, region: 0, cold_ms: null })) : null,
        },
      })),
    );
    summary.push({ device, hardware, functions: new Set(mine.map((c) => c.fn)).size, cases: mine.length, outcomes });
  }
  return summary;
}

async function targetCounts(store: Store, runId: number): Promise<ImportedTarget[]> {
  const out: ImportedTarget[] = [];
  for (const t of await store.targets([runId])) {
    const cases = await store.casesWithResults(t.id);
    const outcomes: Record<string, number> = {};
    for (const c of cases) outcomes[c.result?.outcome ?? 'none'] = (outcomes[c.result?.outcome ?? 'none'] ?? 0) + 1;
    out.push({ device: t.device, hardware: t.hardware, functions: new Set(cases.map((c) => c.function)).size, cases: cases.length, outcomes });
  }
  return out;
}


import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { FRAMEWORKS } from '../envs/frameworks.js';
import { Listed, type StateChange } from '../runner/protocol.js';
import { runCase, type CaseRun } from '../runner/run-case.js';
import type { TimingPolicy } from '../runner/timing-policy.js';
import { ProtocolViolation, WorkerLost, WorkerProcess, describeExit } from '../runner/worker-process.js';
import { loadManifest, MANIFEST_FILE } from './manifest.js';
import { functionFromFileName, resolveSuiteDir } from './suite.js';

/**
 * `portabench suite check`: every test file imports, declares its FUNCTION, has at
 * least two cases, and every case calls that function inside bench.measure — checked
 * by running each case once (eager, CPU) under a tracer, not by reading the source.
 *
 * The cases run as `run` runs them: in the runner's worker (python -m portabench.worker)
 * over its protocol (sequence numbers, nonce, safeParse), through runner/run-case.ts, so
 * a case that hangs, crashes, exits or scribbles on the answer pipe has the outcome it
 * has in `run` (timeout, crash), is reported as a problem of that case, and a fresh
 * worker takes the next one. The worker adds what only the check needs when asked
 * ("check": true on list, "trace": true on run: python/portabench/check.py); this module
 * turns those facts into problems. It does not store anything.
 */

export type ProblemKind =
  | 'not_written'
  | 'import'
  | 'function'
  | 'file_name'
  | 'cases'
  | 'no_timed_region'
  | 'test_error'
  | 'not_timed'
  | 'unverified'
  | 'crash'
  | 'timeout'
  | 'leaks_state'
  | 'checker'
  | 'manifest';

export interface Problem {
  /** Path relative to the suite directory. */
  file: string;
  line: number | null;
  kind: ProblemKind;
  case?: string;
  message: string;
  /** Warnings are reported but do not fail the check. */
  severity: 'error' | 'warning';
}

export interface CaseCheck {
  name: string;
  line: number;
  /** As in `run` (a case that calls sys.exit is a crash), or not_run. */
  outcome: CaseOutcome | 'not_run';
  error?: { type: string; message: string; line?: number | null } | null;
  measures: number;
  timedCalls: number;
  untimedCalls: number;
  /** Process state the case changed (the worker restored it, or was replaced). */
  stateChanges: StateChange[];
}

type CaseOutcome = CaseRun['outcome'];

export interface FileCheck {
  file: string;
  framework: string;
  function: string | null;
  status: 'ok' | 'problems' | 'not_written';
  cases: CaseCheck[];
}

export interface SuiteCheck {
  suite: string;
  dir: string;
  files: FileCheck[];
  problems: Problem[];
  counts: { files: number; ok: number; problems: number; notWritten: number; errors: number; warnings: number };
  ok: boolean;
}

export interface CheckOptions {
  /** The interpreter per framework (null: none available). */
  pythons: Record<string, string | null>;
  /** Only these frameworks' files (default: all). */
  frameworks?: string[];
  device?: string;
  /** Seconds a case (or importing a file) may take before it is reported as a timeout and its worker replaced. */
  timeoutS?: number;
  onFile?: (file: FileCheck) => void;
}

export const TODO_MARKER = /^PORTABENCH_TODO\s*=\s*True\s*(#.*)?$/m;

/** A placeholder laid out by `suite new` and not written yet. */
export function isPlaceholder(source: string): boolean {
  return TODO_MARKER.test(source);
}

/** A case as the worker reported it: listed, then (unless its function does not resolve) run with "trace": true. */
interface RawCase {
  name: string;
  line: number;
  outcome?: CaseOutcome;
  error?: { type: string; message: string; line?: number | null } | null;
  measures?: number;
  timed_calls?: number;
  untimed_calls?: number;
  untimed_line?: number | null;
  /** The function this case names itself (generated files), and why it does not resolve. */
  function?: string | null;
  function_error?: string;
  state_changes?: StateChange[];
}

/** A file as the worker reported it: its listing with "check": true, and its cases. */
interface RawFile {
  file: string;
  function: string | null;
  function_line: number | null;
  import_error?: { type: string; message: string; line?: number | null };
  function_error?: string;
  case_count?: number;
  cases: RawCase[];
  /** Every case names its own function (add_case(…, function=…)): FUNCTION is optional. */
  generated?: boolean;
}

/** Test files of a suite, per framework (absolute paths, sorted). */
function suiteFiles(dir: string): { framework: string; path: string }[] {
  const out: { framework: string; path: string }[] = [];
  for (const fw of FRAMEWORKS) {
    const sub = join(dir, fw.suiteDir);
    if (!existsSync(sub)) continue;
    for (const f of readdirSync(sub).sort()) {
      if (f.endsWith('.py') && !f.startsWith('_')) out.push({ framework: fw.name, path: join(sub, f) });
    }
  }
  return out;
}

function declaredFunction(source: string): string | null {
  const m = /^FUNCTION\s*=\s*["']([^"']+)["']/m.exec(source);
  return m ? m[1] : null;
}

/** The cold call and one timed repetition (as the checker always ran them: a case may assert on the repetitions). */
const CHECK_TIMING: TimingPolicy = { warmup: 0, min_reps: 1, max_reps: 1, min_time_s: 0, max_time_s: 60, block: 1 };

/** A file as the check saw it, in the shape problemsOf reads; or why it could not be examined. */
type Examined = RawFile | { crashed: string };

/** Whether a listed file's cases are run: its function resolves, or each case names its own. */
function runnable(listed: Listed): NonNullable<Listed['cases']> {
  const facts = listed.check;
  if (!facts || listed.error || !(facts.generated || (listed.function && !facts.function_error))) return [];
  return (listed.cases ?? []).filter((c) => !facts.case_errors?.[c.name]);
}

/** The listing and the cases' runs as the facts problemsOf reads. */
function rawFile(file: string, listed: Listed, runs: Map<string, CaseRun>): RawFile {
  const facts = listed.check;
  const raw: RawFile = { file, function: listed.function ?? null, function_line: facts?.function_line ?? null, cases: [] };
  if (listed.error) {
    raw.import_error = { type: listed.error.type, message: listed.error.message.trim().slice(0, 2000), line: facts?.error_line ?? null };
    return raw;
  }
  if (facts?.function_error) raw.function_error = facts.function_error;
  raw.generated = !!facts?.generated;
  raw.case_count = facts?.case_count;
  raw.cases = (listed.cases ?? []).map((c) => {
    const run = runs.get(c.name);
    const trace = run?.result?.trace;
    const rc: RawCase = { name: c.name, line: c.line ?? 0, function: c.function ?? null, function_error: facts?.case_errors?.[c.name] };
    if (!run) return rc;
    return {
      ...rc,
      outcome: run.outcome,
      error: run.outcome === 'pass' ? null : { type: run.errorType ?? run.outcome, message: run.message ?? '', line: trace?.error_line ?? null },
      measures: trace?.measures ?? 0,
      timed_calls: trace?.timed_calls ?? 0,
      untimed_calls: trace?.untimed_calls ?? 0,
      untimed_line: trace?.untimed_line ?? null,
      state_changes: run.result?.state_changes ?? [],
    };
  });
  return raw;
}

/**
 * List and run the cases of `files` in `framework`'s workers, as `run` does: a case that
 * ends, breaks or outlasts its worker is that case's outcome and a fresh worker takes the
 * next; a file whose import does is reported and the rest go on.
 */
async function examine(python: string, framework: string, files: string[], device: string, timeoutS: number): Promise<Map<string, Examined>> {
  const results = new Map<string, Examined>();
  let worker: WorkerProcess | null = null;
  let cannotStart: string | null = null;
  let id = 1;
  const discard = () => {
    worker?.dispose();
    worker = null;
  };
  /** The worker for the next request: a fresh one after a crash or stray output; null when none starts. */
  const ready = async (): Promise<WorkerProcess | null> => {
    if (worker?.unsolicited()) discard();
    if (worker || cannotStart) return worker;
    try {
      worker = await WorkerProcess.start({ python, framework, device, mode: 'eager' });
    } catch (err) {
      cannotStart = `${framework} could not be loaded by ${python}: ${(err as Error).message}`;
    }
    return worker;
  };
  try {
    for (const file of files) {
      const w = await ready();
      if (!w) {
        results.set(file, { crashed: cannotStart! });
        continue;
      }
      let listed: Listed;
      try {
        listed = await w.request({ type: 'list', file, check: true }, 'listed', Listed, timeoutS * 1000);
      } catch (err) {
        if (!(err instanceof WorkerLost || err instanceof ProtocolViolation)) throw err;
        const last = w.stderr.value.trim().split('\n').slice(-1)[0] || 'no message';
        const why =
          err instanceof ProtocolViolation
            ? `importing it broke the worker protocol: ${err.received}`
            : err.reason === 'timeout'
              ? `took longer than ${timeoutS} s to import (--timeout)`
              : `importing it crashed the worker (${describeExit(err.exit)}: ${last})`;
        results.set(file, { crashed: why });
        discard();
        continue;
      }
      const runs = new Map<string, CaseRun>();
      for (const c of runnable(listed)) {
        const cw = await ready();
        if (!cw) break;
        const run = await runCase(cw, { id: id++, file, case: c.name, timing: CHECK_TIMING, trace: true }, timeoutS);
        runs.set(c.name, run);
        if (run.replace) discard();
      }
      results.set(file, cannotStart ? { crashed: cannotStart } : rawFile(file, listed, runs));
    }
  } finally {
    await (worker as WorkerProcess | null)?.stop();
  }
  return results;
}

/** A case that ended, broke or outlasted its worker (or could not be run there): its problem. */
function brokenWorker(c: RawCase, timeoutS: number): { kind: ProblemKind; message: string } | null {
  const checked = (c.timed_calls ?? 0) > 0 ? '' : ', so its timed call could not be checked';
  const why = (c.error?.message ?? '').split('\n')[0];
  if (c.outcome === 'timeout') return { kind: 'timeout', message: `did not finish within ${timeoutS} s (--timeout)${checked}; run records it as a timeout` };
  if (c.outcome === 'crash') return { kind: 'crash', message: `crashed (${why})${checked}; run records it as a crash` };
  if (c.outcome === 'error') return { kind: 'checker', message: `could not be run: ${c.error?.type}: ${why}` };
  if (c.outcome === 'test_error') return { kind: 'test_error', message: `fails in the test's own code (${c.error?.type}: ${why}); run records it as a test error, not as a failure of the target: fix the test` };
  return null;
}

function problemsOf(rel: string, raw: Examined, source: string, timeoutS: number): { problems: Problem[]; cases: CaseCheck[]; fn: string | null } {
  const P = (kind: ProblemKind, line: number | null, message: string, extra: Partial<Problem> = {}): Problem => ({ file: rel, line, kind, message, severity: 'error', ...extra });
  if ('crashed' in raw) return { problems: [P('checker', null, raw.crashed)], cases: [], fn: declaredFunction(source) };
  const problems: Problem[] = [];
  if (raw.import_error) {
    const e = raw.import_error;
    problems.push(P('import', e.line ?? null, `does not import: ${e.type}: ${e.message}`));
    return { problems, cases: [], fn: declaredFunction(source) };
  }
  const fn = raw.function;
  // A generated file's cases each name their function: FUNCTION and the file's name are not the function then.
  const generated = !!raw.generated;
  if (!fn && !raw.function_error && !generated) problems.push(P('function', 1, 'declares no function: add a module-level FUNCTION = "qualified.name" (the function its cases time)'));
  if (raw.function_error) problems.push(P('function', raw.function_line ?? 1, raw.function_error));
  const expectedName = functionFromFileName(rel);
  if (fn && fn !== expectedName && !generated) problems.push(P('file_name', raw.function_line ?? 1, `FUNCTION is "${fn}" but the file is named for "${expectedName}": name test files <FUNCTION>.py`));
  const count = raw.case_count ?? raw.cases.length;
  if (count < 2) {
    problems.push(P('cases', raw.cases[0]?.line ?? raw.function_line ?? 1, `has ${count} case${count === 1 ? '' : 's'}: at least two are needed (vary shapes, dtypes, edge cases; @case(dtype=[…]) makes one per value)`));
  }
  const cases: CaseCheck[] = raw.cases.map((c) => ({
    name: c.name,
    line: c.line,
    outcome: c.outcome ?? 'not_run',
    error: c.error ?? null,
    measures: c.measures ?? 0,
    timedCalls: c.timed_calls ?? 0,
    untimedCalls: c.untimed_calls ?? 0,
    stateChanges: c.state_changes ?? [],
  }));
  if ((fn && !raw.function_error) || generated) {
    let verified = 0;
    let unverified = 0;
    for (const c of raw.cases) {
      if (c.function_error) problems.push(P('function', c.line, `case ${c.name}: ${c.function_error}`, { case: c.name }));
      if (!c.outcome) continue;
      for (const s of c.state_changes ?? []) problems.push(P('leaks_state', c.line, `leaks state: ${s.what} ${s.before} → ${s.after}`, { case: c.name, severity: 'warning' }));
      const fn = c.function ?? raw.function ?? '?';
      const outside = c.untimed_calls ? ` (${fn} is called at line ${c.untimed_line ?? '?'}, outside the timed region)` : '';
      const broke = brokenWorker(c, timeoutS);
      if (broke) {
        problems.push(P(broke.kind, c.error?.line ?? c.line, broke.message, { case: c.name }));
        if ((c.timed_calls ?? 0) > 0) verified++;
        else unverified++;
      } else if ((c.timed_calls ?? 0) > 0) {
        verified++;
      } else if (c.outcome === 'skip') {
        unverified++;
      } else if (c.outcome === 'fail') {
        unverified++;
        const where = (c.measures ?? 0) === 0 ? 'before reaching bench.measure' : `inside bench.measure before ${fn} was called`;
        problems.push(P('unverified', c.error?.line ?? c.line, `failed ${where}, so its timed call could not be checked: ${c.error?.type}: ${c.error?.message.split('\n')[0]}`, { case: c.name, severity: 'warning' }));
      } else if ((c.measures ?? 0) === 0) {
        problems.push(P('no_timed_region', c.line, `never calls bench.measure: nothing is timed; wrap the call of ${fn} in bench.measure(${fn.split('.').pop()}, …)${outside}`, { case: c.name }));
      } else {
        // A generated case names the public function its op maps to; it may time the op's implementation (a JAX primitive's bind).
        if (generated) problems.push(P('not_timed', c.line, `times the op's implementation, not ${fn} by name (its public name is a mapping)${outside}`, { case: c.name, severity: 'warning' }));
        else problems.push(P('not_timed', c.line, `times something else: ${fn} is never called inside bench.measure${outside}`, { case: c.name }));
      }
    }
    if (!verified && raw.cases.length && unverified === raw.cases.length) {
      problems.push(P('unverified', raw.cases[0].line, `no case could be checked here (all skipped or failed before their timed region): nothing shows that ${fn ?? 'its function'} is timed`, { severity: 'warning' }));
    }
  }
  return { problems, cases, fn };
}

/** Check suite.json against the files: every active entry's file exists, every file has an entry naming its function. */
function manifestProblems(dir: string, files: { rel: string; fn: string | null }[], frameworks?: string[]): Problem[] {
  const P = (line: number | null, message: string, file = MANIFEST_FILE): Problem => ({ file, line, kind: 'manifest', message, severity: 'error' });
  let manifest;
  try {
    manifest = loadManifest(dir);
  } catch (err) {
    return [P(null, (err as Error).message)];
  }
  if (!manifest) return [];
  const problems: Problem[] = [];
  const byFile = new Map(files.map((f) => [f.rel, f]));
  const claimed = new Set<string>();
  for (const e of manifest.entries) {
    if (!e.file || (frameworks && !frameworks.includes(e.framework))) continue;
    claimed.add(e.file);
    const f = byFile.get(e.file);
    if (!f) {
      if (e.status === 'active') problems.push(P(null, `active entry ${e.function} (${e.framework}) names ${e.file}, which does not exist`));
    } else if (f.fn && f.fn !== e.function) {
      problems.push(P(null, `entry ${e.function} names ${e.file}, whose FUNCTION is "${f.fn}"`));
    }
  }
  for (const f of files) if (!claimed.has(f.rel)) problems.push(P(null, `${f.rel} has no entry in ${MANIFEST_FILE}: add it to entries/<framework>.json and rebuild`, f.rel));
  return problems;
}

export async function checkSuite(nameOrDir: string, opts: CheckOptions): Promise<SuiteCheck> {
  const dir = resolveSuiteDir(nameOrDir);
  const all = suiteFiles(dir).filter((f) => !opts.frameworks || opts.frameworks.includes(f.framework));
  const problems: Problem[] = [];
  const fileChecks: FileCheck[] = [];
  const device = opts.device ?? 'cpu';
  const timeoutS = opts.timeoutS ?? 600;
  const declared: { rel: string; fn: string | null }[] = [];
  if (!all.length) {
    problems.push({ file: '.', line: null, kind: 'cases', message: `no test files: expected ${FRAMEWORKS.map((f) => `${f.suiteDir}/*.py`).join(', ')} in ${dir}`, severity: 'error' });
  }
  for (const fw of FRAMEWORKS) {
    const mine = all.filter((f) => f.framework === fw.name);
    if (!mine.length) continue;
    const sources = new Map(mine.map((f) => [f.path, readFileSync(f.path, 'utf8')]));
    const todo = mine.filter((f) => isPlaceholder(sources.get(f.path)!));
    const real = mine.filter((f) => !isPlaceholder(sources.get(f.path)!));
    const python = opts.pythons[fw.name] ?? null;
    let raws = new Map<string, Examined>();
    if (real.length && python) {
      raws = await examine(python, fw.name, real.map((f) => f.path), device, timeoutS);
    }
    for (const f of mine) {
      const rel = relative(dir, f.path);
      const source = sources.get(f.path)!;
      let check: FileCheck;
      if (todo.includes(f)) {
        const fn = declaredFunction(source);
        const line = source.split('\n').findIndex((l) => TODO_MARKER.test(l)) + 1;
        const p: Problem = { file: rel, line, kind: 'not_written', message: `not written yet (placeholder with PORTABENCH_TODO = True${fn ? ` for ${fn}` : ''})`, severity: 'error' };
        problems.push(p);
        check = { file: rel, framework: fw.name, function: fn, status: 'not_written', cases: [] };
        declared.push({ rel, fn });
      } else if (!python) {
        const p: Problem = { file: rel, line: null, kind: 'checker', message: `no ${fw.name} interpreter to check it with: run "npx portabench setup" or pass --python ${fw.name}=/path/to/python`, severity: 'error' };
        problems.push(p);
        check = { file: rel, framework: fw.name, function: declaredFunction(source), status: 'problems', cases: [] };
        declared.push({ rel, fn: check.function });
      } else {
        const raw = raws.get(f.path) ?? { crashed: 'the checker gave no result for this file' };
        const res = problemsOf(rel, raw, source, timeoutS);
        problems.push(...res.problems);
        const errors = res.problems.filter((p) => p.severity === 'error').length;
        check = { file: rel, framework: fw.name, function: res.fn, status: errors ? 'problems' : 'ok', cases: res.cases };
        declared.push({ rel, fn: res.fn });
      }
      fileChecks.push(check);
      opts.onFile?.(check);
    }
  }
  problems.push(...manifestProblems(dir, declared, opts.frameworks));
  const errors = problems.filter((p) => p.severity === 'error').length;
  return {
    suite: basename(dir),
    dir,
    files: fileChecks,
    problems,
    counts: {
      files: fileChecks.length,
      ok: fileChecks.filter((f) => f.status === 'ok').length,
      problems: fileChecks.filter((f) => f.status === 'problems').length,
      notWritten: fileChecks.filter((f) => f.status === 'not_written').length,
      errors,
      warnings: problems.length - errors,
    },
    ok: errors === 0,
  };
}

/** Problems as compiler-style lines: FILE:LINE: [case] message. */
export function formatCheck(res: SuiteCheck): string {
  const lines: string[] = [];
  for (const p of res.problems) {
    const where = `${p.file}${p.line ? `:${p.line}` : ''}`;
    lines.push(`${where}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.case ? `case ${p.case}: ` : ''}${p.message}`);
  }
  const c = res.counts;
  lines.push(
    `${res.suite}: ${c.files} file${c.files === 1 ? '' : 's'}: ${c.ok} ok, ${c.problems} with problems, ${c.notWritten} not written; ${c.errors} error${c.errors === 1 ? '' : 's'}, ${c.warnings} warning${c.warnings === 1 ? '' : 's'}`,
  );
  return lines.join('\n');
}

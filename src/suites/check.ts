import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { FRAMEWORKS } from '../envs/frameworks.js';
import { launchPython } from '../runner/launcher.js';
import { loadManifest, MANIFEST_FILE } from './manifest.js';
import { functionFromFileName, resolveSuiteDir } from './suite.js';

/**
 * `portabench suite check`: every test file imports, declares its FUNCTION, has at
 * least two cases, and every case calls that function inside bench.measure —
 * checked by running each case once (eager, CPU) under a tracer
 * (python -m portabench.check), not by reading the source.
 */

export type ProblemKind =
  | 'not_written'
  | 'import'
  | 'function'
  | 'file_name'
  | 'cases'
  | 'no_timed_region'
  | 'not_timed'
  | 'unverified'
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
  outcome: 'pass' | 'fail' | 'skip' | 'not_run';
  error?: { type: string; message: string; line?: number | null } | null;
  measures: number;
  timedCalls: number;
  untimedCalls: number;
}

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
  /** Seconds a single file may take before it is reported and skipped. */
  fileTimeoutS?: number;
  onFile?: (file: FileCheck) => void;
}

export const TODO_MARKER = /^PORTABENCH_TODO\s*=\s*True\s*(#.*)?$/m;

/** A placeholder laid out by `suite new` and not written yet. */
export function isPlaceholder(source: string): boolean {
  return TODO_MARKER.test(source);
}

interface RawCase {
  name: string;
  line: number;
  outcome?: 'pass' | 'fail' | 'skip';
  error?: { type: string; message: string; line?: number | null } | null;
  measures?: number;
  timed_calls?: number;
  untimed_calls?: number;
  untimed_line?: number | null;
  /** The function this case names itself (generated files), and why it does not resolve. */
  function?: string | null;
  function_error?: string;
}

interface RawFile {
  type: 'file';
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

/** Run python -m portabench.check over files; a file that hangs or crashes the checker is reported and the rest go on. */
async function runChecker(python: string, framework: string, files: string[], device: string, timeoutS: number): Promise<Map<string, RawFile | { crashed: string }>> {
  const results = new Map<string, RawFile | { crashed: string }>();
  let pending = [...files];
  while (pending.length) {
    const batch = pending;
    const proc = launchPython({ python, module: 'portabench.check', args: ['--framework', framework, '--device', device, '--out-fd', '3', ...batch], extraPipes: 1, tailBytes: 4000 });
    const child = proc.child;
    let current: string | null = null;
    let fatal: string | null = null;
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        proc.kill();
      }, timeoutS * 1000);
    };
    arm();
    const exited = new Promise<void>((res) => {
      child.on('close', () => res());
      child.on('error', (e) => {
        fatal = `cannot start ${python}: ${e.message}`;
        res();
      });
    });
    const rl = createInterface({ input: child.stdio[3] as NodeJS.ReadableStream });
    for await (const line of rl) {
      let msg: { type: string; file?: string; error?: { type: string; message: string } };
      try {
        msg = JSON.parse(line);
      } catch {
        continue;
      }
      if (msg.type === 'start') {
        current = msg.file!;
        arm();
      } else if (msg.type === 'file') {
        results.set(msg.file!, msg as unknown as RawFile);
        current = null;
      } else if (msg.type === 'fatal') {
        fatal = `${framework} could not be loaded by ${python}: ${msg.error?.type}: ${msg.error?.message}`;
      }
    }
    await exited;
    clearTimeout(timer);
    proc.kill(); // whatever its cases left running
    if (fatal) {
      for (const f of batch) if (!results.has(f)) results.set(f, { crashed: fatal });
      break;
    }
    if (current) {
      const why = timedOut ? `took longer than ${timeoutS} s` : `crashed the checker (${proc.stderr.value.trim().split('\n').slice(-1)[0] || 'no message'})`;
      results.set(current, { crashed: why });
    }
    pending = batch.filter((f) => !results.has(f));
    if (pending.length && !current) {
      // the checker stopped without saying why: report the rest rather than loop
      for (const f of pending) results.set(f, { crashed: `the checker exited early: ${proc.stderr.value.trim().split('\n').slice(-1)[0] || 'no message'}` });
      break;
    }
  }
  return results;
}

function problemsOf(rel: string, raw: RawFile | { crashed: string }, source: string): { problems: Problem[]; cases: CaseCheck[]; fn: string | null } {
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
  }));
  if ((fn && !raw.function_error) || generated) {
    let verified = 0;
    let unverified = 0;
    for (const c of raw.cases) {
      if (c.function_error) problems.push(P('function', c.line, `case ${c.name}: ${c.function_error}`, { case: c.name }));
      if (!c.outcome) continue;
      const fn = c.function ?? raw.function ?? '?';
      const outside = c.untimed_calls ? ` (${fn} is called at line ${c.untimed_line ?? '?'}, outside the timed region)` : '';
      if ((c.timed_calls ?? 0) > 0) {
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
  const timeoutS = opts.fileTimeoutS ?? 600;
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
    let raws = new Map<string, RawFile | { crashed: string }>();
    if (real.length && python) {
      raws = await runChecker(python, fw.name, real.map((f) => f.path), device, timeoutS);
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
        const res = problemsOf(rel, raw, source);
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

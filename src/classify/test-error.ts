/**
 * Test errors: failures that are the test's own fault, never a device failure. The one home
 * of that decision, as pure functions:
 *
 * - `ownCodeError` (one result): the exception was raised by the test's or the harness's own
 *   code — its raising frame (the innermost frame of the stored traceback, in Python's format
 *   or a pytest longrepr) lies outside the framework's and every installed package — and it is
 *   a programming error that no device can cause: a wrong call of a function the test itself
 *   calls by name (`partial_timed() takes 1 positional argument but 3 were given`), a name
 *   that does not exist. Assertions, precision checks and every other exception stay failures:
 *   a C-implemented framework function shows no frame of its own, so an error it raises looks
 *   raised on the test's line, and only errors that cannot come from the framework are taken.
 * - `crossTargetErrors` (a set of targets): the same failure (error type and normalized
 *   message) for the same case on the CPU reference (same framework and version) as on the
 *   device; and, for imported data, the same error on every device of the source.
 *
 * It sees error texts, case keys and target identities only; loading rows and deciding what
 * an outcome means for a table are the analysis's (src/analysis/dataset.ts).
 */
import type { Outcome } from '../model/outcome.js';
import { VOCABULARY } from '../model/vocabulary.js';

export interface ErrorText {
  errorType?: string | null;
  message?: string | null;
  traceback?: string | null;
}

/** The frame an exception was raised in: file, line and, where the traceback shows it, the source line. */
export interface RaisingFrame {
  file: string;
  line: number;
  source: string | null;
}

/** Installed code: a site-packages/dist-packages tree, or Python's standard library. */
const INSTALLED = /(^|[\\/])(site-packages|dist-packages)[\\/]|[\\/]lib[\\/]python\d+(\.\d+)?[\\/]|^<frozen |^<built-in/;
/**
 * A framework's package (the vocabulary's own and companion packages, and NumPy) in a source checkout (`…/jax/_src/…`, `…/torch/nn/…`). A portabench
 * suite's own folder is named like a framework too (`suites/smoke/jax/jax.numpy.cos.py`): a
 * file directly under it that is named for a qualified function is the test, not the framework.
 */
const FRAMEWORK_PACKAGES = [...VOCABULARY.frameworks.flatMap((f) => [...f.own_packages, ...f.companion_packages]), 'numpy'];
const FRAMEWORK_DIR = new RegExp(`(^|[\\\\/])(${FRAMEWORK_PACKAGES.join('|')})[\\\\/](?![\\w-]+\\.[\\w.]+\\.py$)`);

/** Whether a frame's file is framework or other installed code (not the test's or the harness's). */
export function isFrameworkFile(file: string): boolean {
  return INSTALLED.test(file) || FRAMEWORK_DIR.test(file);
}

/** The innermost frame of a Python traceback (`File "…", line N, in f`) or of a pytest longrepr (closing `path:N: Type`). */
export function raisingFrame(traceback: string | null | undefined): RaisingFrame | null {
  if (!traceback) return null;
  const lines = traceback.split('\n');
  // Python: the last "File" line belongs to the last exception of a chain, innermost frame last.
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^\s*File "(.+)", line (\d+)(?:, in .*)?$/.exec(lines[i]);
    if (!m) continue;
    const next = lines[i + 1];
    const source = next !== undefined && /^\s{4,}\S/.test(next) && !/^\s*File "/.test(next) ? next.trim() : null;
    return { file: m[1], line: Number(m[2]), source };
  }
  // pytest: the report closes with "path:line: ExceptionType"; the raising line is the last one marked ">".
  const filled = lines.filter((l) => l.trim());
  const closing = /^(.+?):(\d+): (?:\w[\w.]*)$/.exec(filled.at(-1) ?? '');
  if (!closing) return null;
  const marked = filled.filter((l) => /^>\s/.test(l)).at(-1);
  return { file: closing[1], line: Number(closing[2]), source: marked ? marked.slice(1).trim() : null };
}

const SIGNATURE = /^(?:[\w.<>]+\.)?(\w+)\(\) (?:takes (?:from \d+ to \d+|\d+|no) (?:positional |keyword-only )?arguments? but \d+ (?:positional arguments? )?(?:was|were) given|missing \d+ required (?:positional|keyword-only) arguments?|got an unexpected keyword argument|got multiple values for (?:keyword )?argument|got some positional-only arguments passed as keyword arguments)/;
const NAME_ERRORS = new Set(['NameError', 'UnboundLocalError']);

const bare = (type: string | null | undefined) => (type ?? '').split('.').pop() ?? '';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const fileName = (path: string) => path.split(/[\\/]/).slice(-2).join('/');

/**
 * Rule (a): the reason when the failure was raised by the test's own code, else null. The
 * function of a wrong call must be called by its own name on the raising line (`helper(x)`,
 * `self.helper(x)`, `bench.measure(f, x)`), so a framework function the test calls as
 * `torch.relu(x, 2)` or through a variable is never taken for the test's own.
 */
export function ownCodeError(e: ErrorText): string | null {
  const type = bare(e.errorType);
  const message = (e.message ?? '').split('\n')[0].trim();
  const frame = raisingFrame(e.traceback);
  if (!frame || isFrameworkFile(frame.file)) return null;
  let own = NAME_ERRORS.has(type);
  if (type === 'TypeError') {
    const fn = SIGNATURE.exec(message)?.[1];
    own = !!fn && !!frame.source && new RegExp(`(?:^|[^\\w.]|\\b(?:self|cls|bench)\\.)${escape(fn)}\\s*\\(`).test(frame.source);
  }
  if (!own) return null;
  return `raised by the test's own code at ${fileName(frame.file)}:${frame.line}: ${type}: ${message}`;
}

/**
 * What makes two failures the same: the exception's type and its message, first line, with
 * memory addresses and the harness's own notes taken out and spaces collapsed.
 */
export function failureSignature(e: ErrorText): string {
  const message = (e.message ?? '')
    .replace(/\n\[portabench: [^\]]*\]$/, '')
    .split('\n')[0]
    .replace(/0x[0-9a-fA-F]+/g, '0x…')
    .replace(/\s+/g, ' ')
    .trim();
  return `${bare(e.errorType)}: ${message}`;
}

/** One target's results for the cross-target rules. */
export interface TargetResults {
  /** Stable key of the target within the set (its id). */
  key: number;
  run: number;
  origin: string;
  framework: string;
  version: string | null;
  device: string;
  hardware: string | null;
  label: string;
  /** Case key (file + NUL + case name) → outcome and error text. */
  cases: Map<string, ErrorText & { outcome: Outcome }>;
}

const isImport = (origin: string) => origin.startsWith('import:');

/**
 * The CPU targets a device target is checked against: same framework and version. Where the
 * version is not recorded (imported data) there is no reference: the study's "CPU" cases on
 * its TPU VM fail with XLA's own lowering errors, so a CPU of unknown build may not be a CPU
 * reference at all (rule (c) covers imported data).
 */
function references(t: TargetResults, all: TargetResults[]): TargetResults[] {
  if (t.device === 'cpu' || t.version == null) return [];
  return all.filter((r) => r.device === 'cpu' && r.framework === t.framework && r.version === t.version);
}

/** A target's outcomes as one text: two targets with the same are copies of one report (one piece of evidence). */
function evidenceKey(t: TargetResults): string {
  return [...t.cases].filter(([, c]) => c.outcome === 'pass' || c.outcome === 'fail').map(([k, c]) => `${k}\t${c.outcome}\t${c.outcome === 'fail' ? failureSignature(c) : ''}`).sort().join('\n');
}

/**
 * Rules (b) and (c) over a set of targets: per target key, the cases (by case key) that are
 * test errors, with the reason. `targets` are the ones to classify; `pool` holds them and
 * every other target they may be checked against (CPU references, the source's other devices).
 */
export function crossTargetErrors(targets: TargetResults[], pool: TargetResults[]): Map<number, Map<string, string>> {
  const out = new Map<number, Map<string, string>>();
  const mark = (t: TargetResults, key: string, reason: string) => {
    if (!out.has(t.key)) out.set(t.key, new Map());
    if (!out.get(t.key)!.has(key)) out.get(t.key)!.set(key, reason);
  };
  // (b) the same failure on the CPU reference
  for (const t of targets) {
    const refs = references(t, pool);
    if (!refs.length) continue;
    for (const [key, c] of t.cases) {
      if (c.outcome !== 'fail') continue;
      const sig = failureSignature(c);
      const ref = refs.find((r) => {
        const rc = r.cases.get(key);
        return rc && rc.outcome === 'fail' && failureSignature(rc) === sig;
      });
      if (ref) mark(t, key, `the same failure on the CPU reference (${ref.label}): ${sig}`);
    }
  }
  // (c) imported data: the same error on every device of the source that reported the case (two accelerators at least)
  const sources = new Map<string, TargetResults[]>();
  for (const t of pool) {
    if (!isImport(t.origin)) continue;
    const k = `${t.origin}\0${t.framework}`;
    sources.set(k, [...(sources.get(k) ?? []), t]);
  }
  const wanted = new Set(targets.map((t) => t.key));
  for (const members of sources.values()) {
    if (!members.some((m) => wanted.has(m.key))) continue;
    // copies of one report count once
    const distinct = new Map<string, TargetResults>();
    for (const m of members) if (!distinct.has(evidenceKey(m))) distinct.set(evidenceKey(m), m);
    const keys = new Set(members.filter((m) => wanted.has(m.key)).flatMap((m) => [...m.cases].filter(([, c]) => c.outcome === 'fail').map(([k]) => k)));
    for (const key of keys) {
      const reported = [...distinct.values()].filter((m) => {
        const c = m.cases.get(key);
        return c && (c.outcome === 'pass' || c.outcome === 'fail');
      });
      // Every device means accelerators of two kinds at least: a CPU beside one GPU on the same VM is rule (b)'s question.
      const accelerators = new Set(reported.filter((m) => m.device !== 'cpu').map((m) => `${m.device}@${m.hardware ?? ''}`));
      if (accelerators.size < 2) continue;
      const sigs = new Set(reported.map((m) => (m.cases.get(key)!.outcome === 'fail' ? failureSignature(m.cases.get(key)!) : null)));
      const [sig] = [...sigs];
      if (sigs.size !== 1 || sig === null) continue;
      const where = [...new Set(reported.map((m) => m.hardware ?? m.device))].join(', ');
      for (const m of members) if (wanted.has(m.key) && m.cases.get(key)?.outcome === 'fail') mark(m, key, `the same error on every device of the source (${where}): ${sig}`);
    }
  }
  return out;
}

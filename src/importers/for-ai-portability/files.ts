import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** One pytest-json-report test entry, reduced to what the importer uses. */
export interface ReportTest {
  file: string; // "Adamax_test.py"
  cls: string | null;
  method: string;
  outcome: string; // passed | failed | skipped | error
  durationS: number | null;
  longrepr: string | null;
  crash: string | null;
}

export interface FailureReport {
  path: string;
  hash: string;
  created: number | null;
  environment: unknown;
  summary: Record<string, number>;
  tests: ReportTest[];
}

/** `{"<file>:<method>": {"operations": [s…], "test_time": s}}` of one timing run. */
export type TimingRun = Map<string, { ops: number[]; testTimeS: number | null }>;

export interface TimingFile {
  path: string;
  hash: string;
  rep: number;
  entries: TimingRun;
}

export class ImportInputError extends Error {}

function readJson(path: string): { value: unknown; hash: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ImportInputError(`cannot read ${path}: ${(e as Error).message}`);
  }
  const hash = createHash('sha256').update(text).digest('hex');
  try {
    return { value: JSON.parse(text), hash };
  } catch (e) {
    throw new ImportInputError(`${path} is not valid JSON (${(e as Error).message}): is the download complete?`);
  }
}

function text(v: unknown): string | null {
  if (v == null) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Read a pytest-json-report file. Tests whose nodeid is not `…/<name>.py::…` are dropped. */
export function readReport(path: string): FailureReport {
  const { value, hash } = readJson(path);
  const r = value as { created?: number; environment?: unknown; summary?: Record<string, number>; tests?: unknown[] };
  if (!r || typeof r !== 'object' || !Array.isArray(r.tests)) throw new ImportInputError(`${path}: not a pytest-json-report file (no "tests" list)`);
  const tests: ReportTest[] = [];
  for (const raw of r.tests as Record<string, any>[]) {
    const nodeid = String(raw?.nodeid ?? '');
    const parts = nodeid.split('::');
    const file = parts[0].split('/').pop() ?? '';
    if (!file.endsWith('.py') || parts.length < 2) continue;
    const method = parts[parts.length - 1];
    const cls = parts.length > 2 ? parts.slice(1, -1).join('::') : null;
    // The phase that decided the outcome: call, or setup when the test never ran.
    const phase = raw.call ?? (raw.setup?.outcome !== 'passed' ? raw.setup : null) ?? raw.teardown;
    tests.push({
      file,
      cls,
      method,
      outcome: String(raw.outcome ?? 'unknown'),
      durationS: typeof phase?.duration === 'number' ? phase.duration : null,
      longrepr: text(phase?.longrepr ?? raw.setup?.longrepr ?? null),
      crash: text(phase?.crash?.message ?? null),
    });
  }
  const summary: Record<string, number> = {};
  for (const [k, v] of Object.entries(r.summary ?? {})) if (typeof v === 'number') summary[k] = v;
  return { path, hash, created: typeof r.created === 'number' ? r.created : null, environment: r.environment ?? null, summary, tests };
}

/** Read one timing run (`gpu_2.json`). Values that are not lists of numbers are kept as no timings. */
export function readTimings(path: string, rep: number): TimingFile {
  const { value, hash } = readJson(path);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ImportInputError(`${path}: expected an object keyed "<name>_test.py:<test_method>"`);
  const entries: TimingRun = new Map();
  for (const [key, v] of Object.entries(value as Record<string, any>)) {
    const ops = Array.isArray(v?.operations) ? (v.operations as unknown[]).filter((x): x is number => typeof x === 'number' && Number.isFinite(x)) : [];
    entries.set(key, { ops, testTimeS: typeof v?.test_time === 'number' ? v.test_time : null });
  }
  return { path, hash, rep, entries };
}

/** "Adamax_test.py:test_adamax_cpu" → ["Adamax_test.py", "test_adamax_cpu"]. */
export function splitTimingKey(key: string): [string, string] {
  const i = key.indexOf(':');
  return i < 0 ? [key, ''] : [key.slice(0, i), key.slice(i + 1)];
}

/** "OSError: [Errno 12] Cannot allocate memory" → ["OSError", "[Errno 12] …"]. */
export function splitException(crash: string | null): { type: string | null; message: string | null } {
  if (!crash) return { type: null, message: null };
  const m = /^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Failure|Warning|Skipped|Failed)):\s?([\s\S]*)$/.exec(crash);
  return m ? { type: m[1], message: m[2] } : { type: null, message: crash };
}

/** pytest's skip longrepr "('file', 12, 'Skipped: reason')" → "reason". */
export function skipReason(longrepr: string | null): string | null {
  if (!longrepr) return null;
  const m = /'Skipped: ([\s\S]*)'\)\s*$/.exec(longrepr) ?? /"Skipped: ([\s\S]*)"\)\s*$/.exec(longrepr);
  return m ? m[1] : longrepr;
}

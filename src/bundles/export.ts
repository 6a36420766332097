import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { configOf } from '../model/target-id.js';
import { parseStateChanges } from '../model/state-changes.js';
import type { Store } from '../store/store.js';
import { VERSION } from '../version.js';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type BodyLine } from './format.js';

/** A target's configuration on its line, only where it is not the default: a default-config run's bundle (and its key) is what it was before targets had one. */
const configLine = (json: string | null) => {
  const config = configOf(json);
  return config ? { config } : {};
};

const parse = (s: string | null) => {
  if (s == null) return null;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return s;
  }
};

/** A run's options without the note an import adds (`bundle`), so a re-exported run keeps its key. */
export function withoutBundle(options: unknown): unknown {
  if (!options || typeof options !== 'object' || Array.isArray(options)) return options;
  const { bundle: _bundle, ...rest } = options as Record<string, unknown>;
  return rest;
}

/** The lines of one run, in order: run, targets, then each target's cases and collection errors. */
async function* runLines(store: Store, runId: number): AsyncGenerator<BodyLine> {
  const run = await store.getRun(runId);
  if (!run) throw new Error(`no run ${runId} in ${store.location}`);
  const targets = await store.targets([runId]);
  const cases = await store.casesWithResultsOf(targets.map((t) => t.id));
  const errors = await store.collectionErrors(targets.map((t) => t.id));
  const body: BodyLine[] = [];
  for (const t of targets) {
    body.push({ type: 'target', run: runId, id: t.id, framework: t.framework, framework_version: t.framework_version, device: t.device, mode: t.mode, hardware: t.hardware, python: t.python, build: parse(t.build), status: t.status, problem: t.problem, calibration: parse(t.calibration), ...configLine(t.config) });
    for (const c of cases.get(t.id) ?? []) {
      const r = c.result;
      body.push({
        type: 'case',
        target: t.id,
        file: c.file,
        function: c.function,
        name: c.name,
        params: parse(c.params),
        line: c.line,
        result: r
          ? { outcome: r.outcome, category: r.category, error_type: r.error_type, error_message: r.error_message, traceback: r.traceback, stdout: r.stdout, stderr: r.stderr, duration_ms: r.duration_ms, cold_ms: r.cold_ms, n: r.n, median_ms: r.median_ms, mean_ms: r.mean_ms, min_ms: r.min_ms, iqr_ms: r.iqr_ms, mad_ms: r.mad_ms, samples: parse(r.samples), worker_pid: r.worker_pid, created_at: r.created_at, test_error: r.test_error, ...(r.state_changes ? { state_changes: parseStateChanges(r.state_changes) } : {}), ...(r.ops ? { ops: JSON.parse(r.ops) as string[] } : {}) }
          : null,
      });
    }
    for (const e of errors.filter((x) => x.target_id === t.id)) {
      body.push({ type: 'collection_error', target: t.id, file: e.file, function: e.function, error_type: e.error_type, error_message: e.error_message, traceback: e.traceback, stdout: e.stdout, stderr: e.stderr });
    }
  }
  // The key names the run's content, not where it sits: the same run exported twice, from any store, has one key.
  const key = createHash('sha256')
    .update(JSON.stringify([run.created_at, run.origin, run.suite, run.suite_hash, parse(run.fingerprint), withoutBundle(parse(run.options))]))
    .update(JSON.stringify(body.map((l) => (l.type === 'target' ? { ...l, id: 0, run: 0 } : 'target' in l ? { ...l, target: 0 } : l))))
    .digest('hex');
  yield { type: 'run', id: run.id, key, created_at: run.created_at, finished_at: run.finished_at, status: run.status, origin: run.origin, suite: run.suite, suite_path: run.suite_path, suite_hash: run.suite_hash, portabench_version: run.portabench_version, fingerprint: parse(run.fingerprint), options: parse(run.options) };
  yield* body;
}

export interface ExportResult {
  file: string;
  runs: number;
  cases: number;
  lines: number;
}

/** Write the runs, with everything a report needs, to one gzip'd JSON Lines file. */
export async function exportBundle(store: Store, runIds: number[], file: string): Promise<ExportResult> {
  const hash = createHash('sha256');
  let lines = 0;
  let cases = 0;
  async function* all(): AsyncGenerator<string> {
    yield `${JSON.stringify({ type: 'header', format: BUNDLE_FORMAT, version: BUNDLE_VERSION, portabench_version: VERSION, created_at: new Date().toISOString() })}\n`;
    for (const id of runIds) {
      for await (const line of runLines(store, id)) {
        if (line.type === 'case') cases++;
        const text = `${JSON.stringify(line)}\n`;
        hash.update(text);
        lines++;
        yield text;
      }
    }
    yield `${JSON.stringify({ type: 'end', lines, runs: runIds.length, cases, sha256: hash.digest('hex') })}\n`;
  }
  await pipeline(Readable.from(all()), createGzip({ level: 9 }), createWriteStream(file));
  return { file, runs: runIds.length, cases, lines: lines + 2 };
}

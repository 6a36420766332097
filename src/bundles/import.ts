import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { currentStudyTarget } from '../importers/for-ai-portability/names.js';
import type { Store } from '../store/store.js';
import { BodyLine, BUNDLE_FORMAT, BUNDLE_VERSION, EndLine, Header, type CaseLine, type CollectionErrorLine, type RunLine, type TargetLine } from './format.js';

/** A file that is not a complete, intact bundle: nothing of it was imported. */
export class BundleError extends Error {}

interface ParsedRun {
  run: RunLine;
  targets: Array<{ target: TargetLine; cases: CaseLine[]; errors: CollectionErrorLine[] }>;
}

/** Read and check a whole bundle before anything is written: format, version, every line, the count and the checksum. */
export async function readBundle(file: string): Promise<ParsedRun[]> {
  if (!existsSync(file)) throw new BundleError(`${file}: no such file`);
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const hash = createHash('sha256');
  const runs: ParsedRun[] = [];
  let lineNo = 0;
  let body = 0;
  let cases = 0;
  let header = false;
  let end: ReturnType<typeof EndLine.parse> | null = null;
  try {
    for await (const line of lines) {
      lineNo++;
      if (end) throw new BundleError(`${file}: line ${lineNo} comes after the end line`);
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new BundleError(`${file}: line ${lineNo} is not JSON${lineNo === 1 ? ': not a portabench bundle' : ' (the file is damaged)'}`);
      }
      if (!header) {
        const h = Header.safeParse(json);
        if (!h.success) throw new BundleError(`${file}: not a portabench bundle (its first line does not say "format": "${BUNDLE_FORMAT}")`);
        if (h.data.version > BUNDLE_VERSION) throw new BundleError(`${file}: bundle version ${h.data.version} was written by a newer portabench (${h.data.portabench_version}); this one reads version ${BUNDLE_VERSION}: upgrade portabench`);
        header = true;
        continue;
      }
      if ((json as { type?: unknown })?.type === 'end') {
        const e = EndLine.safeParse(json);
        if (!e.success) throw new BundleError(`${file}: line ${lineNo}: a malformed end line`);
        end = e.data;
        continue;
      }
      hash.update(`${line}\n`);
      body++;
      const parsed = BodyLine.safeParse(json);
      if (!parsed.success) throw new BundleError(`${file}: line ${lineNo}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`).join('; ')}`);
      const l = parsed.data;
      if (l.type === 'run') runs.push({ run: l, targets: [] });
      else if (l.type === 'target') {
        const r = runs[runs.length - 1];
        if (!r || r.run.id !== l.run) throw new BundleError(`${file}: line ${lineNo}: a target of run ${l.run} outside that run`);
        r.targets.push({ target: l, cases: [], errors: [] });
      } else {
        const t = runs[runs.length - 1]?.targets.find((x) => x.target.id === l.target);
        if (!t) throw new BundleError(`${file}: line ${lineNo}: a ${l.type === 'case' ? 'case' : 'collection error'} of target ${l.target} outside that target`);
        if (l.type === 'case') {
          t.cases.push(l);
          cases++;
        } else t.errors.push(l);
      }
    }
  } catch (e) {
    if (e instanceof BundleError) throw e;
    throw new BundleError(`${file}: cannot be read (${(e as Error).message}): is it a gzip'd bundle, and complete?`);
  }
  if (!header) throw new BundleError(`${file}: empty: not a portabench bundle`);
  if (!end) throw new BundleError(`${file}: truncated: it stops after line ${lineNo}, before the end line (was the copy interrupted?)`);
  if (end.lines !== body || end.runs !== runs.length || end.cases !== cases) throw new BundleError(`${file}: damaged: the end line counts ${end.lines} lines, ${end.runs} runs, ${end.cases} cases; the file holds ${body}, ${runs.length}, ${cases}`);
  if (end.sha256 !== hash.digest('hex')) throw new BundleError(`${file}: damaged: its checksum does not match its contents`);
  return runs;
}

export interface ImportedBundleRun {
  key: string;
  source_id: number;
  status: 'imported' | 'already imported';
  run_id: number;
  targets: number;
  cases: number;
}

/** The run of this store that came from a bundle run with this key, if any. */
async function alreadyImported(store: Store, key: string): Promise<number | null> {
  for (const r of await store.listRuns()) {
    try {
      if ((JSON.parse(r.options) as { bundle?: { key?: string } }).bundle?.key === key) return r.id;
    } catch {
      /* options that are not JSON name no bundle */
    }
  }
  return null;
}

/**
 * Import every run of a bundle: checked whole first (a truncated, corrupted or foreign
 * file changes nothing), then each run in one transaction through the Store API. A run
 * imported before (same key) is not imported again.
 */
export async function importBundle(store: Store, file: string): Promise<ImportedBundleRun[]> {
  const runs = await readBundle(file);
  const out: ImportedBundleRun[] = [];
  for (const { run, targets } of runs) {
    const cases = targets.reduce((n, t) => n + t.cases.length, 0);
    const existing = await alreadyImported(store, run.key);
    if (existing != null) {
      out.push({ key: run.key, source_id: run.id, status: 'already imported', run_id: existing, targets: targets.length, cases });
      continue;
    }
    const options = run.options && typeof run.options === 'object' && !Array.isArray(run.options) ? run.options : { options: run.options };
    const runId = await store.transaction(async (s) => {
      const id = await s.createRun({
        suite: run.suite,
        suitePath: run.suite_path,
        suiteHash: run.suite_hash,
        portabenchVersion: run.portabench_version,
        fingerprint: run.fingerprint,
        options: { ...options, bundle: { key: run.key, source_run: run.id, file } },
        origin: run.origin,
        createdAt: run.created_at,
        status: run.status,
        finishedAt: run.finished_at,
      });
      for (const { target: exported, cases: list, errors } of targets) {
        // a study TPU target exported before migration 011 (device xla) arrives as tpu
        const t = currentStudyTarget(exported);
        const row = await s.target(id, { framework: t.framework, device: t.device, mode: t.mode });
        await s.updateTarget(row.id, { framework_version: t.framework_version, hardware: t.hardware, python: t.python, build: t.build, status: t.status, problem: t.problem, calibration: t.calibration ?? null, config: t.config ?? null });
        await s.recordCases(
          row.id,
          list.map((c) => ({
            case: { file: c.file, function: c.function, name: c.name, params: c.params, line: c.line },
            result: c.result && {
              outcome: c.result.outcome,
              category: c.result.category,
              errorType: c.result.error_type,
              errorMessage: c.result.error_message,
              traceback: c.result.traceback,
              stdout: c.result.stdout,
              stderr: c.result.stderr,
              durationMs: c.result.duration_ms,
              coldMs: c.result.cold_ms,
              n: c.result.n,
              medianMs: c.result.median_ms,
              meanMs: c.result.mean_ms,
              minMs: c.result.min_ms,
              iqrMs: c.result.iqr_ms,
              madMs: c.result.mad_ms,
              samples: c.result.samples ?? null,
              workerPid: c.result.worker_pid,
              stateChanges: c.result.state_changes ?? null,
              ops: c.result.ops ?? null,
              createdAt: c.result.created_at,
              testError: c.result.test_error,
            },
          })),
        );
        for (const e of errors) await s.recordCollectionError(row.id, { file: e.file, function: e.function, errorType: e.error_type, errorMessage: e.error_message, traceback: e.traceback, stdout: e.stdout, stderr: e.stderr });
      }
      return id;
    });
    out.push({ key: run.key, source_id: run.id, status: 'imported', run_id: runId, targets: targets.length, cases });
  }
  return out;
}

import type { Kysely, Selectable } from 'kysely';
import { summarizeCase, type TimedRegion } from '../model/case-stats.js';
import type { Outcome } from '../model/outcome.js';
import type { StateChange } from '../model/state-changes.js';
import { openDatabase } from './open.js';
import type { CasesTable, CollectionErrorsTable, Database, Dialect, ResultsTable, RunsTable, TargetsTable } from './schema.js';

export type Run = Selectable<RunsTable>;
export type Target = Selectable<TargetsTable>;
export type CaseRow = Selectable<CasesTable>;
export type ResultRow = Selectable<ResultsTable>;
export type CollectionErrorRow = Selectable<CollectionErrorsTable>;

export interface NewCollectionError {
  file: string;
  function: string;
  errorType: string;
  errorMessage: string;
  traceback?: string | null;
  stdout?: string | null;
  stderr?: string | null;
}

export interface NewRun {
  suite: string;
  suitePath?: string | null;
  suiteHash?: string | null;
  portabenchVersion: string;
  fingerprint: unknown;
  options: unknown;
  origin?: string;
  createdAt?: string;
  /** A run brought in finished (importers, bundles): its status and end time. */
  status?: string;
  finishedAt?: string | null;
}

export interface TargetKey {
  framework: string;
  device: string;
  mode: string;
}

export interface TargetUpdate {
  framework_version?: string | null;
  hardware?: string | null;
  python?: string | null;
  build?: unknown;
  status?: string;
  problem?: string | null;
  /** Timer resolution and harness overhead measured at worker start (JSON). */
  calibration?: unknown;
  /** The framework configuration where it is not the default ({} or null: the default). */
  config?: Record<string, unknown> | null;
}

export interface NewCase {
  file: string;
  function: string;
  name: string;
  params?: unknown;
  line?: number | null;
}

/** A case's result. Give `samples` (the worker's measurements) and the statistics are computed from them. */
export interface NewResult {
  outcome: Outcome;
  /** Why the outcome is `test_error`. */
  testError?: string | null;
  category?: string | null;
  errorType?: string | null;
  errorMessage?: string | null;
  traceback?: string | null;
  stdout?: string | null;
  stderr?: string | null;
  durationMs?: number | null;
  coldMs?: number | null;
  n?: number | null;
  medianMs?: number | null;
  meanMs?: number | null;
  minMs?: number | null;
  iqrMs?: number | null;
  madMs?: number | null;
  samples?: unknown;
  workerPid?: number | null;
  /** Process state the case changed (the worker set it back): stored as JSON text. */
  stateChanges?: StateChange[] | null;
  /** Mode aot: what the compiler said of the program (flops, bytes…); the models suite: max_abs_diff, max_rel_diff from CPU eager. */
  analysis?: Record<string, number> | null;
  /** The operators the case's timed calls dispatched (python/portabench/recorder.py), when recorded. */
  ops?: string[] | null;
  /** `run --group N`: the group the case was compiled in (src/runner/run-group.ts). */
  compileGroup?: Record<string, unknown> | null;
  /** When the result was recorded (default: now); bundles keep the original time. */
  createdAt?: string;
}

/**
 * A result as the analysis reads it: `raw_outcome` is the outcome before the analysis
 * classified the case as a test error (src/classify/test-error.ts), where it did.
 */
export type AnalysedResult = ResultRow & { raw_outcome?: Outcome };

export interface CaseWithResult extends CaseRow {
  result: AnalysedResult | null;
}

const now = () => new Date().toISOString();

/** The stored form of a target's configuration: JSON with sorted keys, null for the default. */
function configColumn(config: Record<string, unknown> | null): string | null {
  if (!config || !Object.keys(config).length) return null;
  return JSON.stringify(Object.fromEntries(Object.entries(config).sort(([a], [b]) => a.localeCompare(b))));
}

/**
 * A result's row. Latency statistics come from the samples through summarizeCase (the
 * one summary of a case's timings), unless the caller gives them (results stored with
 * statistics but no samples).
 */
function resultRow(caseId: number, r: NewResult, createdAt: string) {
  const samples = Array.isArray(r.samples) ? (r.samples as TimedRegion[]) : null;
  const stats = r.medianMs !== undefined ? null : summarizeCase(samples);
  return {
    case_id: caseId,
    outcome: r.outcome,
    category: r.category ?? null,
    error_type: r.errorType ?? null,
    error_message: r.errorMessage ?? null,
    traceback: r.traceback ?? null,
    stdout: r.stdout ?? null,
    stderr: r.stderr ?? null,
    duration_ms: r.durationMs ?? null,
    cold_ms: stats ? stats.coldMs : (r.coldMs ?? null),
    n: stats ? stats.n : (r.n ?? null),
    median_ms: stats ? stats.medianMs : (r.medianMs ?? null),
    mean_ms: stats ? stats.meanMs : (r.meanMs ?? null),
    min_ms: stats ? stats.minMs : (r.minMs ?? null),
    iqr_ms: stats ? stats.iqrMs : (r.iqrMs ?? null),
    mad_ms: stats ? stats.madMs : (r.madMs ?? null),
    samples: r.samples === undefined || r.samples === null ? null : JSON.stringify(r.samples),
    worker_pid: r.workerPid ?? null,
    created_at: createdAt,
    test_error: r.testError ?? null,
    state_changes: r.stateChanges?.length ? JSON.stringify(r.stateChanges) : null,
    analysis: r.analysis && Object.keys(r.analysis).length ? JSON.stringify(r.analysis) : null,
    ops: r.ops ? JSON.stringify(r.ops) : null,
    compile_group: r.compileGroup ? JSON.stringify(r.compileGroup) : null,
  };
}

/** The results store: runs → targets → cases → results. Every write is its own commit. */
export class Store {
  private constructor(
    readonly db: Kysely<Database>,
    readonly dialect: Dialect,
    readonly location: string,
  ) {}

  static async open(location: string): Promise<Store> {
    const { db, dialect, location: where } = await openDatabase(location);
    return new Store(db, dialect, where);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  /** Run `fn` on a store whose every write is part of one transaction: all of it is kept, or none. */
  async transaction<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this);
    return this.db.transaction().execute((trx) => fn(new Store(trx, this.dialect, this.location)));
  }

  // -- runs ---------------------------------------------------------------
  async createRun(run: NewRun): Promise<number> {
    const row = await this.db
      .insertInto('runs')
      .values({
        created_at: run.createdAt ?? now(),
        finished_at: run.finishedAt ?? null,
        status: run.status ?? 'running',
        origin: run.origin ?? 'run',
        suite: run.suite,
        suite_path: run.suitePath ?? null,
        suite_hash: run.suiteHash ?? null,
        portabench_version: run.portabenchVersion,
        fingerprint: JSON.stringify(run.fingerprint ?? {}),
        options: JSON.stringify(run.options ?? {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async setRunStatus(id: number, status: string): Promise<void> {
    const finished = status === 'running' ? null : now();
    await this.db.updateTable('runs').set({ status, finished_at: finished }).where('id', '=', id).execute();
  }

  async getRun(id: number): Promise<Run | undefined> {
    return this.db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async latestRun(origin = 'run'): Promise<Run | undefined> {
    return this.db.selectFrom('runs').selectAll().where('origin', '=', origin).orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  async listRuns(filter: { origin?: string } = {}): Promise<Run[]> {
    let q = this.db.selectFrom('runs').selectAll();
    if (filter.origin) q = q.where('origin', '=', filter.origin);
    return q.orderBy('id').execute();
  }

  /** Delete a run with its targets, cases, results and collection errors, in one transaction. */
  async deleteRun(runId: number): Promise<void> {
    await this.transaction(async ({ db: trx }) => {
      const targets = trx.selectFrom('targets').select('id').where('run_id', '=', runId);
      await trx.deleteFrom('results').where('case_id', 'in', trx.selectFrom('cases').select('id').where('target_id', 'in', targets)).execute();
      await trx.deleteFrom('cases').where('target_id', 'in', trx.selectFrom('targets').select('id').where('run_id', '=', runId)).execute();
      await trx.deleteFrom('collection_errors').where('target_id', 'in', trx.selectFrom('targets').select('id').where('run_id', '=', runId)).execute();
      await trx.deleteFrom('targets').where('run_id', '=', runId).execute();
      await trx.deleteFrom('runs').where('id', '=', runId).execute();
    });
  }

  // -- targets ------------------------------------------------------------
  /** The run's target for this framework/device/mode, created if new (resume finds the old one). */
  async target(runId: number, key: TargetKey): Promise<Target> {
    const existing = await this.db
      .selectFrom('targets')
      .selectAll()
      .where('run_id', '=', runId)
      .where('framework', '=', key.framework)
      .where('device', '=', key.device)
      .where('mode', '=', key.mode)
      .executeTakeFirst();
    if (existing) return existing;
    return this.db
      .insertInto('targets')
      .values({ run_id: runId, ...key, framework_version: null, hardware: null, python: null, build: null, status: 'pending', problem: null })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async updateTarget(id: number, update: TargetUpdate): Promise<void> {
    const { build, calibration, config, ...rest } = update;
    const values: Record<string, unknown> = { ...rest };
    if (build !== undefined) values.build = JSON.stringify(build);
    if (calibration !== undefined) values.calibration = calibration === null ? null : JSON.stringify(calibration);
    if (config !== undefined) values.config = configColumn(config);
    await this.db.updateTable('targets').set(values).where('id', '=', id).execute();
  }

  async targets(runIds?: number[]): Promise<Target[]> {
    let q = this.db.selectFrom('targets').selectAll();
    if (runIds && runIds.length) q = q.where('run_id', 'in', runIds);
    return q.orderBy('run_id').orderBy('framework').orderBy('device').orderBy('mode').execute();
  }

  // -- cases and results ----------------------------------------------------
  /** The case's id, inserting it if this target has not planned it yet. */
  async caseId(targetId: number, c: NewCase): Promise<number> {
    const found = await this.db
      .selectFrom('cases')
      .select('id')
      .where('target_id', '=', targetId)
      .where('file', '=', c.file)
      .where('name', '=', c.name)
      .executeTakeFirst();
    if (found) return found.id;
    const row = await this.db
      .insertInto('cases')
      .values({ target_id: targetId, file: c.file, function: c.function, name: c.name, params: JSON.stringify(c.params ?? {}), line: c.line ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Keys (file + NUL + case name) of the cases of a target that already have a result. */
  async finishedCases(targetId: number): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('cases')
      .innerJoin('results', 'results.case_id', 'cases.id')
      .select(['cases.file', 'cases.name'])
      .where('cases.target_id', '=', targetId)
      .execute();
    return new Set(rows.map((r) => `${r.file}\0${r.name}`));
  }

  /** Store a case's result in its own transaction. A case keeps its first result: a second is ignored. */
  async recordResult(caseId: number, r: NewResult): Promise<boolean> {
    const res = await this.db
      .insertInto('results')
      .values(resultRow(caseId, r, r.createdAt ?? now()))
      .onConflict((oc) => oc.column('case_id').doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /**
   * Write many cases with their results in one transaction (importers): the same rows,
   * and the same statistics, as the runner's caseId + recordResult.
   */
  async recordCases(targetId: number, items: Array<{ case: NewCase; result: NewResult | null }>): Promise<void> {
    const created = now();
    await this.transaction(async ({ db: trx }) => {
      for (const { case: c, result } of items) {
        const row = await trx
          .insertInto('cases')
          .values({ target_id: targetId, file: c.file, function: c.function, name: c.name, params: JSON.stringify(c.params ?? {}), line: c.line ?? null })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (result) await trx.insertInto('results').values(resultRow(row.id, result, result.createdAt ?? created)).execute();
      }
    });
  }

  /** How many results each case of a run has (resume must leave exactly one). */
  async resultCounts(runId: number): Promise<Array<{ case_id: number; results: number }>> {
    const rows = await this.db
      .selectFrom('cases')
      .innerJoin('targets', 'targets.id', 'cases.target_id')
      .leftJoin('results', 'results.case_id', 'cases.id')
      .select(['cases.id as case_id', (eb) => eb.fn.count<number>('results.id').as('results')])
      .where('targets.run_id', '=', runId)
      .groupBy('cases.id')
      .execute();
    return rows.map((r) => ({ case_id: r.case_id, results: Number(r.results) }));
  }

  /** Every case of the given targets with its result, in two queries (the analysis core loads through this). */
  async casesWithResultsOf(targetIds: number[]): Promise<Map<number, CaseWithResult[]>> {
    const out = new Map<number, CaseWithResult[]>(targetIds.map((id) => [id, []]));
    if (!targetIds.length) return out;
    const cases = await this.db.selectFrom('cases').selectAll().where('target_id', 'in', targetIds).orderBy('id').execute();
    const results = await this.db
      .selectFrom('results')
      .innerJoin('cases', 'cases.id', 'results.case_id')
      .selectAll('results')
      .where('cases.target_id', 'in', targetIds)
      .execute();
    const byCase = new Map(results.map((r) => [r.case_id, r]));
    for (const c of cases) out.get(c.target_id)!.push({ ...c, result: byCase.get(c.id) ?? null });
    return out;
  }

  async casesWithResults(targetId: number): Promise<CaseWithResult[]> {
    const cases = await this.db.selectFrom('cases').selectAll().where('target_id', '=', targetId).orderBy('id').execute();
    const results = await this.db
      .selectFrom('results')
      .innerJoin('cases', 'cases.id', 'results.case_id')
      .selectAll('results')
      .where('cases.target_id', '=', targetId)
      .execute();
    const byCase = new Map(results.map((r) => [r.case_id, r]));
    return cases.map((c) => ({ ...c, result: byCase.get(c.id) ?? null }));
  }

  // -- collection errors ----------------------------------------------------
  /** Record that a test file could not be collected on a target; replaces an earlier record of the same file. */
  async recordCollectionError(targetId: number, e: NewCollectionError): Promise<void> {
    await this.transaction(async ({ db: trx }) => {
      await trx.deleteFrom('collection_errors').where('target_id', '=', targetId).where('file', '=', e.file).execute();
      await trx
        .insertInto('collection_errors')
        .values({ target_id: targetId, file: e.file, function: e.function, error_type: e.errorType, error_message: e.errorMessage, traceback: e.traceback ?? null, stdout: e.stdout ?? null, stderr: e.stderr ?? null, created_at: now() })
        .execute();
    });
  }

  /** Forget a file's collection error (it is collected again, e.g. with --retry-errors). */
  async clearCollectionError(targetId: number, file: string): Promise<void> {
    await this.db.deleteFrom('collection_errors').where('target_id', '=', targetId).where('file', '=', file).execute();
  }

  async collectionErrors(targetIds: number[]): Promise<CollectionErrorRow[]> {
    if (!targetIds.length) return [];
    return this.db.selectFrom('collection_errors').selectAll().where('target_id', 'in', targetIds).orderBy('target_id').orderBy('file').execute();
  }
}

import type { Kysely, Selectable } from 'kysely';
import { openDatabase } from './open.js';
import type { CasesTable, Database, Dialect, ResultsTable, RunsTable, TargetsTable } from './schema.js';

export type Run = Selectable<RunsTable>;
export type Target = Selectable<TargetsTable>;
export type CaseRow = Selectable<CasesTable>;
export type ResultRow = Selectable<ResultsTable>;

export interface NewRun {
  suite: string;
  suitePath?: string | null;
  suiteHash?: string | null;
  portabenchVersion: string;
  fingerprint: unknown;
  options: unknown;
  origin?: string;
  createdAt?: string;
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
}

export interface NewCase {
  file: string;
  function: string;
  name: string;
  params?: unknown;
  line?: number | null;
}

export interface NewResult {
  outcome: string;
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
}

export interface CaseWithResult extends CaseRow {
  result: ResultRow | null;
}

const now = () => new Date().toISOString();

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

  // -- runs ---------------------------------------------------------------
  async createRun(run: NewRun): Promise<number> {
    const row = await this.db
      .insertInto('runs')
      .values({
        created_at: run.createdAt ?? now(),
        finished_at: null,
        status: 'running',
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

  async listRuns(): Promise<Run[]> {
    return this.db.selectFrom('runs').selectAll().orderBy('id').execute();
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
    const { build, calibration, ...rest } = update;
    const values: Record<string, unknown> = { ...rest };
    if (build !== undefined) values.build = JSON.stringify(build);
    if (calibration !== undefined) values.calibration = calibration === null ? null : JSON.stringify(calibration);
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
      .values({
        case_id: caseId,
        outcome: r.outcome,
        category: r.category ?? null,
        error_type: r.errorType ?? null,
        error_message: r.errorMessage ?? null,
        traceback: r.traceback ?? null,
        stdout: r.stdout ?? null,
        stderr: r.stderr ?? null,
        duration_ms: r.durationMs ?? null,
        cold_ms: r.coldMs ?? null,
        n: r.n ?? null,
        median_ms: r.medianMs ?? null,
        mean_ms: r.meanMs ?? null,
        min_ms: r.minMs ?? null,
        iqr_ms: r.iqrMs ?? null,
        mad_ms: r.madMs ?? null,
        samples: r.samples === undefined ? null : JSON.stringify(r.samples),
        worker_pid: r.workerPid ?? null,
        created_at: now(),
      })
      .onConflict((oc) => oc.column('case_id').doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
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
}

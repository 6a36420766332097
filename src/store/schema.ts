import type { ColumnType, Generated } from 'kysely';
import type { Outcome } from '../model/outcome.js';

/** Table shapes, shared by SQLite and PostgreSQL. JSON columns hold text. */
export interface RunsTable {
  id: Generated<number>;
  created_at: string;
  finished_at: string | null;
  status: string; // running | finished | interrupted | failed
  origin: string; // 'run' or 'import:<format>'
  suite: string;
  suite_path: string | null;
  suite_hash: string | null;
  portabench_version: string;
  fingerprint: string; // JSON: machine fingerprint
  options: string; // JSON: the options the run was started with
}

export interface TargetsTable {
  id: Generated<number>;
  run_id: number;
  framework: string;
  framework_version: string | null;
  device: string;
  mode: string;
  hardware: string | null;
  python: string | null;
  build: string | null; // JSON: framework build info
  status: string; // pending | running | done | unavailable | failed
  problem: string | null;
  calibration: ColumnType<string | null, string | null | undefined, string | null>; // JSON (002_timing)
  /** JSON: the framework configuration where it is not the default, e.g. {"jax_enable_x64": true}; null: default (010_target_config). */
  config: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface CasesTable {
  id: Generated<number>;
  target_id: number;
  file: string;
  function: string;
  name: string;
  params: string; // JSON
  line: number | null;
}

export interface ResultsTable {
  id: Generated<number>;
  case_id: number;
  outcome: Outcome;
  category: string | null;
  error_type: string | null;
  error_message: string | null;
  traceback: string | null;
  stdout: string | null;
  stderr: string | null;
  duration_ms: number | null;
  cold_ms: number | null;
  n: number | null;
  median_ms: number | null;
  mean_ms: number | null;
  min_ms: number | null;
  iqr_ms: ColumnType<number | null, number | null | undefined, number | null>; // 002_timing
  mad_ms: ColumnType<number | null, number | null | undefined, number | null>; // 002_timing
  samples: string | null; // JSON: [{cold_ms, samples_ms: [...]}, ...]
  worker_pid: number | null;
  created_at: ColumnType<string, string, never>;
  /** Why the outcome is `test_error` (008_test_errors); null otherwise. */
  test_error: ColumnType<string | null, string | null | undefined, string | null>;
  /** JSON: [{what, before, after}] — process state the case changed, set back after it (009_state_changes). */
  state_changes: ColumnType<string | null, string | null | undefined, string | null>;
  /** JSON: what a deviceless compiler said of the program, mode aot (014_compiler_analysis); a models case's difference from CPU eager (`max_abs_diff`, `max_rel_diff`). */
  analysis: ColumnType<string | null, string | null | undefined, string | null>;
  /** JSON: the sorted operator names the case's timed calls dispatched (012_result_ops); null when not recorded. */
  ops: ColumnType<string | null, string | null | undefined, string | null>;
  /** JSON: the group the case was compiled in, `run --group N` (017_compile_group); null one by one. */
  compile_group: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A test file that could not be collected on a target (005_collection_errors). */
export interface CollectionErrorsTable {
  id: Generated<number>;
  target_id: number;
  file: string;
  function: string;
  error_type: string;
  error_message: string;
  traceback: string | null;
  stdout: string | null;
  stderr: string | null;
  created_at: string;
}

export interface Database {
  runs: RunsTable;
  collection_errors: CollectionErrorsTable;
  targets: TargetsTable;
  cases: CasesTable;
  results: ResultsTable;
}

export type Dialect = 'sqlite' | 'postgres';

/** The data the HTML report is drawn from: plain JSON, gathered by buildHtmlBundle, embedded in the page. */

/** A share of functions, in percent, with its 95% bootstrap interval when known. */
export interface Share {
  count: number;
  pct: number;
  ci: { lo: number; hi: number } | null;
}

export interface TargetLabel {
  run_id: number;
  framework: string;
  device: string;
  mode: string;
  hardware: string | null;
  /** `framework/device/mode@hardware`, the TARGET syntax of `portabench compare`. */
  label: string;
}

export interface PortabilityRow extends TargetLabel {
  functions: number;
  pass: Share;
  partial: Share;
  complete: Share;
}

export interface StratumRow extends PortabilityRow {
  /** `top-20`, `all`, `decile 1` … `decile 10`. */
  stratum: string;
}

export interface FailureCategoryRow {
  framework: string;
  device: string;
  hardware: string | null;
  label: string;
  category: string;
  count: number;
}

export interface FailingFunction {
  target: string;
  function: string;
  status: string;
  failed_cases: number;
  cases: number;
  categories: string;
  error: string;
}

export interface ComparedFunction {
  function: string;
  from_ms: number;
  to_ms: number;
  ratio: number;
}

export interface Comparison {
  framework: string;
  from: string;
  to: string;
  functions: ComparedFunction[];
  summary: {
    n: number;
    slower: number;
    slower_10x: number;
    faster: number;
    /** ratio ≤ 1/1.5: at least 1.5× faster on "to" */
    faster_1_5x: number;
    min_ratio: number | null;
    max_ratio: number | null;
    median_ratio: number | null;
  };
}

/** Per-function mean latency (ms) on one target, over its passing cases. */
export interface LatencySet {
  framework: string;
  target: string;
  values: { function: string; ms: number }[];
}

export interface HtmlBundle {
  title: string;
  generated_at: string;
  /** Where the data came from (database location) and which runs. */
  source: string;
  runs: { id: number; origin: string; created_at: string; suite: string }[];
  portability: PortabilityRow[];
  strata: StratumRow[];
  /** What a failure-category count counts (e.g. `failing cases`). */
  failure_unit: string;
  failures: FailureCategoryRow[];
  /** Each function that did not pass on a target, with its first error text. */
  failing: FailingFunction[];
  comparisons: Comparison[];
  latencies: LatencySet[];
  /** Cold vs warm rows, as flat records (shown as a table when present). */
  cold_warm: Record<string, string | number | null>[];
  /** Usage-weighted portability rows (report --usage), as flat records. */
  usage?: Record<string, string | number | null>[];
  /** Broken tests (test_error: the test's own fault, not the device's), and the counts they change, as flat records. */
  broken_tests?: Record<string, string | number | null>[];
  recorded_counts?: Record<string, string | number | null>[];
  /** Cases that changed process-wide state (set back by the worker), as flat records. */
  state_leaks?: Record<string, string | number | null>[];
  /** The models suite (src/models/tables.ts): models passing per library × target, per model, per blocking operator. */
  models?: { summary: Record<string, string | number | null>[]; models: Record<string, string | number | null>[]; operators: Record<string, string | number | null>[]; compiled?: Record<string, string | number | null>[] };
  notes: string[];
}

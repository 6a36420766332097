import { brokenTests, type BrokenTests } from './broken-tests.js';
import { calibrationTable, type CalibrationRow } from './calibration.js';
import { coldWarm, type ColdWarmRow } from './cold-warm.js';
import type { Dataset } from './dataset.js';
import { compiledOnlyFailures, declarationsTable, type CompiledOnlyRow, type DeclarationRow } from './declarations.js';
import { portabilityReport, type TargetReport } from './portability.js';
import { stateLeaks, type StateLeakRow } from './state-leaks.js';
import { usageWeighting, type UsageCorpus, type UsageRow, type UsageWeighting } from './usage.js';
import { CI_METHOD, failureCategories, portabilityTable, strataTable, type CategoryRow, type PortabilityRow, type StratumEntry, type StratumRow } from './tables.js';

/** The analysis tables of a report, over the same targets. */
export interface AllTables {
  portability: PortabilityRow[];
  strata: StratumRow[];
  failure_categories: CategoryRow[];
  cold_warm: ColdWarmRow[];
  /** Declared against actual, for targets whose cases carry declarations (generated suites). */
  declarations: DeclarationRow[];
  /** Cases passing eager and failing compiled, per compiled target. */
  compiled_only: CompiledOnlyRow[];
  /** Usage-weighted portability, per target and usage corpus (report --usage). */
  usage: UsageRow[];
  /** Failures that are the test's own fault, per target and function, and the counts they change. */
  broken_tests: BrokenTests;
  /** Cases that changed process-wide state (set back by the worker), per target. */
  state_leaks: StateLeakRow[];
  /** Unmeasured evidence (static coverage, lower, aot) against measurements of the same framework on the same device. */
  calibration: CalibrationRow[];
  ci: typeof CI_METHOD;
}

/** Everything a report shows, computed once from one dataset; `report --format json` prints it as it is. */
export interface Report extends AllTables {
  /** Each target's functions, with status, cases, failures, latency and fingerprint; `usage` when a corpus was given. */
  targets: Array<TargetReport & { usage?: UsageWeighting }>;
}

export interface ReportOptions {
  /** Frequency strata of the functions of portabench runs (from the suite's suite.json); imported runs carry their own. */
  suiteEntries?: StratumEntry[];
  /** Corpora to weigh portability by real usage (report --usage). */
  usage?: UsageCorpus[];
}

/** Every table of a report: pure functions of the dataset. */
export function allTables(ds: Dataset, opts: ReportOptions = {}): AllTables {
  return {
    portability: portabilityTable(ds),
    strata: strataTable(ds, opts.suiteEntries),
    failure_categories: failureCategories(ds),
    cold_warm: coldWarm(ds),
    declarations: declarationsTable(ds),
    compiled_only: compiledOnlyFailures(ds),
    usage: (opts.usage ?? []).flatMap((u) => usageWeighting(ds, u)),
    broken_tests: brokenTests(ds),
    state_leaks: stateLeaks(ds),
    calibration: calibrationTable(ds),
    ci: CI_METHOD,
  };
}

export function buildReport(ds: Dataset, opts: ReportOptions = {}): Report {
  const tables = allTables(ds, opts);
  const targets = portabilityReport(ds).targets.map((t) => {
    const u = tables.usage.find((r) => r.target_id === t.target_id);
    return u ? { ...t, usage: u.usage } : t;
  });
  return { targets, ...tables };
}

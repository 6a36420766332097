// The analyses, for the CLI, the reports and library users.
export { portabilityTable, strataTable, failureCategories, readSuiteStrata, CI_METHOD, type PortabilityRow, type StratumRow, type StratumEntry, type Stratum, type CategoryRow, type CategoryCount, type Share } from './tables.js';
export { compareTargets, compareData, summarizeRatios, type Comparison, type ComparisonSide, type FunctionComparison, type RatioSummary } from './compare.js';
export { parseTargetSelector, resolveSelector, describeTarget, SelectorError, type TargetSelector } from './selector.js';
export { coldWarm, type ColdWarmRow, type ColdWarmFunction } from './cold-warm.js';
export { loadTargets, latencyUsable, type AnalysisOptions, type TargetData, type TargetIdentity } from './select.js';
export { bootstrapShares, seededRandom, BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED } from './bootstrap.js';
export { allTables, type AllTables } from './all-tables.js';

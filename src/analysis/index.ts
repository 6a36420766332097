// The analysis core, for the CLI, the reports and library users: load the selected runs
// once (loadDataset), then every table is a pure function of the dataset.
export { loadDataset, datasetOf, identity, latencyUsable, type Dataset, type Selection, type TargetData, type TargetIdentity } from './dataset.js';
export { portabilityReport, targetReport, summarizeFunctions, summaryOf, type PortabilityReport, type TargetReport, type FunctionReport, type Summary } from './portability.js';
export { portabilityTable, strataTable, failureCategories, statusesOf, readSuiteStrata, CI_METHOD, type PortabilityRow, type StratumRow, type StratumEntry, type Stratum, type CategoryRow, type CategoryCount, type Share } from './tables.js';
export { compareTargets, compareData, summarizeRatios, type Comparison, type ComparisonSide, type FunctionComparison, type RatioSummary } from './compare.js';
export { parseTargetSelector, resolveSelector, matchingTargets, SelectorError, type TargetSelector } from './selector.js';
export { coldWarm, type ColdWarmRow, type ColdWarmFunction } from './cold-warm.js';
export { bootstrapShares, seededRandom, BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED } from './bootstrap.js';
export { declaredToWork, declarationsTable, compiledOnlyFailures, verdictOf, type DeclarationRow, type DeclarationFinding, type DeclarationVerdict, type CompiledOnlyRow } from './declarations.js';
export { usageWeighting, type UsageCorpus, type UsageRow, type UsageWeighting } from './usage.js';
export { loadUsageCorpus } from './usage-source.js';
export { stateLeaks, type StateLeak, type StateLeakRow } from './state-leaks.js';
export { allTables, buildReport, type AllTables, type Report, type ReportOptions } from './report.js';
export { diffTargets, diffDatasets, type Diff, type TargetDiff } from './diff.js';

import type { Store } from '../store/store.js';
import { coldWarm, type ColdWarmRow } from './cold-warm.js';
import type { AnalysisOptions } from './select.js';
import { CI_METHOD, failureCategories, portabilityTable, strataTable, type CategoryRow, type PortabilityRow, type StratumEntry, type StratumRow } from './tables.js';

/** Every table of a report, over the same runs. */
export interface AllTables {
  portability: PortabilityRow[];
  strata: StratumRow[];
  failure_categories: CategoryRow[];
  cold_warm: ColdWarmRow[];
  ci: typeof CI_METHOD;
}

export async function allTables(store: Store, opts: AnalysisOptions = {}, suiteEntries?: StratumEntry[]): Promise<AllTables> {
  return {
    portability: await portabilityTable(store, opts),
    strata: await strataTable(store, opts, suiteEntries),
    failure_categories: await failureCategories(store, opts),
    cold_warm: await coldWarm(store, opts),
    ci: CI_METHOD,
  };
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset, readSuiteStrata, type Dataset, type Selection, type StratumEntry } from '../analysis/index.js';
import type { Run } from '../store/store.js';
import { isPostgresUrl } from '../store/open.js';
import { Store } from '../store/store.js';
import { UsageError, type Settings } from './common.js';

/** Open the store a command reads; a SQLite file that does not exist is an error, not a new empty store. */
export async function openExistingStore(settings: Pick<Settings, 'db'>): Promise<Store> {
  const where = settings.db;
  if (!isPostgresUrl(where) && !existsSync(where)) throw new UsageError(`no results database at ${where}: run "npx portabench run" or "npx portabench import …" first, or pass --db`);
  return Store.open(where);
}

export function runIds(values: string[] | undefined): number[] | undefined {
  return values?.map((r) => {
    const n = Number(r);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--run expects run ids, got "${r}"`);
    return n;
  });
}

/**
 * The runs a report reads: --run ids; --all or --origin; otherwise the latest portabench run,
 * or every imported run when the store holds no run of portabench's own.
 */
export function chooseRuns(runs: Run[], opts: { run?: string[]; all?: boolean; origin?: string }): Selection & { runIds: number[] } {
  const ids = runIds(opts.run);
  if (ids?.length) {
    const missing = ids.filter((id) => !runs.some((r) => r.id === id));
    if (missing.length) throw new UsageError(`no run ${missing.join(', ')} in the store (it has runs ${runs.map((r) => r.id).join(', ') || 'none'})`);
    return { runIds: ids };
  }
  if (opts.all) return { runIds: runs.map((r) => r.id) };
  if (opts.origin) return { runIds: runs.filter((r) => r.origin === opts.origin).map((r) => r.id) };
  const own = runs.filter((r) => r.origin === 'run');
  if (own.length) return { runIds: [own[own.length - 1].id] };
  return { runIds: runs.map((r) => r.id) };
}

/** The selected runs, loaded once. */
export async function selectedDataset(store: Store, opts: { run?: string[]; all?: boolean; origin?: string }): Promise<Dataset> {
  const selection = chooseRuns(await store.listRuns(), opts);
  return selection.runIds.length ? loadDataset(store, selection) : { source: store.location, runs: [], targets: [] };
}

/** Stratum entries of the suites the dataset's runs used (suite.json beside the suite's test files), when present. */
export function suiteStrata(ds: Dataset): StratumEntry[] | undefined {
  const out: StratumEntry[] = [];
  for (const r of ds.runs) {
    if (r.origin !== 'run' || !r.suite_path) continue;
    const file = join(r.suite_path, 'suite.json');
    if (!existsSync(file)) continue;
    try {
      out.push(...readSuiteStrata(file));
    } catch (e) {
      throw new UsageError(`cannot read stratum info from ${file}: ${(e as Error).message}`);
    }
  }
  return out.length ? out : undefined;
}

import type { Kysely } from 'kysely';
import { VERSION } from '../version.js';
import type { FileSet, MethodCount, NameCount } from './counts.js';
import type { MiningResult } from './mine.js';

/** Tables of migration 003_mining. */
export interface MiningTables {
  mining_corpora: {
    id: number;
    name: string;
    inputs: string;
    files: number;
    parsed: number;
    bytes: number;
    skipped: string;
    options: string;
    portabench_version: string;
    mined_at: string;
  };
  mining_frameworks: { corpus: string; framework: string; files_importing: number };
  mining_frequencies: { corpus: string; framework: string; name: string; calls: number; refs: number; files: number };
  mining_methods: { corpus: string; framework: string; method: string; calls: number; files: number };
  mining_file_sets: { corpus: string; framework: string; names: string; files: number };
}

/** Takes the Kysely handle of a Store (`store.db`), whatever its table typing. */
function tables(db: Kysely<any>): Kysely<MiningTables> {
  return db as Kysely<MiningTables>;
}

export interface CorpusSummary {
  name: string;
  inputs: string[];
  files: number;
  parsed: number;
  bytes: number;
  skipped: Record<string, number>;
  options: Record<string, unknown>;
  minedAt: string;
  frameworks: Record<string, { files_importing: number }>;
}

const CHUNK = 200;

/**
 * Store a mining result under `corpus`, replacing what an earlier mining of the same
 * corpus name stored, in one transaction (a failure leaves the earlier one intact).
 */
export async function saveMining(db: Kysely<any>, corpus: string, inputs: string[], result: MiningResult, options: Record<string, unknown> = {}): Promise<void> {
  await tables(db).transaction().execute(async (trx) => {
    for (const t of ['mining_methods', 'mining_frequencies', 'mining_frameworks', 'mining_file_sets'] as const) await trx.deleteFrom(t).where('corpus', '=', corpus).execute();
    await trx.deleteFrom('mining_corpora').where('name', '=', corpus).execute();
    await trx
      .insertInto('mining_corpora')
      .values({
        name: corpus,
        inputs: JSON.stringify(inputs),
        files: result.files,
        parsed: result.parsed,
        bytes: result.bytes,
        skipped: JSON.stringify(result.skipped),
        options: JSON.stringify(options),
        portabench_version: VERSION,
        mined_at: new Date().toISOString(),
      } as never)
      .execute();
    const fws = Object.entries(result.frameworks).map(([framework, v]) => ({ corpus, framework, files_importing: v.files_importing }));
    if (fws.length) await trx.insertInto('mining_frameworks').values(fws).execute();
    for (let i = 0; i < result.names.length; i += CHUNK) {
      const rows = result.names.slice(i, i + CHUNK).map((n) => ({ corpus, framework: n.framework, name: n.name, calls: n.calls, refs: n.refs, files: n.files }));
      await trx.insertInto('mining_frequencies').values(rows).execute();
    }
    const sets = result.fileSets ?? [];
    for (let i = 0; i < sets.length; i += CHUNK) {
      const rows = sets.slice(i, i + CHUNK).map((s) => ({ corpus, framework: s.framework, names: JSON.stringify(s.names), files: s.files }));
      await trx.insertInto('mining_file_sets').values(rows).execute();
    }
    for (let i = 0; i < result.methods.length; i += CHUNK) {
      const rows = result.methods.slice(i, i + CHUNK).map((m) => ({ corpus, framework: m.framework, method: m.method, calls: m.calls, files: m.files }));
      await trx.insertInto('mining_methods').values(rows).execute();
    }
  });
}

export interface FrequencyQuery {
  framework?: string;
}

/**
 * Qualified-name frequencies of a mined corpus, most called first (then most
 * referenced, then by name): what the sampler ranks. Empty when the corpus is unknown.
 */
export async function readFrequencies(db: Kysely<any>, corpus: string, q: FrequencyQuery = {}): Promise<NameCount[]> {
  let query = tables(db).selectFrom('mining_frequencies').select(['name', 'framework', 'calls', 'refs', 'files']).where('corpus', '=', corpus);
  if (q.framework) query = query.where('framework', '=', q.framework);
  const rows = await query.orderBy('calls', 'desc').orderBy('refs', 'desc').orderBy('name').orderBy('framework').execute();
  return rows.map((r) => ({ name: r.name, framework: r.framework, calls: Number(r.calls), refs: Number(r.refs), files: Number(r.files) }));
}

/** A mined corpus's files grouped by the exact set of names they call ([] for corpora mined before 006, or none). */
export async function readFileSets(db: Kysely<any>, corpus: string): Promise<FileSet[]> {
  const rows = await tables(db).selectFrom('mining_file_sets').select(['framework', 'names', 'files']).where('corpus', '=', corpus).execute();
  return rows.map((r) => ({ framework: r.framework, names: JSON.parse(r.names) as string[], files: Number(r.files) }));
}

/** Bare method-name counts of a mined corpus (calls on values of unknown type). */
export async function readMethodCounts(db: Kysely<any>, corpus: string, q: FrequencyQuery = {}): Promise<MethodCount[]> {
  let query = tables(db).selectFrom('mining_methods').select(['method', 'framework', 'calls', 'files']).where('corpus', '=', corpus);
  if (q.framework) query = query.where('framework', '=', q.framework);
  const rows = await query.orderBy('calls', 'desc').orderBy('method').orderBy('framework').execute();
  return rows.map((r) => ({ method: r.method, framework: r.framework, calls: Number(r.calls), files: Number(r.files) }));
}

/** The corpora mined into this database, with their totals. */
export async function listCorpora(db: Kysely<any>): Promise<CorpusSummary[]> {
  const t = tables(db);
  const corpora = await t.selectFrom('mining_corpora').selectAll().orderBy('name').execute();
  const fws = await t.selectFrom('mining_frameworks').selectAll().orderBy('framework').execute();
  return corpora.map((c) => ({
    name: c.name,
    inputs: JSON.parse(c.inputs) as string[],
    files: Number(c.files),
    parsed: Number(c.parsed),
    bytes: Number(c.bytes),
    skipped: JSON.parse(c.skipped) as Record<string, number>,
    options: JSON.parse(c.options) as Record<string, unknown>,
    minedAt: c.mined_at,
    frameworks: Object.fromEntries(fws.filter((f) => f.corpus === c.name).map((f) => [f.framework, { files_importing: Number(f.files_importing) }])),
  }));
}

export interface CatalogJoin {
  /** framework → the catalog version joined (the most recently enumerated one). */
  versions: Record<string, string>;
  /** `framework\tname` of used names found in that catalog. */
  inCatalog: Set<string>;
}

/**
 * Join a corpus's names with the newest API catalog of each framework
 * (`portabench enumerate`); frameworks without a catalog are absent from `versions`.
 */
export async function joinCatalog(db: Kysely<any>, corpus: string): Promise<CatalogJoin> {
  const catalogs = (await db.selectFrom('catalogs').select(['id', 'framework', 'version', 'created_at']).orderBy('created_at', 'desc').orderBy('id', 'desc').execute()) as Array<{ id: number; framework: string; version: string }>;
  const versions: Record<string, string> = {};
  const inCatalog = new Set<string>();
  const seen = new Set<string>();
  for (const c of catalogs) {
    if (seen.has(c.framework)) continue;
    seen.add(c.framework);
    versions[c.framework] = c.version;
    const rows = (await db
      .selectFrom('mining_frequencies as f')
      .innerJoin('catalog_entries as e', (j) => j.onRef('e.name', '=', 'f.name').on('e.catalog_id', '=', c.id))
      .select('f.name')
      .where('f.corpus', '=', corpus)
      .where('f.framework', '=', c.framework)
      .execute()) as Array<{ name: string }>;
    for (const r of rows) inCatalog.add(`${c.framework}\t${r.name}`);
  }
  return { versions, inCatalog };
}

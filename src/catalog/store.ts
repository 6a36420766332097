import type { Kysely } from 'kysely';
import { catalogDb } from './schema.js';
import type { Catalog, CatalogEntry, EnumerationStats } from './types.js';

export interface StoredCatalog {
  id: number;
  framework: string;
  version: string;
  python: string | null;
  createdAt: string;
  names: number;
}

const CHUNK = 400; // rows per insert statement (SQLite's variable limit)

/**
 * Store a framework version's catalog, replacing an earlier one of the same
 * framework and version, in one transaction: a failure leaves the old one intact.
 */
export async function saveCatalog(db: Kysely<any>, catalog: Catalog): Promise<number> {
  return catalogDb(db).transaction().execute(async (tx) => {
    await tx.deleteFrom('catalogs').where('framework', '=', catalog.framework).where('version', '=', catalog.version).execute();
    const row = await tx
      .insertInto('catalogs')
      .values({
        framework: catalog.framework,
        version: catalog.version,
        python: catalog.python,
        created_at: new Date().toISOString(),
        stats: JSON.stringify(catalog.stats),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rows = catalog.entries.map((e) => ({ catalog_id: row.id, name: e.name, kind: e.kind, module: e.module }));
    for (let i = 0; i < rows.length; i += CHUNK) await tx.insertInto('catalog_entries').values(rows.slice(i, i + CHUNK)).execute();
    return row.id;
  });
}

/** Stored catalogs, of one framework or all, in version order. */
export async function listCatalogs(db: Kysely<any>, framework?: string): Promise<StoredCatalog[]> {
  let q = catalogDb(db)
    .selectFrom('catalogs')
    .leftJoin('catalog_entries', 'catalog_entries.catalog_id', 'catalogs.id')
    .select((eb) => ['catalogs.id', 'catalogs.framework', 'catalogs.version', 'catalogs.python', 'catalogs.created_at', eb.fn.count<number>('catalog_entries.id').as('names')])
    .groupBy(['catalogs.id', 'catalogs.framework', 'catalogs.version', 'catalogs.python', 'catalogs.created_at']);
  if (framework) q = q.where('catalogs.framework', '=', framework);
  const rows = await q.execute();
  return rows
    .map((r) => ({ id: r.id, framework: r.framework, version: r.version, python: r.python, createdAt: r.created_at, names: Number(r.names) }))
    .sort((a, b) => (a.framework === b.framework ? compareVersions(a.version, b.version) : a.framework < b.framework ? -1 : 1));
}

/** A stored catalog's entries (the newest version when none is named), or undefined. */
export async function loadCatalog(db: Kysely<any>, framework: string, version?: string): Promise<Catalog | undefined> {
  const versions = await listCatalogs(db, framework);
  const chosen = version === undefined ? versions[versions.length - 1] : versions.find((v) => v.version === version);
  if (!chosen) return undefined;
  const header = await catalogDb(db).selectFrom('catalogs').selectAll().where('id', '=', chosen.id).executeTakeFirstOrThrow();
  const entries: CatalogEntry[] = await catalogDb(db)
    .selectFrom('catalog_entries')
    .select(['name', 'kind', 'module'])
    .where('catalog_id', '=', chosen.id)
    .orderBy('name')
    .execute();
  return { framework, version: chosen.version, python: header.python, entries, stats: JSON.parse(header.stats) as EnumerationStats };
}

/** The public names of a framework's stored catalog (newest version by default): for joining usage counts. */
export async function catalogNames(db: Kysely<any>, framework: string, version?: string): Promise<Set<string>> {
  const catalog = await loadCatalog(db, framework, version);
  return new Set(catalog?.entries.map((e) => e.name) ?? []);
}

/**
 * Order version strings: numeric components compare as numbers (2.10 after 2.9),
 * others as text; a pre-release suffix sorts before the release (2.1.0rc1 < 2.1.0).
 */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[.+-]/).flatMap((p) => p.match(/\d+|\D+/g) ?? []);
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return y !== undefined && /^\d/.test(y) ? -1 : 1;
    if (y === undefined) return /^\d/.test(x) ? 1 : -1;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
    } else if (nx !== ny) {
      return nx ? 1 : -1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

import type { Generated, Kysely } from 'kysely';

/** The catalog tables (migration 004_catalog). */
export interface CatalogsTable {
  id: Generated<number>;
  framework: string;
  version: string;
  python: string | null;
  created_at: string;
  stats: string; // JSON: EnumerationStats
}

export interface CatalogEntriesTable {
  id: Generated<number>;
  catalog_id: number;
  name: string;
  kind: string;
  module: string | null;
}

export interface CatalogDatabase {
  catalogs: CatalogsTable;
  catalog_entries: CatalogEntriesTable;
}

/** View any portabench database handle as one holding the catalog tables. */
export function catalogDb(db: Kysely<any>): Kysely<CatalogDatabase> {
  return db as Kysely<CatalogDatabase>;
}

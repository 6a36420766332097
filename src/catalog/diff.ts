import type { Catalog, CatalogEntry } from './types.js';

export interface KindChange {
  name: string;
  from: string;
  to: string;
}

export interface CatalogDiff {
  framework: string;
  from: string;
  to: string;
  added: CatalogEntry[];
  removed: CatalogEntry[];
  /** Same name, another kind (a function that became a class, say). */
  changedKind: KindChange[];
  unchanged: number;
}

/** Names added and removed between two catalogs of one framework, sorted by name. */
export function diffCatalogs(from: Catalog, to: Catalog): CatalogDiff {
  const before = new Map(from.entries.map((e) => [e.name, e]));
  const after = new Map(to.entries.map((e) => [e.name, e]));
  const byName = (a: CatalogEntry, b: CatalogEntry) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const added = [...after.values()].filter((e) => !before.has(e.name)).sort(byName);
  const removed = [...before.values()].filter((e) => !after.has(e.name)).sort(byName);
  const changedKind: KindChange[] = [];
  let unchanged = 0;
  for (const [name, e] of after) {
    const old = before.get(name);
    if (!old) continue;
    if (old.kind !== e.kind) changedKind.push({ name, from: old.kind, to: e.kind });
    else unchanged++;
  }
  changedKind.sort((a, b) => (a.name < b.name ? -1 : 1));
  return { framework: to.framework, from: from.version, to: to.version, added, removed, changedKind, unchanged };
}

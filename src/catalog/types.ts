/** One public name of a framework's API. */
export interface CatalogEntry {
  /** Fully qualified public name: torch.nn.functional.relu, jax.numpy.cos, tf.linalg.svd. */
  name: string;
  /** class | function | builtin | callable | method | staticmethod | classmethod */
  kind: string;
  /** The module that defines it (may be private: jax._src.numpy.ufuncs). */
  module: string | null;
}

export interface FailedModule {
  module: string;
  error: string;
}

export interface EnumerationStats {
  modules_walked: number;
  modules_imported: number;
  modules_failed: FailedModule[];
  modules_skipped_private: number;
  modules_outside_framework: number;
  attributes_failed: number;
  objects_outside_framework: number;
  seconds: number;
}

/** What `python -m portabench.enumerate` writes. */
export interface Catalog {
  framework: string;
  version: string;
  python: string | null;
  entries: CatalogEntry[];
  stats: EnumerationStats;
}

/** Names found by the 2023 study in its framework versions (its *_flat_functions.json files). */
export const STUDY_COUNTS: Record<string, number> = { pytorch: 2898, tensorflow: 2718, jax: 1091 };

export function countByKind(entries: CatalogEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of entries) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

/** Distinct last components: the unit the 2023 study counted (it listed bare names). */
export function bareNameCount(entries: CatalogEntry[]): number {
  return new Set(entries.map((e) => e.name.slice(e.name.lastIndexOf('.') + 1))).size;
}

/**
 * The SQLite driver for this Node: one home for which build of better-sqlite3 is loaded.
 * better-sqlite3 12 (built from source for the running ABI at `npm ci`) is the one that runs
 * on Node 20; on Node 22 and later its `node::ObjectWrap` statements abort the process when
 * garbage-collected without a current Environment (a `RemoveEnvironmentCleanupHook`
 * assertion in Node 24, at exit or mid-run), so there the N-API build, better-sqlite3 13
 * (installed as `better-sqlite3-napi`, prebuilt in its package, ABI-stable: nothing to
 * compile, nothing to download), is loaded instead — it does not load on Node 20. Both have
 * the same API; the types are 12's. What this does not see: other native modules (there are none).
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

/** The package loaded on a Node of this major version. */
export function sqlitePackageFor(nodeMajor: number): 'better-sqlite3' | 'better-sqlite3-napi' {
  return nodeMajor >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3';
}

export const SQLITE_PACKAGE = sqlitePackageFor(Number(process.versions.node.split('.')[0]));

const Sqlite = createRequire(import.meta.url)(SQLITE_PACKAGE) as typeof BetterSqlite3;
export default Sqlite;

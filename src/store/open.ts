import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import Sqlite from './sqlite-driver.js';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrations.js';
import type { Database, Dialect } from './schema.js';

export interface OpenedDb {
  db: Kysely<Database>;
  dialect: Dialect;
  location: string;
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

/**
 * Open (and migrate) the store: a PostgreSQL URL (postgres://…) or a SQLite file path.
 * SQLite runs in WAL mode with synchronous=NORMAL: a committed result survives the
 * process being killed at any moment (kill -9 included: the WAL is in the OS's hands
 * once the commit returns); only a power cut or a kernel crash can lose the last few
 * commits, never corrupt the file. Full fsync per result cost more than the cases of a
 * generated sweep themselves.
 */
export async function openDatabase(location: string): Promise<OpenedDb> {
  if (isPostgresUrl(location)) {
    const pool = new pg.Pool({ connectionString: location, max: 4 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    await migrateToLatest(db, 'postgres');
    return { db, dialect: 'postgres', location };
  }
  const file = resolve(location);
  mkdirSync(dirname(file), { recursive: true });
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new Sqlite(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 10000');
  } catch (err) {
    throw new Error(`cannot open the results database ${file}: ${(err as Error).message}. Check the path, or pass another with --db.`);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrateToLatest(db, 'sqlite');
  return { db, dialect: 'sqlite', location: file };
}

import type { Generated, Kysely } from 'kysely';

/**
 * The `function_ops` table (migration 013): per framework version, what each traced public
 * function dispatches. Owns reading and writing it; knows nothing of how traces are made
 * (src/trace/trace-api.ts) or used (src/check/).
 */
export interface FunctionOpsTable {
  id: Generated<number>;
  framework: string;
  framework_version: string;
  function: string;
  ops: string | null;
  device_work: number | null;
  called_as: string | null;
  error: string | null;
  traced_at: string;
}

/** One traced function. `ops` and `deviceWork` are null when no candidate call succeeded. */
export interface FunctionTrace {
  function: string;
  ops: string[] | null;
  deviceWork: boolean | null;
  calledAs: string | null;
  error: string | null;
}

const table = (db: Kysely<any>) => db as Kysely<{ function_ops: FunctionOpsTable }>;

/** Store traces of one framework version, replacing earlier traces of the same functions. */
export async function saveFunctionTraces(db: Kysely<any>, framework: string, version: string, traces: FunctionTrace[]): Promise<void> {
  const t = table(db);
  const at = new Date().toISOString();
  await t.transaction().execute(async (tx) => {
    for (const r of traces) {
      await tx.deleteFrom('function_ops').where('framework', '=', framework).where('framework_version', '=', version).where('function', '=', r.function).execute();
      await tx
        .insertInto('function_ops')
        .values({ framework, framework_version: version, function: r.function, ops: r.ops ? JSON.stringify(r.ops) : null, device_work: r.deviceWork == null ? null : r.deviceWork ? 1 : 0, called_as: r.calledAs, error: r.error, traced_at: at })
        .execute();
    }
  });
}

/** The framework versions with stored traces, newest trace first. */
export async function tracedVersions(db: Kysely<any>, framework: string): Promise<string[]> {
  const rows = await table(db).selectFrom('function_ops').select('framework_version').select((eb) => eb.fn.max('traced_at').as('at')).where('framework', '=', framework).groupBy('framework_version').orderBy('at', 'desc').execute();
  return rows.map((r) => r.framework_version);
}

/** The traces of one framework version (default: the most recently traced), by function. */
export async function loadFunctionTraces(db: Kysely<any>, framework: string, version?: string): Promise<{ version: string | null; traces: Map<string, FunctionTrace> }> {
  const v = version ?? (await tracedVersions(db, framework))[0];
  const traces = new Map<string, FunctionTrace>();
  if (!v) return { version: null, traces };
  const rows = await table(db).selectFrom('function_ops').selectAll().where('framework', '=', framework).where('framework_version', '=', v).execute();
  for (const r of rows) traces.set(r.function, { function: r.function, ops: r.ops ? (JSON.parse(r.ops) as string[]) : null, deviceWork: r.device_work == null ? null : r.device_work === 1, calledAs: r.called_as, error: r.error });
  return { version: v, traces };
}

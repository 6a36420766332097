// A throwaway PostgreSQL server with an open Store, for one describe block of tests.
import { after, before } from 'node:test';
import { Store } from '../src/store/store.js';
import { startPostgres, type PgServer } from './postgres.js';

export interface PgStore {
  url: string;
  store: Store;
}

/** Start PostgreSQL and open the store before the block's tests; close and stop after. */
export function usePostgresStore(): PgStore {
  const env = {} as PgStore;
  let pg: PgServer | undefined;
  before(async () => {
    pg = startPostgres();
    env.url = pg.url;
    env.store = await Store.open(pg.url);
  });
  after(async () => {
    await env.store?.close();
    pg?.stop();
  });
  return env;
}

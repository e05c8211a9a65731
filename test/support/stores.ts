/**
 * The results store's backends for tests that must hold on every one of them: each test file
 * that imports this runs its store tests once per backend.
 */
import { join } from 'node:path';
import type { ResultStore } from '../../src/db/store.ts';
import { openStore } from '../../src/db/store.ts';
import { tempDir } from './fakeEngine.ts';
import { freshPostgresDatabase } from './postgres.ts';

/** One backend: a fresh empty database for each call of `fresh`, opened by `openStore` like RMLENS_DB. */
export interface StoreBackend {
  name: 'sqlite' | 'postgres';
  /** A new, empty database (a SQLite file in a temporary folder; a PostgreSQL database on the test cluster), as RMLENS_DB would name it. */
  fresh(): Promise<string>;
}

const sqlite: StoreBackend = {
  name: 'sqlite',
  fresh: async () => join(tempDir('rmlens-store-'), 'results.sqlite'),
};

/** A database on the test PostgreSQL server (support/postgres.ts: RMLENS_TEST_POSTGRES_URL, else a throwaway cluster). */
const postgres: StoreBackend = {
  name: 'postgres',
  fresh: freshPostgresDatabase,
};

/** Every backend the store tests run on. */
export const STORE_BACKENDS: readonly StoreBackend[] = [sqlite, postgres];

/** A fresh database of `backend`, opened. */
export async function freshStore(backend: StoreBackend): Promise<{ db: string; store: ResultStore }> {
  const db = await backend.fresh();
  return { db, store: await openStore(db) };
}

/**
 * Models and datasets registered through the API (`registerModel`, `registerDataset`), one row
 * each in `registrations`, so a restarted server knows them again. Rows are validated where they
 * enter the code: a row this version cannot read is an error naming it, never a half-known model.
 */
import { sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { z } from 'zod';
import { BENCHMARK_PAIRINGS, DATASET_FORMATS, PROMPT_FORMS } from '../vocabulary.ts';
import { DATA_OBJECTIVES, OBJECTIVES } from '../vocabulary.ts';
import { registrations } from './schema.ts';

/** A registered model file: where it is, what it is called and trained for, and its base's id. */
export const ModelRegistration = z.object({
  /** Real path of the file (inside the roots when it was registered). */
  path: z.string(),
  name: z.string(),
  objective: z.enum(OBJECTIVES),
  base: z.string().nullable(),
});
export type ModelRegistration = z.infer<typeof ModelRegistration>;

/** A registered dataset file and the options it is read with; `name` null keeps the file's own name. */
export const DatasetRegistration = z.object({
  /** Real path of the file (inside the roots when it was registered). */
  path: z.string(),
  name: z.string().nullable(),
  objective: z.enum(DATA_OBJECTIVES),
  format: z.enum(DATASET_FORMATS),
  prompt: z.enum(PROMPT_FORMS),
  evaluationOnly: z.boolean(),
  /** RM-Bench pairings; absent (the default, `all`) in rows written before benchmarks existed. */
  pairing: z.enum(BENCHMARK_PAIRINGS).optional(),
});
export type DatasetRegistration = z.infer<typeof DatasetRegistration>;

/** One row, by kind, in registration order. */
export type Registration =
  | { kind: 'model'; id: string; createdAt: number; model: ModelRegistration }
  | { kind: 'dataset'; id: string; createdAt: number; dataset: DatasetRegistration };

/** What registers: a model or a dataset. */
export type RegistrationKind = Registration['kind'];

const Row = z.object({ kind: z.enum(['model', 'dataset']), id: z.string(), json: z.string(), created_at: z.number().int() });

/** A raw `registrations` row (kind, id, json, created_at), validated. */
export function registrationOf(raw: unknown): Registration {
  const row = Row.parse(raw);
  const json: unknown = JSON.parse(row.json);
  return row.kind === 'model'
    ? { kind: 'model', id: row.id, createdAt: row.created_at, model: ModelRegistration.parse(json) }
    : { kind: 'dataset', id: row.id, createdAt: row.created_at, dataset: DatasetRegistration.parse(json) };
}

/** The `registrations` table (shares the results store's database); every write one transaction. */
export interface RegistrationStore {
  /** Every registration, oldest first (a model's base was registered before it). */
  list(): Promise<Registration[]>;
  /** Whether `id` is registered as `kind`. */
  has(kind: RegistrationKind, id: string): Promise<boolean>;
  /** Registers (or re-registers, keeping its first registration time) a model under `id`. */
  putModel(id: string, model: ModelRegistration): Promise<void>;
  /** Registers (or re-registers, keeping its first registration time) a dataset under `id`. */
  putDataset(id: string, dataset: DatasetRegistration): Promise<void>;
  /** Removes a registration; false when there was none. */
  delete(kind: RegistrationKind, id: string): Promise<boolean>;
}

/** The `registrations` table on SQLite (shares the results store's connection). */
export class SqliteRegistrationStore implements RegistrationStore {
  constructor(private readonly db: BetterSQLite3Database) {}

  async list(): Promise<Registration[]> {
    return this.listNow();
  }

  /** `list`, synchronously: createContext restores registrations before it returns. */
  listNow(): Registration[] {
    const raws = this.db.all(sql`/* registrationList */ select kind, id, json, created_at from ${registrations} order by created_at, rowid`);
    return raws.map(registrationOf);
  }

  async has(kind: RegistrationKind, id: string): Promise<boolean> {
    return this.db.get(sql`/* registrationHas */ select 1 from ${registrations} where kind = ${kind} and id = ${id}`) !== undefined;
  }

  async putModel(id: string, model: ModelRegistration): Promise<void> {
    this.put('model', id, ModelRegistration.parse(model));
  }

  async putDataset(id: string, dataset: DatasetRegistration): Promise<void> {
    this.put('dataset', id, DatasetRegistration.parse(dataset));
  }

  async delete(kind: RegistrationKind, id: string): Promise<boolean> {
    return this.db.transaction((tx) => tx.run(sql`/* registrationDelete */ delete from ${registrations} where kind = ${kind} and id = ${id}`).changes > 0);
  }

  private put(kind: RegistrationKind, id: string, value: ModelRegistration | DatasetRegistration): void {
    this.db.transaction((tx) => {
      // created_at is kept on conflict: restore order (bases first) must not change when a model is re-registered.
      tx.run(sql`/* registrationUpsert */ insert into ${registrations} (kind, id, json, created_at)
        values (${kind}, ${id}, ${JSON.stringify(value)}, ${Date.now()})
        on conflict (kind, id) do update set json = excluded.json`);
    });
  }
}

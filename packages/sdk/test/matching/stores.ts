/**
 * @module test/matching/stores
 * One factory per PaymentStore backend, so every suite runs against memory, a real SQLite file in a
 * temp dir, and PostgreSQL (in a schema of its own, dropped afterwards) when PG_URL is set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  betterSqlite3Executor,
  MemoryPaymentStore,
  type PaymentStore,
  pgPoolExecutor,
  SqlPaymentStore,
} from 'mutasibank';
import type pg from 'pg';
import { createPgPool } from './pg-pool.js';

/** A fresh, empty store and how to dispose of it. */
export interface StoreHandle {
  readonly store: PaymentStore;
  readonly close: () => Promise<void>;
}

/** A backend: makes fresh empty stores; `dispose` releases whatever the backend holds. */
export interface StoreBackend {
  readonly name: 'memory' | 'sqlite' | 'postgres';
  readonly open: () => Promise<StoreHandle>;
  readonly dispose: () => Promise<void>;
}

export const PG_URL = process.env.PG_URL;

export function memoryBackend(): StoreBackend {
  return {
    name: 'memory',
    open: async () => ({ store: new MemoryPaymentStore(), close: async () => {} }),
    dispose: async () => {},
  };
}

/** Each `open` is a new database file in one temp dir, removed by `dispose`. */
export function sqliteBackend(): StoreBackend {
  const dir = mkdtempSync(join(tmpdir(), 'mb-matching-'));
  let n = 0;
  return {
    name: 'sqlite',
    open: async () => {
      const db = new Database(join(dir, `store-${++n}.db`));
      db.pragma('journal_mode = WAL');
      const store = new SqlPaymentStore({ executor: betterSqlite3Executor(db) });
      await store.createSchema();
      return { store, close: async () => void db.close() };
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A schema of its own on PG_URL; each `open` is a new table prefix in it. `dispose` drops the schema. */
export function postgresBackend(url: string): StoreBackend {
  const schema = `mb_matching_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  let pool: pg.Pool | undefined;
  let n = 0;
  return {
    name: 'postgres',
    open: async () => {
      if (!pool) {
        pool = await createPgPool({ connectionString: url, max: 10, options: `-c search_path=${schema}` });
        await pool.query(`CREATE SCHEMA ${schema}`);
      }
      const store = new SqlPaymentStore({ executor: pgPoolExecutor(pool), tablePrefix: `t${++n}_` });
      await store.createSchema();
      return { store, close: async () => {} };
    },
    dispose: async () => {
      if (!pool) return;
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
      await pool.end();
    },
  };
}

/** Every backend, with its suite label; PostgreSQL is skipped (and says so) without PG_URL. */
export const BACKENDS: readonly { label: string; isSkipped: boolean; make: () => StoreBackend }[] = [
  { label: 'memory', isSkipped: false, make: memoryBackend },
  { label: 'sqlite (temp file)', isSkipped: false, make: sqliteBackend },
  { label: 'postgres (set PG_URL to run)', isSkipped: !PG_URL, make: () => postgresBackend(PG_URL ?? '') },
];

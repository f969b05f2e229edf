/**
 * @module test/helpers/dialect-store
 * A migrated store for store-level suites: a SQLite file in a fresh temp directory, or a fresh
 * PostgreSQL schema (dropped on close). `spec` is what a child process needs to open the same
 * database (the file path, or the URL with its schema).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/clock.js';
import { createSecretBox } from '../../src/security/secret-box.js';
import { openPostgres } from '../../src/store/dialects/postgres.js';
import { openSqlite } from '../../src/store/dialects/sqlite.js';
import { openStore, type Store } from '../../src/store/store.js';
import { dropPostgresSchema, freshPostgresUrl, type TestDialect } from './dialects.js';

/** The key every test store seals secrets with. */
export const TEST_STORE_KEY = Buffer.alloc(32, 7);

/** An open test store. */
export interface DialectStore {
  store: Store;
  /** A SQLite path or a `postgres://...?schema=...` URL naming this database. */
  spec: string;
  close(): Promise<void>;
}

/** Opens a store spec (as {@link DialectStore.spec} gives it). */
export async function openStoreSpec(spec: string, clock: Clock): Promise<Store> {
  const box = createSecretBox(TEST_STORE_KEY);
  if (!spec.startsWith('postgres')) return openStore(openSqlite({ filename: spec }), box, clock);
  const url = new URL(spec);
  const schema = url.searchParams.get('schema') ?? 'public';
  url.searchParams.delete('schema');
  return openStore(await openPostgres({ connectionString: url.toString(), schema }), box, clock);
}

/** Opens a fresh, migrated store on `dialect`. */
export async function openDialectStore(dialect: TestDialect, clock: Clock): Promise<DialectStore> {
  if (dialect === 'postgres') {
    const target = freshPostgresUrl();
    const store = await openStoreSpec(target.url, clock);
    return {
      store,
      spec: target.url,
      async close() {
        await store.close();
        await dropPostgresSchema(target.schema);
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'mutasibank-store-'));
  const spec = join(dir, 'store.db');
  const store = await openStoreSpec(spec, clock);
  return {
    store,
    spec,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

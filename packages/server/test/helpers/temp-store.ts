/**
 * @module test/helpers/temp-store
 * A migrated SQLite store in a fresh temp directory with one user, for unit tests of the store's
 * consumers (ingest, scheduler, invoices). `openAgain()` opens a second store on the same file, as
 * another process or a restart would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/clock.js';
import { createSecretBox } from '../../src/security/secret-box.js';
import { openSqlite } from '../../src/store/dialects/sqlite.js';
import { openStore, type Store } from '../../src/store/store.js';

const KEY = Buffer.alloc(32, 7);

/** A temp store and its first user. */
export interface TempStore {
  store: Store;
  dbPath: string;
  userId: number;
  /** Creates an account of the user (module `bca` unless told). */
  addAccount(fields?: { module?: string; bank_id?: number; account_no?: string }): Promise<number>;
  /** Another store on the same file, with the same key. */
  openAgain(): Promise<Store>;
  /** Closes the first store and removes the directory (close stores from `openAgain` yourself). */
  close(): Promise<void>;
}

/** Opens a temp store with one user. */
export async function openTempStore(clock: Clock): Promise<TempStore> {
  const dir = mkdtempSync(join(tmpdir(), 'mutasibank-unit-'));
  const dbPath = join(dir, 'unit.db');
  const openAgain = () => openStore(openSqlite({ filename: dbPath }), createSecretBox(KEY), clock);
  const store = await openAgain();
  const userId = (await store.users.create({ name: 'U', email: 'u@example.test' })).id;
  const temp: TempStore = {
    store,
    dbPath,
    userId,
    openAgain,
    async addAccount(fields = {}) {
      const account = await temp.store.accounts.create(
        userId,
        {
          bank_id: fields.bank_id ?? 1,
          module: fields.module ?? 'bca',
          account_name: 'A',
          account_no: fields.account_no ?? '1',
        },
        {},
      );
      return account.id;
    },
    async close() {
      await temp.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return temp;
}

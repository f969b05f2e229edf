import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { StatementRow } from '../connectors/connector.js';
import { createSecretBox } from '../security/secret-box.js';
import { openSqlite } from '../store/dialects/sqlite.js';
import { openStore, type Store } from '../store/store.js';
import { type IngestBatch, Ingestor } from './ingest.js';

let dir: string;
let store: Store;
let accountId: number;
const clock = new ManualClock();

const rows: StatementRow[] = [
  {
    transactionDate: '2025-01-09 00:00:00',
    description: 'SETORAN',
    type: 'CR',
    amount: 100000,
    balance: 100000,
  },
  {
    transactionDate: '2025-01-10 00:00:00',
    description: 'BIAYA ADM',
    type: 'DB',
    amount: 10000,
    balance: 90000,
  },
  { transactionDate: '2025-01-10 00:00:00', description: 'TRSF', type: 'CR', amount: 5000, balance: 95000 },
];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mutasibank-ingest-'));
  store = await openStore(
    openSqlite({ filename: join(dir, 'i.db') }),
    createSecretBox(Buffer.alloc(32, 1)),
    clock,
  );
  const user = await store.users.create({ name: 'U', email: 'u@example.test' });
  accountId = (
    await store.accounts.create(
      user.id,
      { bank_id: 1, module: 'bca', account_name: 'A', account_no: '1' },
      {},
    )
  ).id;
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Ingestor', () => {
  it('stores new rows once, sets the balance from the newest, and reports duplicates', async () => {
    const ingestor = new Ingestor(store, clock);
    const first = await ingestor.ingest({ accountId, rows, source: 'import' });
    expect(first).toMatchObject({ read: 3, duplicates: 0 });
    expect(first.inserted.map((m) => m.amount)).toEqual([100000, 10000, 5000]);
    expect((await store.accounts.getById(accountId))?.balance).toBe(95000);
    const again = await ingestor.ingest({ accountId, rows, source: 'import' });
    expect(again).toMatchObject({ read: 3, duplicates: 3, inserted: [] });
  });

  it('an older statement does not overwrite the current balance', async () => {
    const ingestor = new Ingestor(store, clock);
    await ingestor.ingest({ accountId, rows, source: 'import' });
    await ingestor.ingest({
      accountId,
      rows: [
        { transactionDate: '2024-12-01 00:00:00', description: 'OLD', type: 'CR', amount: 1, balance: 1 },
      ],
      source: 'import',
    });
    expect((await store.accounts.getById(accountId))?.balance).toBe(95000);
  });

  it('runs hooks in the transaction and rolls everything back when one throws', async () => {
    const seen: IngestBatch[] = [];
    const committed: number[] = [];
    const ingestor = new Ingestor(store, clock)
      .use(async (b) => {
        seen.push(b);
        await b.trx.updateTable('accounts').set({ note: 'touched' }).where('id', '=', b.account.id).execute();
      })
      .use(async () => {
        throw new Error('outbox down');
      })
      .onCommitted((r) => committed.push(r.inserted.length));
    await expect(ingestor.ingest({ accountId, rows, source: 'import' })).rejects.toThrow('outbox down');
    expect(seen[0]?.mutations).toHaveLength(3);
    expect(committed).toEqual([]);
    const count = await store.db
      .selectFrom('mutations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
    expect((await store.accounts.getById(accountId))?.note).toBeNull();
  });

  it('notifies after commit only when something was stored; dry runs store nothing', async () => {
    const committed: number[] = [];
    const ingestor = new Ingestor(store, clock).onCommitted((r) => committed.push(r.inserted.length));
    const dry = await ingestor.ingest({ accountId, rows, source: 'import', dryRun: true });
    expect(dry.inserted).toHaveLength(3);
    expect(committed).toEqual([]);
    await ingestor.ingest({ accountId, rows, source: 'import' });
    await ingestor.ingest({ accountId, rows, source: 'import' });
    expect(committed).toEqual([3]);
  });

  it('simulator rows are always new and carry the running balance', async () => {
    const ingestor = new Ingestor(store, clock);
    const row: StatementRow = {
      transactionDate: '2025-01-10 10:00:00',
      description: 'SAME',
      type: 'CR',
      amount: 700,
      balance: null,
    };
    await ingestor.ingest({ accountId, rows: [row], source: 'simulator', alwaysNew: true });
    const second = await ingestor.ingest({ accountId, rows: [row], source: 'simulator', alwaysNew: true });
    expect(second.inserted[0]?.balance).toBe(1400);
    expect((await store.accounts.getById(accountId))?.balance).toBe(1400);
  });
});

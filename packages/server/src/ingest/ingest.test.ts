import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempStore, type TempStore } from '../../test/helpers/temp-store.js';
import { ManualClock } from '../clock.js';
import type { StatementRow } from '../connectors/connector.js';
import type { Store } from '../store/store.js';
import { fingerprintRows } from './fingerprint.js';
import { type IngestBatch, Ingestor } from './ingest.js';

let temp: TempStore;
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
  temp = await openTempStore(clock);
  store = temp.store;
  accountId = await temp.addAccount();
});
afterEach(() => temp.close());

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

async function* pieces(...batches: StatementRow[][]): AsyncGenerator<StatementRow[]> {
  for (const b of batches) yield b;
}

async function storedCount(): Promise<number> {
  const count = await store.db
    .selectFrom('mutations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(count.n);
}

describe('Ingestor.ingestStream', () => {
  const same: StatementRow = {
    transactionDate: '2025-01-11 00:00:00',
    description: 'TRSF E-BANKING CR BUDI',
    type: 'CR',
    amount: 50000,
    balance: null,
  };

  it('gives rows split across pieces the fingerprints of one ingest() call', async () => {
    const all = [...rows, same, same, same];
    const ingestor = new Ingestor(store, clock);
    // Identical rows on both sides of a piece boundary: ordinals 0 | 1, 2.
    const result = await ingestor.ingestStream({
      accountId,
      source: 'import',
      batches: pieces(all.slice(0, 4), [], all.slice(4, 5), all.slice(5)),
    });
    expect(result).toEqual({ read: 6, insertedCount: 6, duplicates: 0, committed: true });
    const stored = await store.db
      .selectFrom('mutations')
      .select('fingerprint')
      .where('account_id', '=', accountId)
      .execute();
    expect(stored.map((r) => r.fingerprint).sort()).toEqual(fingerprintRows(accountId, all).sort());
    expect(await ingestor.ingest({ accountId, rows: all, source: 'import' })).toMatchObject({
      read: 6,
      inserted: [],
      duplicates: 6,
    });
  });

  it('hands hooks the new rows in order, at most hookBatchRows at a time, and tells listeners once', async () => {
    const sizes: number[] = [];
    const amounts: number[] = [];
    const committed: Array<[number, number, number]> = [];
    const ingestor = new Ingestor(store, clock)
      .use(async (b) => {
        sizes.push(b.mutations.length);
        amounts.push(...b.mutations.map((m) => m.amount));
      })
      .onCommitted((r, id) => committed.push([r.read, r.duplicates, id]));
    await ingestor.ingest({ accountId, rows: rows.slice(0, 1), source: 'import' });
    sizes.length = 0;
    amounts.length = 0;
    const five = Array.from({ length: 5 }, (_, i) => ({ ...same, amount: i + 1 }));
    const result = await ingestor.ingestStream({
      accountId,
      source: 'import',
      batches: pieces([rows[0]!, five[0]!], five.slice(1, 4), five.slice(4)),
      hookBatchRows: 2,
    });
    expect(result).toMatchObject({ read: 6, insertedCount: 5, duplicates: 1 });
    expect(sizes).toEqual([2, 2, 1]);
    expect(amounts).toEqual([1, 2, 3, 4, 5]);
    expect(committed).toEqual([
      [1, 0, accountId],
      [6, 1, accountId],
    ]);
  });

  it('rolls back everything, hooks included, when decide says so', async () => {
    const committed: number[] = [];
    const ingestor = new Ingestor(store, clock)
      .use(async (b) => {
        await b.trx.updateTable('accounts').set({ note: 'touched' }).where('id', '=', b.account.id).execute();
      })
      .onCommitted((r) => committed.push(r.read));
    let seen: unknown;
    const result = await ingestor.ingestStream({
      accountId,
      source: 'import',
      batches: pieces(rows.slice(0, 2), rows.slice(2)),
      hookBatchRows: 1,
      decide: (outcome) => {
        seen = { read: outcome.read, insertedCount: outcome.insertedCount, no: outcome.account.account_no };
        return 'rollback';
      },
    });
    expect(seen).toEqual({ read: 3, insertedCount: 3, no: '1' });
    expect(result).toEqual({ read: 3, insertedCount: 3, duplicates: 0, committed: false });
    expect(await storedCount()).toBe(0);
    expect((await store.accounts.getById(accountId))?.note).toBeNull();
    expect((await store.accounts.getById(accountId))?.balance).toBe(0);
    expect(committed).toEqual([]);
  });

  it('a dry run counts what would be new, runs no hook and stores nothing', async () => {
    let hookCalls = 0;
    const ingestor = new Ingestor(store, clock).use(async () => {
      hookCalls++;
    });
    await ingestor.ingest({ accountId, rows: rows.slice(0, 1), source: 'import' });
    hookCalls = 0;
    const dry = await ingestor.ingestStream({
      accountId,
      source: 'import',
      batches: pieces(rows),
      dryRun: true,
    });
    expect(dry).toEqual({ read: 3, insertedCount: 2, duplicates: 1, committed: false });
    expect(hookCalls).toBe(0);
    expect(await storedCount()).toBe(1);
  });

  it('sets the balance from the newest row of the whole stream, never from an older file', async () => {
    const ingestor = new Ingestor(store, clock);
    await ingestor.ingestStream({
      accountId,
      source: 'import',
      batches: pieces(rows.slice(2), rows.slice(0, 2)),
    });
    // Newest timestamp 2025-01-10: its last row in source order with a balance is BIAYA ADM.
    expect((await store.accounts.getById(accountId))?.balance).toBe(90000);
    const old: StatementRow = { ...same, transactionDate: '2024-06-01 00:00:00', balance: 1 };
    await ingestor.ingestStream({ accountId, source: 'import', batches: pieces([old]) });
    expect((await store.accounts.getById(accountId))?.balance).toBe(90000);
  });

  it('rolls back when the source fails part way', async () => {
    const ingestor = new Ingestor(store, clock);
    async function* failing(): AsyncGenerator<StatementRow[]> {
      yield rows;
      throw new Error('disk gone');
    }
    await expect(ingestor.ingestStream({ accountId, source: 'import', batches: failing() })).rejects.toThrow(
      'disk gone',
    );
    expect(await storedCount()).toBe(0);
  });
});

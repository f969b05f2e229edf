/**
 * The better-sqlite3 and pg examples of docs/matching.md, run as written (only the file path,
 * clock, pool construction and the callbacks' bodies differ), so the docs cannot drift.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  betterSqlite3Executor,
  type MatchablePayload,
  PaymentMatcher,
  type PaymentOrder,
  pgPoolExecutor,
  SqlPaymentStore,
  UniqueCodeAllocator,
} from 'mutasibank';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgPool } from './pg-pool.js';
import { PG_URL } from './stores.js';

const NOW = new Date('2025-01-10T02:00:00Z'); // 09:00 WIB
const clock = () => NOW;

/** The part of the docs shared by both drivers: allocate, tell the customer, match the webhook. */
async function runDocsFlow(store: SqlPaymentStore) {
  const allocator = new UniqueCodeAllocator({ store, clock });
  const order = await allocator.allocate({
    id: 'order-42',
    accountId: 1,
    amount: 150_000,
    reference: 'ORDER-42',
    expiresAt: new Date(clock().getTime() + 24 * 3_600_000),
  });
  // Tell the customer: transfer exactly order.total (e.g. Rp 150.123), reference ORDER-42.

  const paid: [PaymentOrder, string][] = [];
  const reviews: string[] = [];
  const matcher = new PaymentMatcher({
    store,
    clock,
    onPaid: async (paidOrder, mutation) => {
      paid.push([paidOrder, String(mutation.id)]);
    },
    onReview: async (_mutation, { reason }) => {
      reviews.push(reason);
    },
  });

  // In the webhook route, after the signature is verified:
  const payload: MatchablePayload = {
    account_id: 1,
    data_mutasi: [
      {
        id: 'a1b2',
        type: 'CR',
        amount: order.total,
        description: 'TRSF E-BANKING CR 0101/FTSCY/WS95271 BUDI ORDER-42',
        transaction_date: '2025-01-10 14:30:00',
      },
      {
        id: 'c3d4',
        type: 'CR',
        amount: 150_000,
        description: 'TRANSFER DARI SITI ORDER-42',
        transaction_date: '2025-01-10 15:00:00',
      },
    ],
  };
  await matcher.handle(payload);
  await matcher.handle(payload); // a retried delivery changes nothing

  expect(paid).toEqual([[expect.objectContaining({ id: 'order-42', status: 'paid' }), 'a1b2']]);
  expect(reviews).toEqual(['order_closed']);
  expect(await store.listOutcomes({ outcome: 'review' })).toHaveLength(1);
}

describe('docs/matching.md: better-sqlite3', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mb-docs-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the example', async () => {
    const db = new Database(join(dir, 'payments.db'));
    db.pragma('journal_mode = WAL');
    const store = new SqlPaymentStore({ executor: betterSqlite3Executor(db) });
    await store.createSchema();
    await runDocsFlow(store);
    db.close();
  });
});

describe.skipIf(!PG_URL)('docs/matching.md: pg (set PG_URL to run)', () => {
  it('runs the example', async () => {
    const schema = `mb_docs_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
    // The docs write `new pg.Pool(...)`; see pg-pool.ts for why the tests build it this way.
    const pool = await createPgPool({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    try {
      await pool.query(`CREATE SCHEMA ${schema}`);
      const store = new SqlPaymentStore({ executor: pgPoolExecutor(pool) });
      await store.createSchema();
      await runDocsFlow(store);
    } finally {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pool.end();
    }
  });
});

/**
 * Concurrency over real stores: parallel allocations get distinct totals, parallel deliveries of
 * the same payloads pay once. On PostgreSQL the second half also runs through two separate pools,
 * so the database (not one process's event loop) arbitrates.
 */
import {
  type MatchableMutation,
  PaymentMatcher,
  type PaymentOrder,
  type PaymentStore,
  pgPoolExecutor,
  SqlPaymentStore,
  UniqueCodeAllocator,
  UniqueCodeExhaustedError,
} from 'mutasibank';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgPool } from './pg-pool.js';
import { BACKENDS, PG_URL, type StoreBackend } from './stores.js';

const T0 = new Date('2025-01-10T02:00:00Z');
const clock = () => T0;

function creditFor(order: PaymentOrder, id: string): MatchableMutation {
  return {
    id,
    type: 'CR',
    amount: order.total,
    description: `TRF ${order.reference ?? ''}`,
    transaction_date: '2025-01-10 14:00:00',
  };
}

/** Delivers every payload `copies` times, all at once, through the given matchers in turn. */
async function deliverConcurrently(
  matchers: PaymentMatcher[],
  payloads: { account_id: number; data_mutasi: MatchableMutation[] }[],
  copies: number,
) {
  const calls: Promise<unknown>[] = [];
  for (let c = 0; c < copies; c++) {
    for (const [i, payload] of payloads.entries()) {
      const shuffled =
        c % 2 === 0 ? payload : { ...payload, data_mutasi: [...payload.data_mutasi].reverse() };
      calls.push(matchers[(c + i) % matchers.length]!.handle(shuffled));
    }
  }
  await Promise.all(calls);
}

async function expectPaidOnce(
  store: PaymentStore,
  orders: PaymentOrder[],
  paid: { order: string; mutation: string }[],
) {
  expect(paid).toHaveLength(orders.length);
  expect(new Set(paid.map((p) => p.order)).size).toBe(orders.length);
  expect(new Set(paid.map((p) => p.mutation)).size).toBe(orders.length);
  for (const p of paid)
    expect(await store.getOrder(p.order)).toMatchObject({ status: 'paid', paidMutationId: p.mutation });
}

for (const entry of BACKENDS) {
  describe.skipIf(entry.isSkipped)(`concurrency: ${entry.label}`, () => {
    let backend: StoreBackend;
    const closers: (() => Promise<void>)[] = [];
    const fresh = async () => {
      const handle = await backend.open();
      closers.push(handle.close);
      return handle.store;
    };
    beforeAll(() => {
      backend = entry.make();
    });
    afterAll(async () => {
      for (const close of closers) await close();
      await backend.dispose();
    });

    it('gives 1,000 parallel allocations on one account 1,000 distinct totals', async () => {
      const store = await fresh();
      const allocator = new UniqueCodeAllocator({ store, clock });
      const orders = await Promise.all(
        Array.from({ length: 1000 }, (_, i) =>
          allocator.allocate({
            id: `o${i}`,
            accountId: 1,
            amount: [100_000, 150_000, 250_000][i % 3]!,
            reference: `ORDER-${i}`,
          }),
        ),
      );
      expect(new Set(orders.map((o) => o.total)).size).toBe(1000);
      expect(await store.listOpenTotals('1', 0, 10_000_000)).toHaveLength(1000);
    });

    it('fills a range exactly under contention and refuses the one allocation too many', async () => {
      const store = await fresh();
      const allocator = new UniqueCodeAllocator({ store, clock, maxCode: 200 });
      const sequential = new UniqueCodeAllocator({ store, clock, maxCode: 200, strategy: 'sequential' });
      const results = await Promise.allSettled(
        Array.from({ length: 201 }, (_, i) =>
          (i % 4 === 0 ? sequential : allocator).allocate({ id: `o${i}`, accountId: 1, amount: 150_000 }),
        ),
      );
      const totals = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.total] : []));
      expect(new Set(totals).size).toBe(200);
      const rejected = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
      expect(rejected).toHaveLength(1);
      expect(rejected[0]).toBeInstanceOf(UniqueCodeExhaustedError);
    });

    it('pays each order once when the same payloads are delivered many times at once', async () => {
      const store = await fresh();
      const allocator = new UniqueCodeAllocator({ store, clock });
      const orders: PaymentOrder[] = [];
      for (let i = 0; i < 60; i++) {
        orders.push(
          await allocator.allocate({ id: `o${i}`, accountId: 1, amount: 150_000, reference: `ORDER-${i}` }),
        );
      }
      const paid: { order: string; mutation: string }[] = [];
      const matcher = new PaymentMatcher({
        store,
        clock,
        onPaid: (order, mutation) => {
          paid.push({ order: order.id, mutation: String(mutation.id) });
        },
      });
      const payloads = [];
      for (let i = 0; i < orders.length; i += 6) {
        payloads.push({
          account_id: 1,
          data_mutasi: orders.slice(i, i + 6).map((o) => creditFor(o, `m-${o.id}`)),
        });
      }
      await deliverConcurrently([matcher], payloads, 8);
      await expectPaidOnce(store, orders, paid);
    });
  });
}

describe.skipIf(!PG_URL)('concurrency across two PostgreSQL pools (set PG_URL to run)', () => {
  const schema = `mb_pools_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  let pools: Awaited<ReturnType<typeof createPgPool>>[] = [];
  let stores: SqlPaymentStore[] = [];
  beforeAll(async () => {
    pools = await Promise.all(
      [0, 1].map(() =>
        createPgPool({ connectionString: PG_URL, max: 8, options: `-c search_path=${schema}` }),
      ),
    );
    await pools[0]!.query(`CREATE SCHEMA ${schema}`);
    stores = pools.map((pool) => new SqlPaymentStore({ executor: pgPoolExecutor(pool) }));
    await stores[0]!.createSchema();
  });
  afterAll(async () => {
    await pools[0]?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await Promise.all(pools.map((pool) => pool.end()));
  });

  it('allocates distinct totals and pays each order once, whichever pool wins', async () => {
    const allocators = stores.map((store) => new UniqueCodeAllocator({ store, clock }));
    const orders = await Promise.all(
      Array.from({ length: 400 }, (_, i) =>
        allocators[i % 2]!.allocate({ id: `o${i}`, accountId: 1, amount: 150_000, reference: `ORDER-${i}` }),
      ),
    );
    expect(new Set(orders.map((o) => o.total)).size).toBe(400);

    const paid: { order: string; mutation: string }[] = [];
    const matchers = stores.map(
      (store) =>
        new PaymentMatcher({
          store,
          clock,
          onPaid: (order, mutation) => {
            paid.push({ order: order.id, mutation: String(mutation.id) });
          },
        }),
    );
    const payloads = [];
    for (let i = 0; i < 120; i += 10) {
      payloads.push({
        account_id: 1,
        data_mutasi: orders.slice(i, i + 10).map((o) => creditFor(o, `m-${o.id}`)),
      });
    }
    await deliverConcurrently(matchers, payloads, 6);
    await expectPaidOnce(stores[1]!, orders.slice(0, 120), paid);
  });
});

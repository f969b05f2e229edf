/**
 * Property tests of the whole matcher over real stores: random orders (shared base prices, so the
 * codes matter), random transfers (exact, late, too late, early, partial, over, noise, debits,
 * wrong references), delivered in random batches, repeatedly, shuffled, several at once.
 */
import fc from 'fast-check';
import {
  formatWibDateTime,
  type MatchableMutation,
  PaymentMatcher,
  type PaymentOrder,
  type PaymentStore,
  UniqueCodeAllocator,
} from 'mutasibank';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type StoreBackend } from './stores.js';

const T0 = new Date('2025-01-10T02:00:00Z'); // 09:00 WIB
const SEC = 1000;
const MIN = 60 * SEC;
const GRACE_MS = 60 * MIN;

type Kind = 'exact' | 'late' | 'too_late' | 'early' | 'partial' | 'over' | 'noise' | 'debit' | 'wrong_ref';

const scenarioArb = fc.record({
  orders: fc.array(
    fc.record({
      amount: fc.constantFrom(10_000, 20_000, 50_000),
      hasReference: fc.boolean(),
      createdMin: fc.integer({ min: 0, max: 120 }),
      lifetimeMin: fc.option(fc.integer({ min: 30, max: 600 }), { nil: null }),
      isCancelled: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
    }),
    { minLength: 1, maxLength: 10 },
  ),
  transfers: fc.array(
    fc.record({
      orderIndex: fc.nat(),
      otherIndex: fc.nat(),
      kind: fc.constantFrom<Kind>(
        'exact',
        'exact',
        'exact',
        'late',
        'too_late',
        'early',
        'partial',
        'over',
        'noise',
        'debit',
        'wrong_ref',
      ),
      delta: fc.integer({ min: 1, max: 2000 }),
      withReference: fc.boolean(),
      offsetMin: fc.integer({ min: 0, max: 600 }),
    }),
    { maxLength: 14 },
  ),
  batchSize: fc.integer({ min: 1, max: 5 }),
  repeats: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 16, maxLength: 16 }),
  concurrency: fc.integer({ min: 1, max: 4 }),
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

interface Transfer {
  mutation: MatchableMutation;
  at: Date;
  /** This transfer must end with its order paid (exact total, in window, no other order named). */
  mustPay: string | null;
}

async function runScenario(store: PaymentStore, s: Scenario): Promise<void> {
  const random = prng(s.seed);
  const allocator = new UniqueCodeAllocator({ store, clock: () => T0, random });
  const orders: PaymentOrder[] = [];
  for (const [i, o] of s.orders.entries()) {
    const validFrom = new Date(T0.getTime() + o.createdMin * MIN);
    orders.push(
      await allocator.allocate({
        id: `o${i}`,
        accountId: 1,
        amount: o.amount,
        reference: o.hasReference ? `ORDER-${i}` : null,
        validFrom,
        expiresAt: o.lifetimeMin === null ? null : new Date(validFrom.getTime() + o.lifetimeMin * MIN),
      }),
    );
  }
  const cancelled = new Set<string>();
  for (const [i, o] of s.orders.entries()) {
    if (o.isCancelled && (await store.cancelOrder(`o${i}`))) cancelled.add(`o${i}`);
  }

  const transfers: Transfer[] = s.transfers.map((t, j) => {
    const order = orders[t.orderIndex % orders.length]!;
    const other = orders[t.otherIndex % orders.length]!;
    // Whole seconds only: transaction_date has no milliseconds, and the model must see what the matcher sees.
    const start = order.validFrom.getTime();
    const end = order.expiresAt?.getTime();
    const inWindow =
      end === undefined ? start + t.offsetMin * MIN : start + ((t.offsetMin * MIN) % (end - start + SEC));
    let at = inWindow;
    let amount = order.total;
    let description = `TRSF E-BANKING CR 0101/FTSCY/WS9${j} ${amount}.00 BUDI`;
    if (t.withReference && order.reference) description += ` ${order.reference}`;
    if (t.kind === 'late')
      at = end === undefined ? inWindow : end + SEC + ((t.offsetMin * MIN) % (GRACE_MS - SEC));
    if (t.kind === 'too_late') at = (end ?? start + 10_000 * MIN) + GRACE_MS + SEC + t.offsetMin * MIN;
    if (t.kind === 'early') at = start - SEC - t.offsetMin * MIN;
    if (t.kind === 'partial') amount = order.total - t.delta;
    if (t.kind === 'over') amount = order.total + t.delta;
    if (t.kind === 'noise') amount = 1 + ((t.delta * 7919 + t.offsetMin) % 100_000);
    const namesOther = t.kind === 'wrong_ref' && other.reference !== null && other.id !== order.id;
    if (t.kind === 'wrong_ref' && other.reference) description += ` ${other.reference}`;
    const isExactInWindow =
      t.kind === 'exact' || t.kind === 'late' || (t.kind === 'wrong_ref' && !namesOther);
    return {
      mutation: {
        id: `m${j}`,
        type: t.kind === 'debit' ? 'DB' : 'CR',
        amount,
        description,
        transaction_date: formatWibDateTime(new Date(at)),
      },
      at: new Date(at),
      mustPay: isExactInWindow && !cancelled.has(order.id) ? order.id : null,
    };
  });

  const paidCalls: { order: PaymentOrder; mutation: MatchableMutation; isLate: boolean }[] = [];
  const matcher = new PaymentMatcher({
    store,
    clock: () => T0,
    gracePeriodMs: GRACE_MS,
    // These scenarios are about second precision; a time landing on 00:00:00 must not switch to days.
    midnightIsDateOnly: false,
    onPaid: (order, mutation, info) => {
      paidCalls.push({ order, mutation, isLate: info.isLate });
    },
  });

  const batches: MatchableMutation[][] = [];
  for (let i = 0; i < transfers.length; i += s.batchSize) {
    batches.push(transfers.slice(i, i + s.batchSize).map((t) => t.mutation));
  }
  const deliveries = shuffle(
    batches.flatMap((batch, i) =>
      Array.from({ length: s.repeats[i % s.repeats.length]! }, () => shuffle(batch, random)),
    ),
    random,
  );
  for (let i = 0; i < deliveries.length; i += s.concurrency) {
    await Promise.all(
      deliveries
        .slice(i, i + s.concurrency)
        .map((batch) => matcher.handle({ account_id: 1, data_mutasi: batch })),
    );
  }

  // No order paid twice, no mutation paying two orders.
  const paidOrders = paidCalls.map((c) => c.order.id);
  const payingMutations = paidCalls.map((c) => String(c.mutation.id));
  expect(new Set(paidOrders).size).toBe(paidOrders.length);
  expect(new Set(payingMutations).size).toBe(payingMutations.length);

  const byId = new Map(transfers.map((t) => [String(t.mutation.id), t]));
  for (const call of paidCalls) {
    const t = byId.get(String(call.mutation.id))!;
    const original = orders.find((o) => o.id === call.order.id)!;
    // Only an exact credit, inside the window plus grace, of an order that was open.
    expect(call.mutation.type).toBe('CR');
    expect(call.mutation.amount).toBe(original.total);
    expect(cancelled.has(original.id)).toBe(false);
    expect(t.at.getTime()).toBeGreaterThanOrEqual(original.validFrom.getTime());
    const expiry = original.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
    expect(t.at.getTime()).toBeLessThanOrEqual(expiry + GRACE_MS);
    expect(call.isLate).toBe(t.at.getTime() > expiry);
    // Never against a reference to another order.
    for (const other of orders) {
      if (other.id !== original.id && other.reference) {
        expect(call.mutation.description.endsWith(` ${other.reference}`)).toBe(false);
      }
    }
    expect(await store.getOrder(original.id)).toMatchObject({
      status: 'paid',
      paidMutationId: String(call.mutation.id),
    });
  }
  // Every exact unique-total transfer inside its window pays its order.
  for (const t of transfers) if (t.mustPay) expect(paidOrders).toContain(t.mustPay);
  // Every credit has exactly one recorded outcome; debits none.
  for (const t of transfers) {
    const recorded = await store.getOutcome('1', String(t.mutation.id));
    if (t.mutation.type === 'DB') expect(recorded).toBeUndefined();
    else expect(recorded).toBeDefined();
  }
  for (const o of orders) {
    const stored = await store.getOrder(o.id);
    expect(stored?.status === 'paid').toBe(paidOrders.includes(o.id));
  }
}

const RUNS: Record<string, number> = {
  memory: 150,
  'sqlite (temp file)': 40,
  'postgres (set PG_URL to run)': 15,
};

for (const entry of BACKENDS) {
  describe.skipIf(entry.isSkipped)(`PaymentMatcher properties: ${entry.label}`, () => {
    let backend: StoreBackend;
    const closers: (() => Promise<void>)[] = [];
    beforeAll(() => {
      backend = entry.make();
    });
    afterAll(async () => {
      for (const close of closers) await close();
      await backend.dispose();
    });

    it('pays each order at most once, each mutation at most one order, and every exact in-window transfer', async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb, async (scenario) => {
          const handle = await backend.open();
          closers.push(handle.close);
          await runScenario(handle.store, scenario);
        }),
        { numRuns: RUNS[entry.label] ?? 20 },
      );
    }, 120_000);
  });
}

/**
 * @module test/matching/payment-store.contract
 * The PaymentStore contract: every implementation must pass it unchanged (memory, SQLite, PostgreSQL).
 */
import type { NewPaymentOrder, OutcomeRecord, PaymentStore } from 'mutasibank';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreBackend } from './stores.js';

const T0 = new Date('2025-01-10T01:00:00Z');

export function newOrder(over: Partial<NewPaymentOrder> & { id: string; total: number }): NewPaymentOrder {
  return {
    accountId: '1',
    amount: over.total - 1,
    uniqueCode: 1,
    reference: null,
    validFrom: T0,
    expiresAt: null,
    ...over,
  };
}

export function outcome(over: Partial<OutcomeRecord> & { mutationId: string }): OutcomeRecord {
  return {
    accountId: '1',
    outcome: 'unmatched',
    reason: 'no_match',
    orderIds: [],
    amount: 150123,
    description: 'TRSF E-BANKING CR 0101/FTSCY/WS95271 150123.00 BUDI',
    transactionDate: '2025-01-10 14:30:00',
    recordedAt: T0,
    ...over,
  };
}

export function paid(mutationId: string, orderId: string, over: Partial<OutcomeRecord> = {}): OutcomeRecord {
  return outcome({ mutationId, outcome: 'paid', reason: null, orderIds: [orderId], ...over });
}

/** Runs the contract against `make()`; each test gets a fresh empty store. */
export function describePaymentStoreContract(make: () => StoreBackend): void {
  let backend: StoreBackend;
  let closers: (() => Promise<void>)[] = [];
  beforeAll(() => {
    backend = make();
  });
  afterAll(async () => {
    for (const close of closers) await close();
    closers = [];
    await backend.dispose();
  });
  const fresh = async (): Promise<PaymentStore> => {
    const handle = await backend.open();
    closers.push(handle.close);
    return handle.store;
  };

  describe('reserveTotal', () => {
    it('stores an open order and refuses a second open order with the same account and total', async () => {
      const store = await fresh();
      const order = await store.reserveTotal(newOrder({ id: 'a', total: 150123, reference: 'ORDER-1' }));
      expect(order).toMatchObject({
        id: 'a',
        accountId: '1',
        total: 150123,
        status: 'open',
        reference: 'ORDER-1',
      });
      expect(order?.validFrom).toEqual(T0);
      expect(await store.reserveTotal(newOrder({ id: 'b', total: 150123 }))).toBeUndefined();
      expect(await store.getOrder('b')).toBeUndefined();
      expect(await store.reserveTotal(newOrder({ id: 'c', total: 150123, accountId: '2' }))).toBeDefined();
    });
    it('frees a total once its order is cancelled, paid or expired', async () => {
      const store = await fresh();
      await store.reserveTotal(newOrder({ id: 'a', total: 100001 }));
      expect(await store.cancelOrder('a')).toBe(true);
      expect(await store.cancelOrder('a')).toBe(false);
      await store.reserveTotal(newOrder({ id: 'b', total: 100001 }));
      expect((await store.markPaid(paid('m1', 'b'))).won).toBe(true);
      await store.reserveTotal(
        newOrder({ id: 'c', total: 100001, expiresAt: new Date(T0.getTime() + 1000) }),
      );
      expect(await store.expireOrders('1', new Date(T0.getTime() + 2000))).toBe(1);
      expect(await store.reserveTotal(newOrder({ id: 'd', total: 100001 }))).toMatchObject({
        status: 'open',
      });
    });
    it('throws on a duplicate order id instead of reporting the total as taken', async () => {
      const store = await fresh();
      await store.reserveTotal(newOrder({ id: 'a', total: 100001 }));
      await expect(store.reserveTotal(newOrder({ id: 'a', total: 100002 }))).rejects.toThrow();
    });
    it('keeps large safe integers exact', async () => {
      const store = await fresh();
      const big = 9_000_000_000_123;
      await store.reserveTotal(newOrder({ id: 'a', total: big, amount: big - 123, uniqueCode: 123 }));
      expect(await store.findOpenOrderByTotal('1', big)).toMatchObject({
        total: big,
        amount: big - 123,
        uniqueCode: 123,
      });
    });
  });

  describe('lookups', () => {
    it('lists open totals in a range, ascending, and finds open orders by total', async () => {
      const store = await fresh();
      for (const [id, total] of [
        ['a', 150500],
        ['b', 150100],
        ['c', 150999],
        ['d', 151000],
      ] as const) {
        await store.reserveTotal(newOrder({ id, total }));
      }
      await store.cancelOrder('c');
      expect(await store.listOpenTotals('1', 150001, 150999)).toEqual([150100, 150500]);
      expect(await store.listOpenTotals('2', 150001, 150999)).toEqual([]);
      expect((await store.findOpenOrderByTotal('1', 150500))?.id).toBe('a');
      expect(await store.findOpenOrderByTotal('1', 150999)).toBeUndefined();
      expect(await store.findOpenOrderByTotal('2', 150500)).toBeUndefined();
    });
    it('finds open orders near a total, closest first, ties to the lower total, limited', async () => {
      const store = await fresh();
      for (const [id, total] of [
        ['a', 149990],
        ['b', 150010],
        ['c', 150003],
        ['d', 151500],
        ['e', 149997],
      ] as const) {
        await store.reserveTotal(newOrder({ id, total }));
      }
      await store.cancelOrder('e');
      const near = await store.findOpenOrdersNear('1', {
        minTotal: 149000,
        maxTotal: 151000,
        around: 150000,
        limit: 3,
      });
      expect(near.map((o) => o.id)).toEqual(['c', 'a', 'b']);
      const one = await store.findOpenOrdersNear('1', {
        minTotal: 149000,
        maxTotal: 151000,
        around: 150000,
        limit: 1,
      });
      expect(one.map((o) => o.id)).toEqual(['c']);
    });
    it('finds orders of any status by normalised reference, within the account', async () => {
      const store = await fresh();
      await store.reserveTotal(newOrder({ id: 'a', total: 100001, reference: 'INV/2025/001' }));
      await store.reserveTotal(newOrder({ id: 'b', total: 100002, reference: 'order-7' }));
      await store.reserveTotal(newOrder({ id: 'c', total: 100003, reference: 'ORDER-7', accountId: '2' }));
      await store.cancelOrder('a');
      const found = await store.findOrdersByReference('1', ['INV2025001', 'ORDER7', 'NOPE']);
      expect(found.map((o) => `${o.id}:${o.status}`).sort()).toEqual(['a:cancelled', 'b:open']);
      expect(await store.findOrdersByReference('1', [])).toEqual([]);
    });
  });

  describe('markPaid', () => {
    it('pays an open order once and records the outcome as pending', async () => {
      const store = await fresh();
      await store.reserveTotal(newOrder({ id: 'a', total: 100001 }));
      await store.reserveTotal(newOrder({ id: 'b', total: 100002 }));
      const at = new Date(T0.getTime() + 60_000);
      const won = await store.markPaid(paid('m1', 'a', { recordedAt: at }));
      expect(won).toMatchObject({ won: true, order: { id: 'a', status: 'paid', paidMutationId: 'm1' } });
      expect(won.won && won.order.paidAt).toEqual(at);
      expect(await store.markPaid(paid('m2', 'a'))).toEqual({ won: false, reason: 'order_not_open' });
      expect(await store.markPaid(paid('m1', 'b'))).toEqual({ won: false, reason: 'mutation_recorded' });
      expect((await store.getOrder('b'))?.status).toBe('open');
      expect(await store.getOutcome('1', 'm1')).toMatchObject({
        outcome: 'paid',
        orderIds: ['a'],
        callbackState: 'pending',
      });
      expect(await store.getOutcome('1', 'm2')).toBeUndefined();
    });
    it('never pays a cancelled order, another account, or an unknown order', async () => {
      const store = await fresh();
      await store.reserveTotal(newOrder({ id: 'a', total: 100001 }));
      await store.reserveTotal(newOrder({ id: 'b', total: 100002 }));
      await store.cancelOrder('a');
      expect(await store.markPaid(paid('m1', 'a'))).toEqual({ won: false, reason: 'order_not_open' });
      expect(await store.markPaid(paid('m2', 'b', { accountId: '2' }))).toEqual({
        won: false,
        reason: 'order_not_open',
      });
      expect(await store.markPaid(paid('m3', 'zz'))).toEqual({ won: false, reason: 'order_not_open' });
      expect(await store.getOutcome('1', 'm1')).toBeUndefined();
      expect((await store.getOrder('b'))?.status).toBe('open');
    });
    it('records paid_late like paid', async () => {
      const store = await fresh();
      await store.reserveTotal(newOrder({ id: 'a', total: 100001 }));
      expect((await store.markPaid(paid('m1', 'a', { outcome: 'paid_late' }))).won).toBe(true);
      expect((await store.getOutcome('1', 'm1'))?.outcome).toBe('paid_late');
    });
    it('rejects records that are not a payment of exactly one order', async () => {
      const store = await fresh();
      await expect(store.markPaid(outcome({ mutationId: 'm1' }))).rejects.toThrow(TypeError);
      await expect(store.markPaid(paid('m1', 'a', { orderIds: ['a', 'b'] }))).rejects.toThrow(TypeError);
    });
    it('has exactly one winner among concurrent payers of one order, and of one mutation', async () => {
      const store = await fresh();
      await store.reserveTotal(newOrder({ id: 'a', total: 100001 }));
      const byOrder = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.markPaid(paid(`m${i}`, 'a'))),
      );
      expect(byOrder.filter((r) => r.won)).toHaveLength(1);
      for (let i = 0; i < 20; i++) await store.reserveTotal(newOrder({ id: `o${i}`, total: 200000 + i }));
      const byMutation = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.markPaid(paid('x', `o${i}`))),
      );
      expect(byMutation.filter((r) => r.won)).toHaveLength(1);
      expect(byMutation.filter((r) => !r.won && r.reason === 'mutation_recorded')).toHaveLength(19);
      expect(await store.listOpenTotals('1', 200000, 200019)).toHaveLength(19);
    });
  });

  describe('outcomes', () => {
    it('records a review or unmatched outcome once and round-trips it', async () => {
      const store = await fresh();
      const review = outcome({
        mutationId: 'm1',
        outcome: 'review',
        reason: 'underpaid',
        orderIds: ['b', 'a'],
      });
      expect(await store.recordOutcome(review)).toBe(true);
      expect(await store.recordOutcome(outcome({ mutationId: 'm1' }))).toBe(false);
      expect(await store.getOutcome('1', 'm1')).toEqual({ ...review, callbackState: 'pending' });
      expect(await store.getOutcome('2', 'm1')).toBeUndefined();
      expect(await store.recordOutcome(outcome({ mutationId: 'm1', accountId: '2' }))).toBe(true);
    });
    it('refuses a second outcome for a paid mutation, and paid records through recordOutcome', async () => {
      const store = await fresh();
      await store.reserveTotal(newOrder({ id: 'a', total: 100001 }));
      await store.markPaid(paid('m1', 'a'));
      expect(await store.recordOutcome(outcome({ mutationId: 'm1' }))).toBe(false);
      await expect(store.recordOutcome(paid('m2', 'a'))).rejects.toThrow(TypeError);
    });
    it('moves callback states only from the expected state', async () => {
      const store = await fresh();
      await store.recordOutcome(outcome({ mutationId: 'm1' }));
      expect(await store.updateCallbackState('1', 'm1', 'done', 'failed')).toBe(false);
      expect(await store.updateCallbackState('1', 'm1', 'pending', 'failed')).toBe(true);
      const retries = await Promise.all(
        [1, 2, 3].map(() => store.updateCallbackState('1', 'm1', 'failed', 'pending')),
      );
      expect(retries.filter(Boolean)).toHaveLength(1);
      expect(await store.updateCallbackState('1', 'nope', 'pending', 'done')).toBe(false);
    });
    it('lists outcomes newest first, filtered and limited', async () => {
      const store = await fresh();
      await store.reserveTotal(newOrder({ id: 'a', total: 100001 }));
      const at = (s: number) => new Date(T0.getTime() + s * 1000);
      await store.recordOutcome(outcome({ mutationId: 'm1', recordedAt: at(1) }));
      await store.markPaid(paid('m2', 'a', { recordedAt: at(2) }));
      await store.recordOutcome(outcome({ mutationId: 'm3', recordedAt: at(3), accountId: '2' }));
      await store.recordOutcome(outcome({ mutationId: 'm4', recordedAt: at(4) }));
      await store.updateCallbackState('1', 'm4', 'pending', 'failed');
      const ids = (list: { mutationId: string }[]) => list.map((o) => o.mutationId);
      expect(ids(await store.listOutcomes())).toEqual(['m4', 'm3', 'm2', 'm1']);
      expect(ids(await store.listOutcomes({ accountId: '1', outcome: 'unmatched' }))).toEqual(['m4', 'm1']);
      expect(ids(await store.listOutcomes({ callbackState: 'failed' }))).toEqual(['m4']);
      expect(ids(await store.listOutcomes({ limit: 2 }))).toEqual(['m4', 'm3']);
    });
  });

  describe('expireOrders', () => {
    it('expires only open orders of the account whose expiry is before the cut-off', async () => {
      const store = await fresh();
      const at = (s: number) => new Date(T0.getTime() + s * 1000);
      await store.reserveTotal(newOrder({ id: 'a', total: 100001, expiresAt: at(10) }));
      await store.reserveTotal(newOrder({ id: 'b', total: 100002, expiresAt: at(30) }));
      await store.reserveTotal(newOrder({ id: 'c', total: 100003 }));
      await store.reserveTotal(newOrder({ id: 'd', total: 100004, expiresAt: at(10), accountId: '2' }));
      await store.reserveTotal(newOrder({ id: 'e', total: 100005, expiresAt: at(10) }));
      await store.markPaid(paid('m1', 'e'));
      expect(await store.expireOrders('1', at(20))).toBe(1);
      expect((await store.getOrder('a'))?.status).toBe('expired');
      expect((await store.getOrder('b'))?.status).toBe('open');
      expect((await store.getOrder('d'))?.status).toBe('open');
      expect((await store.getOrder('e'))?.status).toBe('paid');
      expect(await store.expireOrders('1', at(20))).toBe(0);
    });
  });
}

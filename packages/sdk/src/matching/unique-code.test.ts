import { describe, expect, it } from 'vitest';
import { PaymentMatchingError, UniqueCodeExhaustedError } from './errors.js';
import { MemoryPaymentStore } from './memory-payment-store.js';
import { UniqueCodeAllocator } from './unique-code.js';

const NOW = new Date('2025-01-10T03:00:00Z');
const clock = () => NOW;

/** A small deterministic PRNG, so "random" runs are reproducible. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('UniqueCodeAllocator', () => {
  it('adds a code from 1..999 by default and stores an open order', async () => {
    const store = new MemoryPaymentStore();
    const allocator = new UniqueCodeAllocator({ store, clock, random: seeded(1) });
    const order = await allocator.allocate({ id: 'o1', accountId: 7, amount: 150000, reference: 'ORDER-1' });
    expect(order.uniqueCode).toBeGreaterThanOrEqual(1);
    expect(order.uniqueCode).toBeLessThanOrEqual(999);
    expect(order).toMatchObject({
      accountId: '7',
      amount: 150000,
      total: 150000 + order.uniqueCode,
      status: 'open',
    });
    expect(order.validFrom).toEqual(NOW);
    expect(await store.getOrder('o1')).toEqual(order);
  });
  it('subtracts in subtract mode and keeps the total positive', async () => {
    const store = new MemoryPaymentStore();
    const allocator = new UniqueCodeAllocator({ store, clock, mode: 'subtract', strategy: 'sequential' });
    expect(await allocator.allocate({ id: 'a', accountId: 1, amount: 150000 })).toMatchObject({
      uniqueCode: 1,
      total: 149999,
    });
    const small = new UniqueCodeAllocator({
      store,
      clock,
      mode: 'subtract',
      strategy: 'sequential',
      maxCode: 999,
    });
    const codes = [];
    for (let i = 0; i < 4; i++)
      codes.push((await small.allocate({ id: `s${i}`, accountId: 1, amount: 5 })).total);
    expect(codes).toEqual([4, 3, 2, 1]);
    await expect(small.allocate({ id: 's5', accountId: 1, amount: 5 })).rejects.toBeInstanceOf(
      UniqueCodeExhaustedError,
    );
    await expect(small.allocate({ id: 's6', accountId: 1, amount: 1 })).rejects.toMatchObject({
      code: 'invalid_order',
    });
  });
  it('hands out the smallest free code in sequential mode', async () => {
    const store = new MemoryPaymentStore();
    const allocator = new UniqueCodeAllocator({
      store,
      clock,
      strategy: 'sequential',
      minCode: 10,
      maxCode: 20,
    });
    const first = await allocator.allocate({ id: 'a', accountId: 1, amount: 1000 });
    const second = await allocator.allocate({ id: 'b', accountId: 1, amount: 1000 });
    expect([first.uniqueCode, second.uniqueCode]).toEqual([10, 11]);
    await store.cancelOrder('a');
    expect((await allocator.allocate({ id: 'c', accountId: 1, amount: 1000 })).uniqueCode).toBe(10);
  });
  it('keeps totals unique across different amounts whose ranges overlap', async () => {
    const store = new MemoryPaymentStore();
    const allocator = new UniqueCodeAllocator({ store, clock, maxCode: 5, random: seeded(2) });
    const totals = new Set<number>();
    for (let i = 0; i < 5; i++)
      totals.add((await allocator.allocate({ id: `a${i}`, accountId: 1, amount: 100 })).total);
    // 102 + 1..5 = 103..107, of which only 106 and 107 are free.
    for (let i = 0; i < 2; i++)
      totals.add((await allocator.allocate({ id: `b${i}`, accountId: 1, amount: 102 })).total);
    expect([...totals].sort()).toEqual([101, 102, 103, 104, 105, 106, 107]);
    await expect(allocator.allocate({ id: 'b2', accountId: 1, amount: 102 })).rejects.toBeInstanceOf(
      UniqueCodeExhaustedError,
    );
  });
  it('fills the whole range under concurrency, then fails clearly, with a code', async () => {
    const store = new MemoryPaymentStore();
    const allocator = new UniqueCodeAllocator({ store, clock, random: seeded(3) });
    const results = await Promise.allSettled(
      Array.from({ length: 1000 }, (_, i) =>
        allocator.allocate({ id: `o${i}`, accountId: 1, amount: 150000 }),
      ),
    );
    const totals = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.total] : []));
    expect(new Set(totals).size).toBe(999);
    expect(Math.min(...totals)).toBe(150001);
    expect(Math.max(...totals)).toBe(150999);
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed).toHaveLength(1);
    const error = (failed[0] as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(UniqueCodeExhaustedError);
    expect(error).toBeInstanceOf(PaymentMatchingError);
    expect(error).toMatchObject({ code: 'unique_code_exhausted', accountId: '1', amount: 150000 });
    // Another account has its own range.
    await expect(allocator.allocate({ id: 'x', accountId: 2, amount: 150000 })).resolves.toMatchObject({
      accountId: '2',
    });
  });
  it('releases long-expired orders when the range is full, and only then', async () => {
    const store = new MemoryPaymentStore();
    let now = NOW;
    const allocator = new UniqueCodeAllocator({
      store,
      clock: () => now,
      maxCode: 2,
      releaseExpiredAfterMs: 60_000,
    });
    const expiresAt = new Date(NOW.getTime() + 1000);
    await allocator.allocate({ id: 'a', accountId: 1, amount: 100, expiresAt });
    await allocator.allocate({ id: 'b', accountId: 1, amount: 100 });
    now = new Date(NOW.getTime() + 30_000);
    await expect(allocator.allocate({ id: 'c', accountId: 1, amount: 100 })).rejects.toBeInstanceOf(
      UniqueCodeExhaustedError,
    );
    now = new Date(NOW.getTime() + 120_000);
    const c = await allocator.allocate({ id: 'c', accountId: 1, amount: 100 });
    expect((await store.getOrder('a'))?.status).toBe('expired');
    expect(c.total).toBe((await store.getOrder('a'))?.total);
    const never = new UniqueCodeAllocator({
      store,
      clock: () => now,
      maxCode: 2,
      releaseExpiredAfterMs: null,
    });
    await store.reserveTotal({ ...c, id: 'z', accountId: '9', expiresAt, reference: null });
    await store.reserveTotal({
      ...c,
      id: 'y',
      accountId: '9',
      total: c.total === 101 ? 102 : 101,
      expiresAt,
      reference: null,
    });
    await expect(never.allocate({ id: 'd', accountId: 9, amount: 100 })).rejects.toBeInstanceOf(
      UniqueCodeExhaustedError,
    );
  });
  it('refuses input that can never be allocated', async () => {
    const allocator = new UniqueCodeAllocator({ store: new MemoryPaymentStore(), clock });
    for (const amount of [0, -1, 1.5, Number.NaN]) {
      await expect(allocator.allocate({ id: 'a', accountId: 1, amount })).rejects.toMatchObject({
        code: 'invalid_order',
      });
    }
    await expect(allocator.allocate({ id: '', accountId: 1, amount: 1 })).rejects.toMatchObject({
      code: 'invalid_order',
    });
    await expect(
      allocator.allocate({ id: 'a', accountId: 1, amount: 1, validFrom: NOW, expiresAt: NOW }),
    ).rejects.toMatchObject({ code: 'invalid_order' });
    expect(
      () => new UniqueCodeAllocator({ store: new MemoryPaymentStore(), clock, minCode: 5, maxCode: 4 }),
    ).toThrow(PaymentMatchingError);
    expect(() => new UniqueCodeAllocator({ store: new MemoryPaymentStore(), clock, minCode: -1 })).toThrow(
      PaymentMatchingError,
    );
  });
  it('survives a random source that returns the top of its range', async () => {
    const allocator = new UniqueCodeAllocator({
      store: new MemoryPaymentStore(),
      clock,
      maxCode: 3,
      random: () => 0.9999999999,
    });
    const totals = [];
    for (let i = 0; i < 3; i++)
      totals.push((await allocator.allocate({ id: `o${i}`, accountId: 1, amount: 10 })).total);
    expect(totals.sort()).toEqual([11, 12, 13]);
  });
});

/**
 * @module webhooks/replay/replay-store.contract
 * The one suite every {@link ReplayStore} passes. Expiry is driven through `advance`: the memory
 * store moves its injected clock, Redis really waits the few milliseconds (it has no clock to inject).
 */
import { describe, expect, it } from 'vitest';
import type { ReplayStore } from './replay-store.js';

/** A store under test and how to move its time forward. */
export interface ReplayStoreFixture {
  store: ReplayStore;
  advance(ms: number): Promise<void>;
}

/** Registers the contract for one implementation; `create` is called once per test. */
export function describeReplayStoreContract(
  name: string,
  create: (clock: { nowMs: number }) => Promise<ReplayStoreFixture>,
  { ttlMs = 1000 }: { ttlMs?: number } = {},
): void {
  describe(`ReplayStore contract: ${name}`, () => {
    let counter = 0;
    const key = () => `contract:${process.pid}:${Date.now()}:${counter++}`;

    it('seen records a new key and reports it on the next call', async () => {
      const { store } = await create({ nowMs: 0 });
      const k = key();
      expect(await store.seen(k, ttlMs)).toBe(false);
      expect(await store.seen(k, ttlMs)).toBe(true);
    });

    it('a key expires after its ttl', async () => {
      const { store, advance } = await create({ nowMs: 0 });
      const k = key();
      await store.seen(k, ttlMs);
      await advance(ttlMs + 50);
      expect(await store.seen(k, ttlMs)).toBe(false);
    });

    it('forget removes a key; remember sets it whether present or not', async () => {
      const { store } = await create({ nowMs: 0 });
      const k = key();
      await store.seen(k, ttlMs);
      await store.forget(k);
      expect(await store.seen(k, ttlMs)).toBe(false);
      const r = key();
      await store.remember(r, ttlMs);
      expect(await store.seen(r, ttlMs)).toBe(true);
      await store.remember(r, ttlMs);
      expect(await store.seen(r, ttlMs)).toBe(true);
    });

    it('remember extends a key past its first ttl', async () => {
      const { store, advance } = await create({ nowMs: 0 });
      const k = key();
      await store.seen(k, ttlMs);
      await store.remember(k, ttlMs * 10);
      await advance(ttlMs + 50);
      expect(await store.seen(k, ttlMs)).toBe(true);
    });

    it('concurrent seen calls on a fresh key: exactly one is first', async () => {
      const { store } = await create({ nowMs: 0 });
      const k = key();
      const results = await Promise.all(Array.from({ length: 20 }, () => store.seen(k, ttlMs)));
      expect(results.filter((wasSeen) => !wasSeen)).toHaveLength(1);
    });
  });
}

/**
 * @module dispatch/outbox-store-lines.contract
 * Second part of the OutboxStore contract (run through `runOutboxStoreContract`): ordering of an
 * account's messages, fairness between endpoints (caps, lanes), disabling, the API key at claim time,
 * wake-up times and resend.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './outbox-store.contract.js';
import type { ClaimedMessage } from './outbox-store.js';

/** Registers the ordering, fairness and endpoint parts of the contract. */
export function describeLineContract(ctx: ContractContext): void {
  const { T0, LEASE_MS, endpoint, enqueue, claim, ids, record, only } = ctx;
  describe('ordering', () => {
    it('holds later messages of an account behind the first undelivered one', async () => {
      await endpoint('a');
      const [m1, m2, m3] = [await enqueue('a'), await enqueue('a'), await enqueue('a')];
      const head = only(await claim());
      expect(head.message.id).toBe(m1);
      expect(await claim({ now: T0 + 1 })).toEqual([]);
      await record(head, { status: 'retry', nextAttemptAt: T0 + 5000 });
      expect(await claim({ now: T0 + 10 })).toEqual([]);
      const retried = only(await claim({ now: T0 + 5000 }));
      expect(retried.message.id).toBe(m1);
      await record(retried, { status: 'delivered' });
      expect(ids(await claim({ now: T0 + 5000 }))).toEqual([m2]);
      expect(m3).toBeDefined();
    });

    it('lets the line move on once the head has failed for good', async () => {
      await endpoint('a');
      const [m1, m2] = [await enqueue('a'), await enqueue('a')];
      const head = only(await claim());
      expect(head.message.id).toBe(m1);
      await record(head, { status: 'failed' });
      expect(ids(await claim())).toEqual([m2]);
    });

    it('keeps lines of different accounts independent', async () => {
      await endpoint('a');
      const a1 = await enqueue('a', { accountId: 1 });
      await enqueue('a', { accountId: 1 });
      const b1 = await enqueue('a', { accountId: 2 });
      expect(ids(await claim())).toEqual([a1, b1]);
    });

    it('lets messages overtake when the endpoint opts out of ordering', async () => {
      await endpoint('a', { ordered: false });
      const [m1, m2] = [await enqueue('a'), await enqueue('a')];
      const [first] = await claim({ limit: 1 });
      await record(first as ClaimedMessage, { status: 'retry', nextAttemptAt: T0 + 5000 });
      expect(ids(await claim())).toEqual([m2]);
      expect(first?.message.id).toBe(m1);
    });
  });

  describe('fairness', () => {
    it('caps in-flight messages per endpoint and fills the rest of the limit from other endpoints', async () => {
      await endpoint('slow', { ordered: false });
      await endpoint('fast', { ordered: false });
      for (let i = 0; i < 10; i++) await enqueue('slow');
      const fast = [await enqueue('fast'), await enqueue('fast')];
      const claimed = await claim({ limit: 6, maxInFlightPerEndpoint: 3 });
      expect(claimed.filter((c) => c.endpoint.id === 'slow')).toHaveLength(3);
      expect(ids(claimed.filter((c) => c.endpoint.id === 'fast'))).toEqual(fast);
    });

    it('counts the leases of every worker against the cap, but not expired ones', async () => {
      await endpoint('a', { ordered: false });
      for (let i = 0; i < 6; i++) await enqueue('a');
      expect(await claim({ workerId: 'w1', maxInFlightPerEndpoint: 2 })).toHaveLength(2);
      expect(await claim({ workerId: 'w2', maxInFlightPerEndpoint: 2 })).toEqual([]);
      const afterExpiry = await claim({ now: T0 + LEASE_MS, workerId: 'w2', maxInFlightPerEndpoint: 2 });
      expect(afterExpiry).toHaveLength(2);
    });

    it('gives a failing endpoint its smaller cap', async () => {
      await endpoint('a', { ordered: false });
      for (let i = 0; i < 5; i++) await enqueue('a');
      const first = only(await claim({ limit: 1 }));
      await record(first, { status: 'retry', nextAttemptAt: T0 + 60_000 });
      const claimed = await claim({ maxInFlightPerEndpoint: 4, maxInFlightPerFailingEndpoint: 1 });
      expect(claimed).toHaveLength(1);
    });

    it('claims first attempts ahead of older retries, and by lane when asked', async () => {
      await endpoint('a', { ordered: false });
      await endpoint('b', { ordered: false });
      const retry = await enqueue('a');
      const c = only(await claim());
      await record(c, { status: 'retry', nextAttemptAt: T0 + 1000 });
      const fresh = await enqueue('b', { at: T0 + 2000 });
      expect(ids(await claim({ now: T0 + 2000, limit: 1 }))).toEqual([fresh]);
      const later = await enqueue('b', { at: T0 + 2000 });
      expect(ids(await claim({ now: T0 + 2000, phase: 'retry' }))).toEqual([retry]);
      expect(ids(await claim({ now: T0 + 2000, phase: 'first' }))).toEqual([later]);
    });
  });

  describe('endpoints', () => {
    it('stops claiming for a disabled endpoint, keeps its messages pending and the first reason', async () => {
      await endpoint('a');
      const id = await enqueue('a');
      expect(await ctx.store.disableEndpoint({ endpointId: 'a', reason: 'HTTP 410 Gone', now: T0 })).toBe(
        true,
      );
      expect(await ctx.store.disableEndpoint({ endpointId: 'a', reason: 'again', now: T0 })).toBe(false);
      expect(await claim()).toEqual([]);
      expect(await ctx.store.nextWakeAt({ now: T0 - 1 })).toBeUndefined();
      expect((await ctx.store.getMessage(id))?.status).toBe('pending');
      expect(await ctx.store.getEndpoint('a')).toMatchObject({
        isActive: false,
        disabledReason: 'HTTP 410 Gone',
      });
      expect(await ctx.store.getEndpoint('missing')).toBeUndefined();
      expect(await ctx.store.getMessage(randomUUID())).toBeUndefined();
    });

    it('supplies the owner API token at claim time only when the endpoint includes it', async () => {
      await endpoint('with');
      await endpoint('without', { includeApiKey: false });
      await ctx.fx.setApiKey(1, 'owner-token');
      await enqueue('with');
      await enqueue('without');
      const claimed = await claim();
      expect(claimed.find((c) => c.endpoint.id === 'with')?.apiKey).toBe('owner-token');
      expect(claimed.find((c) => c.endpoint.id === 'without')?.apiKey).toBeUndefined();
      for (const c of claimed) expect(c.message.payload).not.toContain('owner-token');
    });
  });

  describe('wake-up and resend', () => {
    it('tells the earliest future due time or lease expiry', async () => {
      await endpoint('a', { ordered: false });
      await enqueue('a', { at: T0 + 9000 });
      await enqueue('a');
      expect(await ctx.store.nextWakeAt({ now: T0 })).toBe(T0 + 9000);
      only(await claim());
      await enqueue('a', { at: T0 + 70_000 });
      expect(await ctx.store.nextWakeAt({ now: T0 + 9000 })).toBe(T0 + LEASE_MS);
      expect(await ctx.store.nextWakeAt({ now: T0 + LEASE_MS })).toBe(T0 + 70_000);
    });

    it('puts a resent message of an ordered endpoint back at the head of its line', async () => {
      await endpoint('a');
      const old = await enqueue('a');
      await record(only(await claim()), { status: 'delivered' });
      const newer = await enqueue('a');
      expect(await ctx.store.requeueMessage({ messageId: old, now: T0 })).toBe(true);
      expect(ids(await claim())).toEqual([old]);
      expect(newer).toBeDefined();
    });

    it('resends a delivered message with the same id, counting attempts on', async () => {
      await endpoint('a');
      const id = await enqueue('a');
      await record(only(await claim()), { status: 'delivered' });
      expect(await ctx.store.requeueMessage({ messageId: id, now: T0 + 100 })).toBe(true);
      expect(await ctx.store.requeueMessage({ messageId: randomUUID(), now: T0 })).toBe(false);
      const again = only(await claim({ now: T0 + 100 }));
      expect(again.message.id).toBe(id);
      expect(again.attemptNumber).toBe(2);
    });
  });
}

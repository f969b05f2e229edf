/**
 * @module dispatch/outbox-store.contract
 * The contract every {@link OutboxStore} passes: leases and their expiry after a crash, attempt
 * records and fencing, the attempt log (here), ordering, fairness, disabling and wake-up times
 * (`outbox-store-lines.contract.ts`). Run it with a factory:
 * `runOutboxStoreContract('sqlite', async () => ({ store, addEndpoint, enqueue, setApiKey, close }))`.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  AttemptDecision,
  AttemptRecord,
  ClaimedMessage,
  ClaimRequest,
  EndpointSeed,
  NewOutboxMessage,
  OutboxStore,
  RecordAttemptResult,
} from './outbox-store.js';
import { describeLineContract } from './outbox-store-lines.contract.js';

/** A store plus the seeding the ingest path and webhook routes would do against it. */
export interface OutboxStoreFixture {
  store: OutboxStore;
  addEndpoint(seed: EndpointSeed): Promise<void>;
  enqueue(message: NewOutboxMessage): Promise<void>;
  /** Sets the API token of the account's owner (stored encrypted by a real store). */
  setApiKey(accountId: number, apiKey: string): Promise<void>;
  close?(): Promise<void>;
}

/** Helpers shared by the contract's parts; they act on the current test's fixture. */
export interface ContractContext {
  readonly fx: OutboxStoreFixture;
  readonly store: OutboxStore;
  /** 2026-01-01 00:00:00 UTC, the default `now`. */
  T0: number;
  /** Lease length of {@link ContractContext.claim}. */
  LEASE_MS: number;
  /** Adds an endpoint at `https://<id>.example/hook` with secrets `['current', 'previous']`. */
  endpoint(id: string, extra?: Partial<EndpointSeed>): Promise<void>;
  /** Enqueues a message (account 1, created at T0 unless told) and returns its id. */
  enqueue(endpointId: string, options?: { accountId?: number; at?: number }): Promise<string>;
  /** `claimDue` at T0 by `worker-1`, limit 50, caps 4 and 1, unless overridden. */
  claim(overrides?: Partial<ClaimRequest>): Promise<ClaimedMessage[]>;
  ids(claimed: ClaimedMessage[]): string[];
  /** Records an attempt for a claim (HTTP 500 unless the decision is `delivered`). */
  record(
    c: ClaimedMessage,
    decision: AttemptDecision,
    extra?: Partial<AttemptRecord>,
  ): Promise<RecordAttemptResult>;
  /** Asserts exactly one claim and returns it. */
  only(claimed: ClaimedMessage[]): ClaimedMessage;
}

const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);
const LEASE_MS = 60_000;

/**
 * Registers the contract suite for one implementation. `createFixture` is called before each test
 * and must return an empty store.
 */
export function runOutboxStoreContract(name: string, createFixture: () => Promise<OutboxStoreFixture>): void {
  describe(`OutboxStore contract: ${name}`, () => {
    let current: OutboxStoreFixture | undefined;
    beforeEach(async () => {
      current = await createFixture();
    });
    afterEach(async () => {
      await current?.close?.();
      current = undefined;
    });
    const ctx = createContext(() => {
      if (current === undefined) throw new Error('the contract fixture is used outside a test');
      return current;
    });
    describeLeaseContract(ctx);
    describeLineContract(ctx);
  });
}

function createContext(fixture: () => OutboxStoreFixture): ContractContext {
  const endpoint = (id: string, extra: Partial<EndpointSeed> = {}) =>
    fixture().addEndpoint({
      id,
      url: `https://${id}.example/hook`,
      secrets: ['current', 'previous'],
      ...extra,
    });
  const enqueue = async (endpointId: string, options: { accountId?: number; at?: number } = {}) => {
    const id = randomUUID();
    const accountId = options.accountId ?? 1;
    const payload = JSON.stringify({ account_id: accountId, data_mutasi: [] });
    await fixture().enqueue({ id, endpointId, accountId, payload, createdAt: options.at ?? T0 });
    return id;
  };
  const claim = (overrides: Partial<ClaimRequest> = {}) =>
    fixture().store.claimDue({
      now: T0,
      limit: 50,
      leaseMs: LEASE_MS,
      workerId: 'worker-1',
      maxInFlightPerEndpoint: 4,
      maxInFlightPerFailingEndpoint: 1,
      ...overrides,
    });
  const ids = (claimed: ClaimedMessage[]) => claimed.map((c) => c.message.id);
  const attemptOf = (c: ClaimedMessage, extra: Partial<AttemptRecord> = {}): AttemptRecord => ({
    messageId: c.message.id,
    endpointId: c.endpoint.id,
    attemptNumber: c.attemptNumber,
    startedAt: T0,
    latencyMs: 12,
    outcome: 'failed',
    kind: 'http',
    statusCode: 500,
    error: 'HTTP 500',
    workerId: c.lease.workerId,
    ...extra,
  });
  const record = (c: ClaimedMessage, decision: AttemptDecision, extra: Partial<AttemptRecord> = {}) =>
    fixture().store.recordAttempt({
      leaseToken: c.lease.token,
      attempt: attemptOf(
        c,
        decision.status === 'delivered'
          ? { outcome: 'delivered', statusCode: 200, error: undefined, ...extra }
          : extra,
      ),
      decision,
      now: T0,
    });
  const only = (claimed: ClaimedMessage[]): ClaimedMessage => {
    expect(claimed).toHaveLength(1);
    return claimed[0] as ClaimedMessage;
  };

  return {
    get fx() {
      return fixture();
    },
    get store() {
      return fixture().store;
    },
    T0,
    LEASE_MS,
    endpoint,
    enqueue,
    claim,
    ids,
    record,
    only,
  };
}

function describeLeaseContract(ctx: ContractContext): void {
  const { T0, LEASE_MS, endpoint, enqueue, claim, ids, record, only } = ctx;
  describe('claiming and leases', () => {
    it('claims a due message with its endpoint, a lease and attempt number 1', async () => {
      await endpoint('a', { standardSignature: true });
      const id = await enqueue('a');
      const c = only(await claim({ workerId: 'worker-7' }));
      expect(c.message).toMatchObject({
        id,
        endpointId: 'a',
        accountId: 1,
        attempts: 1,
        status: 'pending',
      });
      expect(JSON.parse(c.message.payload)).toEqual({ account_id: 1, data_mutasi: [] });
      expect(c.attemptNumber).toBe(1);
      expect(c.endpoint).toMatchObject({
        id: 'a',
        secrets: ['current', 'previous'],
        standardSignature: true,
      });
      expect(c.lease).toMatchObject({ workerId: 'worker-7', expiresAt: T0 + LEASE_MS });
      expect(c.lease.token).not.toBe('');
    });

    it('does not claim a message before it is due', async () => {
      await endpoint('a');
      await enqueue('a', { at: T0 + 1000 });
      expect(await claim()).toEqual([]);
      expect(await claim({ now: T0 + 1000 })).toHaveLength(1);
    });

    it('respects limit, and sequence orders messages created in the same millisecond', async () => {
      await endpoint('a', { ordered: false });
      const created = [await enqueue('a'), await enqueue('a'), await enqueue('a')];
      expect(ids(await claim({ limit: 2 }))).toEqual(created.slice(0, 2));
      const [first, second] = await Promise.all(created.map((id) => ctx.store.getMessage(id)));
      expect(first?.sequence).toBeLessThan(second?.sequence ?? 0);
    });

    it('never leases one message twice, even to concurrent claims', async () => {
      await endpoint('a', { ordered: false });
      const created = new Set<string>();
      for (let i = 0; i < 20; i++) created.add(await enqueue('a'));
      const batches = await Promise.all(
        [1, 2, 3, 4].map((n) => claim({ workerId: `worker-${n}`, limit: 8, maxInFlightPerEndpoint: 100 })),
      );
      const claimed = batches.flatMap(ids);
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(new Set(claimed)).toEqual(created);
    });

    it('makes a message claimable again once the lease of a dead worker expires', async () => {
      await endpoint('a');
      const id = await enqueue('a');
      const first = only(await claim({ workerId: 'dies' }));
      expect(await claim({ now: T0 + LEASE_MS - 1, workerId: 'worker-2' })).toEqual([]);
      const second = only(await claim({ now: T0 + LEASE_MS, workerId: 'worker-2' }));
      expect(second.message.id).toBe(id);
      expect(second.attemptNumber).toBe(2);
      expect(second.lease.token).not.toBe(first.lease.token);
    });

    it('gives a released message back at once, with its attempt uncounted', async () => {
      await endpoint('a');
      await enqueue('a');
      const c = only(await claim());
      expect(await ctx.store.releaseLease({ messageId: c.message.id, leaseToken: 'not-the-token' })).toBe(
        false,
      );
      expect(await ctx.store.releaseLease({ messageId: c.message.id, leaseToken: c.lease.token })).toBe(true);
      expect(await ctx.store.releaseLease({ messageId: c.message.id, leaseToken: c.lease.token })).toBe(
        false,
      );
      expect((await ctx.store.getMessage(c.message.id))?.attempts).toBe(0);
      const again = only(await claim({ phase: 'first' }));
      expect(again.attemptNumber).toBe(1);
    });

    it('extends a lease for a long send, but not for a holder that lost it', async () => {
      await endpoint('a');
      await enqueue('a');
      const c = only(await claim());
      const extend = (token: string, now: number) =>
        ctx.store.extendLease({ messageId: c.message.id, leaseToken: token, now, leaseMs: LEASE_MS });
      expect(await extend(c.lease.token, T0 + 50_000)).toBe(true);
      expect(await claim({ now: T0 + LEASE_MS + 1, workerId: 'worker-2' })).toEqual([]);
      const stolen = only(await claim({ now: T0 + 50_000 + LEASE_MS, workerId: 'worker-2' }));
      expect(await extend(c.lease.token, T0 + 120_000)).toBe(false);
      expect(await extend(stolen.lease.token, T0 + 120_000)).toBe(true);
    });
  });

  describe('recording attempts', () => {
    it('schedules a retry: not claimable before nextAttemptAt, then claimed as attempt 2', async () => {
      await endpoint('a');
      await enqueue('a');
      const c = only(await claim());
      const result = await record(c, { status: 'retry', nextAttemptAt: T0 + 5000 });
      expect(result).toMatchObject({ applied: true, status: 'pending' });
      expect(await claim({ now: T0 + 4999 })).toEqual([]);
      expect(only(await claim({ now: T0 + 5000 })).attemptNumber).toBe(2);
    });

    it('marks a message delivered or failed for good', async () => {
      await endpoint('a', { ordered: false });
      const delivered = await enqueue('a');
      const failed = await enqueue('a');
      const [d, f] = await claim();
      expect(await record(d as ClaimedMessage, { status: 'delivered' })).toMatchObject({
        status: 'delivered',
      });
      expect(await record(f as ClaimedMessage, { status: 'failed' })).toMatchObject({ status: 'failed' });
      expect(await claim({ now: T0 + 10 * LEASE_MS })).toEqual([]);
      expect((await ctx.store.getMessage(delivered))?.status).toBe('delivered');
      expect((await ctx.store.getMessage(failed))?.status).toBe('failed');
      expect(await ctx.store.nextWakeAt({ now: T0 })).toBeUndefined();
    });

    it('keeps every attempt in the log, oldest first, with what happened', async () => {
      await endpoint('a');
      const id = await enqueue('a');
      const first = only(await claim());
      await record(first, { status: 'retry', nextAttemptAt: T0 + 5000 }, { responseSnippet: 'boom' });
      const second = only(await claim({ now: T0 + 5000 }));
      await record(second, { status: 'delivered' }, { startedAt: T0 + 5000, latencyMs: 3 });
      const log = await ctx.store.listAttempts(id);
      expect(log).toHaveLength(2);
      expect(log[0]).toMatchObject({
        messageId: id,
        endpointId: 'a',
        attemptNumber: 1,
        startedAt: T0,
        latencyMs: 12,
        outcome: 'failed',
        kind: 'http',
        statusCode: 500,
        error: 'HTTP 500',
        responseSnippet: 'boom',
        workerId: 'worker-1',
      });
      expect(log[1]).toMatchObject({
        attemptNumber: 2,
        outcome: 'delivered',
        statusCode: 200,
        startedAt: T0 + 5000,
      });
      expect(await ctx.store.listAttempts(randomUUID())).toEqual([]);
    });

    it('logs the attempt of a worker that lost its lease, without letting it reschedule', async () => {
      await endpoint('a');
      const id = await enqueue('a');
      const late = only(await claim({ workerId: 'slow' }));
      const current = only(await claim({ now: T0 + LEASE_MS, workerId: 'worker-2' }));
      const stale = await record(late, { status: 'retry', nextAttemptAt: T0 + 10 * LEASE_MS });
      expect(stale).toMatchObject({ applied: false, status: 'pending' });
      expect(await record(current, { status: 'retry', nextAttemptAt: T0 + 2 * LEASE_MS })).toMatchObject({
        applied: true,
      });
      expect((await ctx.store.getMessage(id))?.nextAttemptAt).toBe(T0 + 2 * LEASE_MS);
      expect(await ctx.store.listAttempts(id)).toHaveLength(2);
    });

    it('accepts a late "delivered" from a lost lease, and never changes a final message', async () => {
      await endpoint('a');
      const id = await enqueue('a');
      const late = only(await claim({ workerId: 'slow' }));
      const current = only(await claim({ now: T0 + LEASE_MS, workerId: 'worker-2' }));
      expect(await record(late, { status: 'delivered' })).toMatchObject({
        applied: true,
        status: 'delivered',
      });
      expect(await record(current, { status: 'failed' })).toMatchObject({
        applied: false,
        status: 'delivered',
      });
      expect(await ctx.store.releaseLease({ messageId: id, leaseToken: current.lease.token })).toBe(false);
      expect(
        await ctx.store.extendLease({ messageId: id, leaseToken: current.lease.token, now: T0, leaseMs: 1 }),
      ).toBe(false);
      expect(await ctx.store.listAttempts(id)).toHaveLength(2);
    });

    it('does not resurrect a failed message with a late "delivered" (the log still shows it)', async () => {
      await endpoint('a');
      const id = await enqueue('a');
      const late = only(await claim({ workerId: 'slow' }));
      const current = only(await claim({ now: T0 + LEASE_MS, workerId: 'worker-2' }));
      expect(await record(current, { status: 'failed' })).toMatchObject({
        applied: true,
        status: 'failed',
      });
      expect(await record(late, { status: 'delivered' })).toMatchObject({
        applied: false,
        status: 'failed',
      });
      expect((await ctx.store.listAttempts(id)).map((a) => a.outcome)).toEqual(['failed', 'delivered']);
    });

    it('tracks failingSince: set by the first failure, kept by later ones, cleared by a delivery', async () => {
      await endpoint('a', { ordered: false });
      for (let i = 0; i < 3; i++) await enqueue('a');
      const [m1, m2, m3] = await claim();
      const r1 = await record(
        m1 as ClaimedMessage,
        { status: 'retry', nextAttemptAt: T0 + 1 },
        { startedAt: T0 + 10 },
      );
      expect(r1.endpoint).toEqual({ id: 'a', isActive: true, disabledReason: null, failingSince: T0 + 10 });
      const r2 = await record(
        m2 as ClaimedMessage,
        { status: 'failed' },
        { startedAt: T0 + 20, kind: 'timeout' },
      );
      expect(r2.endpoint.failingSince).toBe(T0 + 10);
      const r3 = await record(m3 as ClaimedMessage, { status: 'delivered' });
      expect(r3.endpoint.failingSince).toBeNull();
      expect((await ctx.store.getEndpoint('a'))?.failingSince).toBeNull();
    });
  });
}

import { createHmac } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClaimedMessage } from '../../src/dispatch/outbox-store.js';
import { answerInTurn, createHarness, type Harness, T0 } from './harness.js';
import { hmacHex } from './local-signer.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

describe('Dispatcher wake-up', () => {
  it('sends a new message on notify(), with no poll or timer in between', async () => {
    h = createHarness({ pollIntervalMs: 3_600_000 });
    const receiver = await h.addReceiver('shop');
    h.dispatcher.start();
    await h.dispatcher.idle();
    const id = h.enqueue('shop');
    h.dispatcher.notify();
    await receiver.waitForRequests(1);
    await h.waitForAttempts([id]);

    const claims = h.events.filter((e) => e.type === 'claim');
    expect(claims[0]).toEqual({ type: 'claim', trigger: 'start', claimed: 0 });
    expect(claims.find((e) => e.claimed > 0)).toEqual({ type: 'claim', trigger: 'notify', claimed: 1 });
    expect(claims.some((e) => e.trigger === 'timer')).toBe(false);
    expect(h.attemptsOf(id)[0]?.status).toBe('delivered');
  });

  it('coalesces a burst of notify() calls into a few claims', async () => {
    h = createHarness();
    const receiver = await h.addReceiver('shop', undefined, { ordered: false });
    h.dispatcher.start();
    await h.dispatcher.idle();
    const ids = Array.from({ length: 50 }, () => {
      const id = h.enqueue('shop');
      h.dispatcher.notify();
      return id;
    });
    await h.waitForAttempts(ids);
    await h.dispatcher.idle();
    expect(receiver.requests).toHaveLength(50);
    expect(h.events.filter((e) => e.type === 'claim' && e.trigger === 'notify').length).toBeLessThanOrEqual(
      4,
    );
  });
});

describe('Dispatcher timers (real clock, short table)', () => {
  it('wakes itself for a due retry at its nextAttemptAt, without a poll or a notify', async () => {
    // 150 ms leaves the completion of attempt 1 ample time to find nothing due, so only the timer can claim.
    h = createHarness({ nowMs: () => Date.now(), retryDelaysMs: [200], pollIntervalMs: 3_600_000 });
    const receiver = await h.addReceiver('shop', answerInTurn(500));
    h.dispatcher.start();
    h.clock.now = Date.now();
    const id = h.enqueue('shop');
    h.dispatcher.notify();
    await receiver.waitForRequests(2);
    await h.waitForAttempts([id]);
    await h.waitForEvent((e) => e.type === 'attempt' && e.status === 'delivered');
    expect(h.attemptsOf(id).map((a) => a.status)).toEqual(['pending', 'delivered']);
    expect(h.events).toContainEqual({ type: 'claim', trigger: 'timer', claimed: 1 });
  });

  it('extends the lease of a send that outlasts it, so no other worker takes the message', async () => {
    h = createHarness({ nowMs: () => Date.now(), leaseMs: 60 });
    const held: ServerResponse[] = [];
    const receiver = await h.addReceiver('slow', (_req, res) => held.push(res));
    const claims: ClaimedMessage[] = [];
    const claimDue = h.store.claimDue.bind(h.store);
    h.store.claimDue = async (request) => {
      const claimed = await claimDue(request);
      claims.push(...claimed);
      return claimed;
    };
    let extended: () => void = () => {};
    const extendLease = h.store.extendLease.bind(h.store);
    h.store.extendLease = async (request) => {
      const ok = await extendLease(request);
      extended();
      return ok;
    };
    h.dispatcher.start();
    h.clock.now = Date.now();
    const id = h.enqueue('slow');
    h.dispatcher.notify();
    await receiver.waitForRequests(1);
    const firstExpiry = claims[0]?.lease.expiresAt ?? 0;
    while (Date.now() <= firstExpiry) await new Promise<void>((resolve) => (extended = resolve));

    const other = { limit: 1, leaseMs: 60, maxInFlightPerEndpoint: 4, maxInFlightPerFailingEndpoint: 1 };
    expect(await claimDue({ ...other, now: Date.now(), workerId: 'other-process' })).toEqual([]);
    held[0]?.writeHead(200).end();
    await h.waitForAttempts([id]);
    expect(h.attemptsOf(id)).toMatchObject([{ attemptNumber: 1, status: 'delivered', applied: true }]);
  });

  it('survives a failing claim (database down) and picks the message up on the next poll', async () => {
    const errors: string[] = [];
    h = createHarness({
      nowMs: () => Date.now(),
      pollIntervalMs: 20,
      logger: { info() {}, warn() {}, error: (_fields, message) => errors.push(message) },
    });
    const receiver = await h.addReceiver('shop');
    const realClaim = h.store.claimDue.bind(h.store);
    let failures = 1;
    h.store.claimDue = async (request) => {
      if (failures-- > 0) throw new Error('SQLITE_BUSY');
      return realClaim(request);
    };
    h.clock.now = Date.now();
    const id = h.enqueue('shop');
    h.dispatcher.start();
    await receiver.waitForRequests(1);
    await h.waitForAttempts([id]);
    expect(errors).toEqual(['webhook dispatcher: claiming failed']);
    expect(h.events).toContainEqual({ type: 'claim', trigger: 'timer', claimed: 1 });
  });
});

describe('Dispatcher stop()', () => {
  it('stops claiming and waits for in-flight deliveries to finish', async () => {
    h = createHarness({ concurrency: 2 });
    const held: ServerResponse[] = [];
    const receiver = await h.addReceiver('shop', (_req, res) => held.push(res), { ordered: false });
    h.dispatcher.start();
    const [m1, m2] = [h.enqueue('shop'), h.enqueue('shop')];
    h.dispatcher.notify();
    await receiver.waitForRequests(2);

    const order: string[] = [];
    const stopping = h.dispatcher.stop({ timeoutMs: 60_000 }).then(() => order.push('stopped'));
    const late = h.enqueue('shop');
    h.dispatcher.notify();
    expect(await h.dispatcher.poll()).toBe(0);
    order.push('answering');
    for (const res of held) res.writeHead(200).end();
    await stopping;

    expect(order).toEqual(['answering', 'stopped']);
    expect(h.attemptsOf(m1 ?? '')[0]?.status).toBe('delivered');
    expect(h.attemptsOf(m2 ?? '')[0]?.status).toBe('delivered');
    expect(receiver.requests).toHaveLength(2);
    expect(await h.store.getMessage(late)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('aborts sends past the deadline and releases them, so a restart sends them with the same id', async () => {
    h = createHarness();
    let requests = 0;
    const receiver = await h.addReceiver('shop', (_req, res) => {
      requests += 1;
      if (requests > 1) res.writeHead(200).end(); // the first request hangs
    });
    h.dispatcher.start();
    const id = h.enqueue('shop');
    h.dispatcher.notify();
    await receiver.waitForRequests(1);
    await h.dispatcher.stop({ timeoutMs: 10 });

    expect(h.events.filter((e) => e.type === 'released')).toEqual([
      { type: 'released', messageId: id, endpointId: 'shop' },
    ]);
    expect(await h.store.getMessage(id)).toMatchObject({ status: 'pending', attempts: 0 });

    const restarted = h.restart();
    restarted.start();
    await receiver.waitForRequests(2);
    await h.waitForAttempts([id]);
    expect(receiver.requests.map((r) => r.headers['x-mutasibank-webhook-id'])).toEqual([id, id]);
    expect(h.attemptsOf(id)).toMatchObject([{ attemptNumber: 1, status: 'delivered' }]);
  });

  it('picks up a message whose worker died mid-send once its lease expires', async () => {
    h = createHarness({ leaseMs: 30_000 });
    const receiver = await h.addReceiver('shop');
    const id = h.enqueue('shop');
    const [orphan] = await h.store.claimDue({
      now: T0,
      limit: 1,
      leaseMs: 30_000,
      workerId: 'crashed-process',
      maxInFlightPerEndpoint: 4,
      maxInFlightPerFailingEndpoint: 1,
    });
    expect(orphan?.message.id).toBe(id);

    h.dispatcher.start();
    await h.dispatcher.idle();
    expect(receiver.requests).toHaveLength(0);
    h.clock.now = T0 + 30_000;
    expect(await h.dispatcher.poll()).toBe(1);
    await h.dispatcher.idle();
    expect(receiver.requests.map((r) => r.headers['x-mutasibank-webhook-id'])).toEqual([id]);
    expect(await h.store.listAttempts(id)).toMatchObject([{ attemptNumber: 2, outcome: 'delivered' }]);
  });
});

describe('Dispatcher signing', () => {
  it('signs with every live secret and adds the standard signature when the endpoint opts in', async () => {
    h = createHarness();
    const receiver = await h.addReceiver('rotating', undefined, {
      secrets: ['new-secret', 'old-secret'],
      standardSignature: true,
      includeApiKey: false,
    });
    h.dispatcher.start();
    const id = h.enqueue('rotating');
    h.dispatcher.notify();
    await receiver.waitForRequests(1);
    const [request] = receiver.requests;
    if (request === undefined) throw new Error('no request arrived');
    const { headers, body } = request;
    const timestamp = String(Math.floor(T0 / 1000));

    expect(body).toBe('{"account_id":1,"data_mutasi":[]}');
    expect(headers['x-mutasibank-signature']).toBe(
      `${hmacHex('new-secret', body)} ${hmacHex('old-secret', body)}`,
    );
    expect(headers['x-mutasibank-timestamp']).toBe(timestamp);
    expect(headers['webhook-id']).toBe(id);
    expect(headers['webhook-timestamp']).toBe(timestamp);
    const standard = (secret: string) =>
      `v1,${createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
    expect(headers['webhook-signature']).toBe(`${standard('new-secret')} ${standard('old-secret')}`);
  });

  it('never sends an unsigned message: no secret is an internal failure, retried later', async () => {
    h = createHarness();
    const receiver = await h.addReceiver('unsigned', undefined, { secrets: [] });
    h.dispatcher.start();
    const id = h.enqueue('unsigned');
    h.dispatcher.notify();
    await h.waitForAttempts([id]);
    expect(receiver.requests).toHaveLength(0);
    expect(h.attemptsOf(id)[0]).toMatchObject({ status: 'pending', result: { kind: 'internal' } });
  });
});

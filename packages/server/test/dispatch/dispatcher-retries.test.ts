import { afterEach, describe, expect, it } from 'vitest';
import { renderWebhookBody } from '../../src/dispatch/webhook-body.js';
import { answerInTurn, createHarness, type Harness, T0 } from './harness.js';
import { hmacHex } from './local-signer.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

/** Moves the clock to the message's scheduled retry and runs it to completion. */
async function runRetry(messageId: string): Promise<void> {
  const last = h.attemptsOf(messageId).at(-1);
  if (last?.nextAttemptAt === undefined) throw new Error('no retry scheduled');
  h.clock.now = last.nextAttemptAt;
  await h.dispatcher.poll();
  await h.dispatcher.idle();
}

describe('Dispatcher retries (memory store, real receivers, injected clock)', () => {
  it('follows the schedule for a receiver that fails three times, then succeeds', async () => {
    h = createHarness();
    const receiver = await h.addReceiver('shop', answerInTurn(500, 500, 500));
    h.store.setApiKey(1, 'owner-token');
    h.dispatcher.start();
    const id = h.enqueue('shop');
    h.dispatcher.notify();
    await receiver.waitForRequests(1);
    await h.dispatcher.idle();

    // random = 0.5: half-way through each band of the table (2.5-5 s, 5-30 s, 30 s-2 min).
    expect(h.attemptsOf(id).map((a) => a.nextAttemptAt)).toEqual([T0 + 3_750]);
    h.clock.now = T0 + 3_749;
    expect(await h.dispatcher.poll()).toBe(0);
    await runRetry(id);
    await runRetry(id);
    await runRetry(id);

    const retriesAt = [T0, T0 + 3_750, T0 + 3_750 + 17_500, T0 + 3_750 + 17_500 + 75_000];
    expect(h.attemptsOf(id).map((a) => [a.attemptNumber, a.result.statusCode, a.status])).toEqual([
      [1, 500, 'pending'],
      [2, 500, 'pending'],
      [3, 500, 'pending'],
      [4, 200, 'delivered'],
    ]);
    const log = await h.store.listAttempts(id);
    expect(log.map((a) => [a.attemptNumber, a.startedAt, a.statusCode, a.outcome])).toEqual([
      [1, retriesAt[0], 500, 'failed'],
      [2, retriesAt[1], 500, 'failed'],
      [3, retriesAt[2], 500, 'failed'],
      [4, retriesAt[3], 200, 'delivered'],
    ]);
    expect(log[0]).toMatchObject({ kind: 'http', error: 'HTTP 500', responseSnippet: 'status 500' });
    expect((await h.store.getMessage(id))?.status).toBe('delivered');
    expect((await h.store.getEndpoint('shop'))?.failingSince).toBeNull();

    // Same id on every attempt, a fresh timestamp each time, a plain HMAC of the raw body verifies.
    const body = renderWebhookBody('{"account_id":1,"data_mutasi":[]}', 'owner-token');
    expect(receiver.requests.map((r) => r.headers['x-mutasibank-webhook-id'])).toEqual([id, id, id, id]);
    expect(receiver.requests.map((r) => Number(r.headers['x-mutasibank-timestamp']))).toEqual(
      retriesAt.map((at) => Math.floor((at ?? 0) / 1000)),
    );
    for (const request of receiver.requests) {
      expect(request.body).toBe(body);
      expect(request.headers['x-mutasibank-signature']).toBe(hmacHex('secret-shop', body));
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['user-agent']).toBe('Mutasibank-Webhook/1.0');
    }
  });

  it('marks the message failed after the last attempt', async () => {
    h = createHarness({ retryDelaysMs: [1_000, 2_000] });
    await h.addReceiver('down', answerInTurn(500, 502, 504, 500));
    h.dispatcher.start();
    const id = h.enqueue('down');
    h.dispatcher.notify();
    await h.dispatcher.idle();
    await runRetry(id);
    await runRetry(id);
    expect(h.attemptsOf(id).map((a) => a.status)).toEqual(['pending', 'pending', 'failed']);
    expect(h.attemptsOf(id).at(-1)?.nextAttemptAt).toBeUndefined();
    h.clock.now += 86_400_000;
    expect(await h.dispatcher.poll()).toBe(0);
    expect((await h.store.getMessage(id))?.status).toBe('failed');
  });

  it('waits as long as a 429 Retry-After asks (within the one-hour bound)', async () => {
    h = createHarness();
    await h.addReceiver('busy', (_req, res) => res.writeHead(429, { 'retry-after': '120' }).end());
    h.dispatcher.start();
    const id = h.enqueue('busy');
    h.dispatcher.notify();
    await h.dispatcher.idle();
    expect(h.attemptsOf(id)[0]).toMatchObject({ nextAttemptAt: T0 + 120_000 });
    expect(h.attemptsOf(id)[0]?.result.retryAfterSeconds).toBe(120);
  });

  it('disables an endpoint at once on 410 Gone and sends it nothing more', async () => {
    h = createHarness();
    let answer = 410;
    const receiver = await h.addReceiver('gone', (_req, res) => res.writeHead(answer).end());
    h.dispatcher.start();
    const first = h.enqueue('gone');
    const second = h.enqueue('gone');
    h.dispatcher.notify();
    await h.dispatcher.idle();
    const endpoint = await h.store.getEndpoint('gone');
    expect(endpoint?.isActive).toBe(false);
    expect(endpoint?.disabledReason).toMatch(
      /^Disabled at 2026-01-01 07:00:00 WIB: the endpoint answered 410 Gone/,
    );
    expect(h.events.filter((e) => e.type === 'endpoint_disabled')).toHaveLength(1);
    h.clock.now += 86_400_000;
    expect(await h.dispatcher.poll()).toBe(0);
    expect(receiver.requests.map((r) => r.headers['x-mutasibank-webhook-id'])).toEqual([first]);
    expect((await h.store.getMessage(first))?.status).toBe('pending');
    expect((await h.store.getMessage(second))?.status).toBe('pending');

    // The owner fixes the receiver and re-enables the webhook: the held messages go out, in order.
    answer = 200;
    h.store.updateEndpoint('gone', { isActive: true, disabledReason: null });
    await h.dispatcher.poll();
    await h.dispatcher.idle();
    expect(receiver.requests.map((r) => r.headers['x-mutasibank-webhook-id'])).toEqual([
      first,
      first,
      second,
    ]);
    expect((await h.store.getMessage(second))?.status).toBe('delivered');
  });

  it('disables an endpoint that has only failed for the configured period, saying why', async () => {
    h = createHarness({ disableAfterFailingMs: 60_000 });
    await h.addReceiver('broken', (_req, res) => res.writeHead(500).end());
    h.dispatcher.start();
    const id = h.enqueue('broken');
    h.dispatcher.notify();
    await h.dispatcher.idle();
    while ((await h.store.getEndpoint('broken'))?.isActive) await runRetry(id);

    const attempts = await h.store.listAttempts(id);
    const last = attempts.at(-1);
    expect(last?.startedAt).toBeGreaterThanOrEqual(T0 + 60_000);
    expect(attempts.at(-2)?.startedAt).toBeLessThan(T0 + 60_000);
    expect((await h.store.getEndpoint('broken'))?.disabledReason).toMatch(
      /every delivery attempt has failed since 2026-01-01 07:00:00 WIB \(last: HTTP 500\)\. Fix the receiver/,
    );
  });

  it('does not disable an endpoint whose failures are broken by a success', async () => {
    h = createHarness({ disableAfterFailingMs: 60_000 });
    await h.addReceiver('flaky', answerInTurn(500, 500, 500, 200, 500, 500));
    h.dispatcher.start();
    const first = h.enqueue('flaky');
    h.dispatcher.notify();
    await h.dispatcher.idle();
    while (h.attemptsOf(first).at(-1)?.status === 'pending') await runRetry(first);
    expect(h.clock.now).toBeGreaterThan(T0 + 60_000);
    const second = h.enqueue('flaky');
    h.dispatcher.notify();
    await h.dispatcher.idle();
    await runRetry(second);
    expect(h.attemptsOf(second).map((a) => a.result.statusCode)).toEqual([500, 500]);
    expect((await h.store.getEndpoint('flaky'))?.isActive).toBe(true);
  });
});

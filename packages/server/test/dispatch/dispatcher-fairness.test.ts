import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { answerInTurn, createHarness, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

const webhookIds = (requests: Array<{ headers: Record<string, unknown> }>) =>
  requests.map((r) => r.headers['x-mutasibank-webhook-id']);

describe('Dispatcher fairness', () => {
  it('keeps delivering to a healthy endpoint while another one hangs', async () => {
    h = createHarness({ concurrency: 32, maxInFlightPerEndpoint: 4 }, 60_000);
    const dead = await h.addReceiver('dead', () => {}, { ordered: false });
    const healthy = await h.addReceiver('healthy', undefined, { ordered: false });
    h.dispatcher.start();
    const deadIds = Array.from({ length: 10 }, () => h.enqueue('dead'));
    const healthyIds = Array.from({ length: 5 }, () => h.enqueue('healthy'));
    h.dispatcher.notify();
    await healthy.waitForRequests(5);
    await dead.waitForRequests(4);
    await h.waitForAttempts(healthyIds);

    expect(healthyIds.map((id) => h.attemptsOf(id)[0]?.status)).toEqual(Array(5).fill('delivered'));
    // The dead endpoint holds exactly its cap of four slots, none of which has finished.
    expect(dead.requests).toHaveLength(4);
    expect(deadIds.flatMap((id) => h.attemptsOf(id))).toEqual([]);
    const claimedCounts = await Promise.all(
      deadIds.map(async (id) => (await h.store.getMessage(id))?.attempts),
    );
    expect(claimedCounts.sort()).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);

    await h.dispatcher.stop({ timeoutMs: 0 });
    expect(h.events.filter((e) => e.type === 'released')).toHaveLength(4);
    for (const id of deadIds) expect((await h.store.getMessage(id))?.attempts).toBe(0);
  });

  it('never lets retries take the slots first attempts need', async () => {
    h = createHarness({ concurrency: 4, retryConcurrency: 2 }, 60_000);
    let answered = 0;
    const flaky = await h.addReceiver('flaky-1', (_req, res) => {
      answered += 1;
      if (answered <= 4) res.writeHead(500).end(); // first attempts fail fast, retries hang
    });
    for (const n of [2, 3, 4]) {
      h.store.addEndpoint({ id: `flaky-${n}`, url: `${flaky.origin}/hook`, secrets: ['s'] });
    }
    const healthy = await h.addReceiver('healthy');
    h.dispatcher.start();
    for (const n of [1, 2, 3, 4]) h.enqueue(`flaky-${n}`);
    h.dispatcher.notify();
    await h.dispatcher.idle();
    expect(flaky.requests).toHaveLength(4);

    h.clock.now += 60_000; // all four retries are due
    expect(await h.dispatcher.poll()).toBe(2);
    await flaky.waitForRequests(6);
    const fresh = [h.enqueue('healthy'), h.enqueue('healthy'), h.enqueue('healthy')];
    h.dispatcher.notify();
    await healthy.waitForRequests(3);
    await h.waitForAttempts(fresh);
    expect(fresh.map((id) => h.attemptsOf(id)[0]?.status)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(flaky.requests).toHaveLength(6);
  });
});

describe('Dispatcher ordering', () => {
  it('delivers messages of one account in creation order, holding later ones behind a retry', async () => {
    h = createHarness();
    const receiver = await h.addReceiver('shop', answerInTurn(500));
    h.dispatcher.start();
    const [m1, m2, m3] = [h.enqueue('shop'), h.enqueue('shop'), h.enqueue('shop')];
    h.dispatcher.notify();
    await h.dispatcher.idle();
    expect(webhookIds(receiver.requests)).toEqual([m1]);

    h.clock.now = h.attemptsOf(m1 ?? '')[0]?.nextAttemptAt ?? 0;
    await h.dispatcher.poll();
    await h.dispatcher.idle();
    expect(webhookIds(receiver.requests)).toEqual([m1, m1, m2, m3]);
  });

  it('keeps two accounts on one endpoint independent', async () => {
    h = createHarness();
    const holds: ServerResponse[] = [];
    const receiver = await h.addReceiver('shop', (req, res) => {
      if (holds.length === 0 && req.body.includes('"account_id":1')) holds.push(res);
      else res.writeHead(200).end();
    });
    h.dispatcher.start();
    const a1 = h.enqueue('shop', 1);
    const a2 = h.enqueue('shop', 1);
    const b1 = h.enqueue('shop', 2);
    h.dispatcher.notify();
    await receiver.waitForRequests(2);
    await h.waitForAttempts([b1]);
    expect(webhookIds(receiver.requests)).toEqual([a1, b1]);
    holds[0]?.writeHead(200).end();
    await receiver.waitForRequests(3);
    expect(webhookIds(receiver.requests)).toEqual([a1, b1, a2]);
  });

  it('lets later messages overtake a retry when the endpoint opts out of ordering', async () => {
    h = createHarness();
    const receiver = await h.addReceiver('shop', answerInTurn(500), { ordered: false });
    h.dispatcher.start();
    const [m1, m2, m3] = [h.enqueue('shop'), h.enqueue('shop'), h.enqueue('shop')];
    h.dispatcher.notify();
    await h.dispatcher.idle();
    expect(new Set(webhookIds(receiver.requests))).toEqual(new Set([m1, m2, m3]));
    const failed = h.events.filter((e) => e.type === 'attempt' && e.result.statusCode === 500);
    expect(failed).toHaveLength(1);
  });
});

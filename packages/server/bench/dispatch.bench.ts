/**
 * @module bench/dispatch
 * Webhook dispatch, measured in one process against a keep-alive receiver on 127.0.0.1:
 * - throughput: deliveries per second from the Dispatcher (MemoryOutboxStore, HMAC signing, 8
 *   endpoints, 32 in flight) next to bare POSTs through the same UndiciSender at the same concurrency;
 * - latency: enqueue + notify() until the receiver has the body, one message at a time, p50/p99, next
 *   to a bare POST's request-to-arrival time.
 *
 * Baseline and dispatcher run interleaved, ROUNDS times each, and medians are printed, so drift
 * on a shared machine hits both sides alike.
 *
 * Run: node --import tsx --conditions=source packages/server/bench/dispatch.bench.ts [messages] [rounds]
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Dispatcher,
  MemoryOutboxStore,
  serializeWebhookPayload,
  UndiciSender,
} from '../src/dispatch/index.js';
import { localSign } from '../test/dispatch/local-signer.js';

const MESSAGES = Number(process.argv[2] ?? 10_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const LATENCY_SAMPLES = Math.min(1_000, MESSAGES);
const CONCURRENCY = 32;
const ENDPOINTS = 8;
const BACKLOG = 1_000;

const arrivals = new Map<string, number>();
let arrived = 0;
let onArrival: (() => void) | undefined;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    arrivals.set(String(req.headers['x-mutasibank-webhook-id']), performance.now());
    arrived += 1;
    onArrival?.();
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
});
server.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const untilArrived = (count: number) =>
  new Promise<void>((resolve) => {
    if (arrived >= count) return resolve();
    onArrival = () => {
      if (arrived >= count) {
        onArrival = undefined;
        resolve();
      }
    };
  });

const sender = new UndiciSender({ dev: true, nowMs: () => Date.now() });
const payload = serializeWebhookPayload({
  account_id: 1,
  module: 'bca',
  account_name: 'PT Example',
  account_number: '1234567890',
  balance: 5150123,
  data_mutasi: [
    {
      id: randomUUID(),
      transaction_date: '2025-12-31 21:15:04',
      description: 'TRSF E-BANKING CR 3112/FTSCY/WS95271 150123.00 SITI AMINAH ORDER-12345',
      type: 'CR',
      amount: 150123,
      balance: 5150123,
    },
  ],
});

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function bareThroughput(count: number): Promise<number> {
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      await sender.send({
        url: `${origin}/bare`,
        body: payload,
        headers: { 'content-type': 'application/json', 'x-mutasibank-webhook-id': randomUUID() },
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return count / ((performance.now() - start) / 1000);
}

function newDispatcher(store: MemoryOutboxStore): Dispatcher {
  for (let i = 0; i < ENDPOINTS; i++) {
    store.addEndpoint({
      id: `wh_${i}`,
      url: `${origin}/hook/${i}`,
      secrets: ['bench-secret'],
      ordered: true,
    });
  }
  store.setApiKey(1, 'owner-token');
  return new Dispatcher({
    store,
    sender,
    sign: localSign,
    nowMs: () => Date.now(),
    concurrency: CONCURRENCY,
    maxInFlightPerEndpoint: CONCURRENCY / ENDPOINTS,
  });
}

// Ingest-like production: batches of messages, each followed by notify(), keeping at most BACKLOG
// undelivered so the measurement is the dispatcher, not a giant queue scan.
async function dispatcherThroughput(count: number): Promise<{ perSecond: number; lagMs: number[] }> {
  const store = new MemoryOutboxStore();
  const dispatcher = newDispatcher(store);
  dispatcher.start();
  const enqueuedAt = new Map<string, number>();
  const base = arrived;
  const start = performance.now();
  let enqueued = 0;
  while (enqueued < count) {
    await untilArrived(base + Math.max(0, enqueued - BACKLOG));
    for (let i = 0; i < 200 && enqueued < count; i++, enqueued++) {
      const id = randomUUID();
      // 64 accounts over 8 endpoints: ordered lines, up to the per-endpoint cap in flight.
      store.enqueue({
        id,
        endpointId: `wh_${enqueued % ENDPOINTS}`,
        accountId: enqueued % 64,
        payload,
        createdAt: Date.now(),
      });
      enqueuedAt.set(id, performance.now());
    }
    dispatcher.notify();
  }
  await untilArrived(base + count);
  const perSecond = count / ((performance.now() - start) / 1000);
  await dispatcher.idle();
  await dispatcher.stop();
  const lagMs = [...enqueuedAt].map(([id, at]) => (arrivals.get(id) ?? Number.NaN) - at);
  return { perSecond, lagMs };
}

async function bareLatency(samples: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const id = randomUUID();
    const start = performance.now();
    await sender.send({ url: `${origin}/bare`, body: payload, headers: { 'x-mutasibank-webhook-id': id } });
    latencies.push((arrivals.get(id) ?? Number.NaN) - start);
  }
  return latencies;
}

async function dispatcherLatency(samples: number): Promise<number[]> {
  const store = new MemoryOutboxStore();
  const dispatcher = newDispatcher(store);
  dispatcher.start();
  await dispatcher.idle();
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const id = randomUUID();
    const start = performance.now();
    const target = arrived + 1;
    store.enqueue({ id, endpointId: `wh_${i % ENDPOINTS}`, accountId: 1, payload, createdAt: Date.now() });
    dispatcher.notify();
    await untilArrived(target);
    latencies.push((arrivals.get(id) ?? Number.NaN) - start);
    await dispatcher.idle();
  }
  await dispatcher.stop();
  return latencies;
}

// Warm up the JIT, the agent's connections and the receiver.
await bareThroughput(2_000);
await dispatcherThroughput(2_000);
await bareLatency(200);
await dispatcherLatency(200);

const median = (values: number[]) => percentile(values, 50);
const bareRates: number[] = [];
const dispatchedRates: number[] = [];
const lagMs: number[] = [];
const bareLat: number[] = [];
const dispatchedLat: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  bareRates.push(await bareThroughput(MESSAGES));
  const dispatched = await dispatcherThroughput(MESSAGES);
  dispatchedRates.push(dispatched.perSecond);
  lagMs.push(...dispatched.lagMs);
  bareLat.push(...(await bareLatency(LATENCY_SAMPLES)));
  dispatchedLat.push(...(await dispatcherLatency(LATENCY_SAMPLES)));
}

const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 0);
const p = (values: number[]) =>
  `p50 ${fmt(percentile(values, 50))} ms, p99 ${fmt(percentile(values, 99))} ms`;
console.log(
  `webhook dispatch: ${ROUNDS} interleaved rounds of ${MESSAGES} messages, ${CONCURRENCY} in flight, node ${process.version}`,
);
console.log(`throughput  bare POST, same agent          median ${fmt(median(bareRates))} /s`);
console.log(
  `throughput  Dispatcher + MemoryOutboxStore median ${fmt(median(dispatchedRates))} /s  ` +
    `(ratio ${(median(dispatchedRates) / median(bareRates)).toFixed(2)})`,
);
console.log(`            enqueue->arrival at that load, up to ${BACKLOG} queued: ${p(lagMs)}`);
console.log(
  `latency     bare POST -> arrival           ${p(bareLat)}  (${LATENCY_SAMPLES * ROUNDS} sequential)`,
);
console.log(
  `latency     enqueue+notify -> arrival      ${p(dispatchedLat)}  ` +
    `(p50 ratio ${(percentile(dispatchedLat, 50) / percentile(bareLat, 50)).toFixed(2)})`,
);

await sender.close();
server.closeAllConnections();
server.close();

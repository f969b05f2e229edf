/**
 * Delivery bench (issue 5): one server (child process, SQLite, dev mode) delivering to a local
 * keep-alive receiver in this process.
 * - throughput: N mutations recorded through the simulator endpoint as fast as 16 clients can,
 *   and the deliveries per second the receiver sees, next to bare POSTs from this process to the
 *   same receiver (the floor of what the receiver can take);
 * - latency: sequential simulator calls, from the call to the receiver's arrival, p50 and p99.
 *
 *   node --import tsx --conditions=source packages/server/bench/delivery.bench.ts [messages] [latencySamples]
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchServer } from './bench-server.js';

const MESSAGES = Number(process.argv[2] ?? 5000);
const SAMPLES = Number(process.argv[3] ?? 300);
const TOKEN = 'bench-token-0000000000';
const dir = mkdtempSync(join(tmpdir(), 'mutasibank-delivery-bench-'));

let onArrival: (id: string) => void = () => {};
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    onArrival(String(req.headers['x-mutasibank-webhook-id'] ?? ''));
    res.writeHead(200).end('ok');
  });
});
receiver.keepAliveTimeout = 30_000;
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

async function post(url: string, body: unknown) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: TOKEN, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { data: { id: number } };
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return json.data;
}

const { child, port } = await startBenchServer(['api', join(dir, 'd.db'), 'dev'], {
  MUTASIBANK_DELIVERY_PER_ENDPOINT: '16',
});
const base = `http://127.0.0.1:${port}/api/v1`;
try {
  const account = await post(`${base}/account/create`, {
    bank_id: 1,
    account_name: 'Bench',
    account_no: '1234567890',
  });
  await post(`${base}/webhook`, { url: receiverUrl, bank_account_id: account.id, ordered: false });
  const simulate = (i: number) =>
    post(`${base}/simulator/${account.id}/mutations`, {
      type: 'CR',
      amount: 1000 + i,
      description: `BENCH ${i}`,
    });

  // Warm-up, then throughput.
  let arrived = 0;
  let done: () => void = () => {};
  onArrival = () => {
    arrived++;
    if (arrived === MESSAGES) done();
  };
  const allArrived = new Promise<void>((r) => {
    done = r;
  });
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < MESSAGES) await simulate(next++);
    }),
  );
  const enqueued = performance.now();
  await allArrived;
  const t1 = performance.now();
  const deliveriesPerSecond = MESSAGES / ((t1 - t0) / 1000);

  // Floor: bare POSTs to the same receiver from this process, same concurrency.
  onArrival = () => {};
  const b0 = performance.now();
  let sent = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (sent < MESSAGES) {
        sent++;
        const r = await fetch(receiverUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"account_id":1,"data_mutasi":[]}',
        });
        await r.text();
      }
    }),
  );
  const bare = MESSAGES / ((performance.now() - b0) / 1000);

  // Latency: one at a time, call start to arrival.
  const latencies: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = performance.now();
    const got = new Promise<void>((r) => {
      onArrival = () => r();
    });
    await simulate(MESSAGES + i);
    await got;
    latencies.push(performance.now() - start);
  }
  latencies.sort((a, b) => a - b);
  const p = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))]!.toFixed(2);

  process.stdout.write(
    `messages: ${MESSAGES} (16 concurrent simulator clients, one endpoint, up to 16 in flight)\n`,
  );
  process.stdout.write(
    `  enqueued in ${((enqueued - t0) / 1000).toFixed(2)} s, all delivered in ${((t1 - t0) / 1000).toFixed(2)} s\n`,
  );
  process.stdout.write(`  deliveries/s through the server: ${deliveriesPerSecond.toFixed(0)}\n`);
  process.stdout.write(
    `  bare POSTs/s to the same receiver: ${bare.toFixed(0)}  (ratio ${(deliveriesPerSecond / bare).toFixed(2)})\n`,
  );
  process.stdout.write(
    `latency simulator call -> receiver arrival (${SAMPLES} sequential): p50 ${p(0.5)} ms, p99 ${p(0.99)} ms\n`,
  );
} finally {
  child.kill();
  receiver.close();
  rmSync(dir, { recursive: true, force: true });
}

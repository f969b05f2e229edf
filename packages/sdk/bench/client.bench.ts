/**
 * @module bench/client
 * Requests per second through `MutasibankClient.getAccounts()` next to the same request made with
 * bare `fetch` (same headers, JSON parsed), against a keep-alive node:http server in this process.
 * The ratio is the client's overhead: argument checks, error mapping, money normalisation, the
 * timeout timer and the size-limited body read.
 *
 * Run: node --import tsx --conditions=source packages/sdk/bench/client.bench.ts [requests] [concurrency] [rounds]
 *
 * Each round measures both sides back to back (order alternating) and the ratio printed is the
 * median of the per-round ratios, so load from other processes mostly cancels out.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { MutasibankClient } from 'mutasibank';

const REQUESTS = Number(process.argv[2] ?? 1000);
const CONCURRENCY = Number(process.argv[3] ?? 16);
const ROUNDS = Number(process.argv[4] ?? 15);
const TOKEN = 'bench-token';

const account = (id: number) => ({
  id,
  bank: 'BCA',
  module: 'bca',
  account_no: `12345678${id}`,
  account_name: 'PT Contoh',
  balance: '5000000.00',
  is_active: 1,
  last_bot_activity: '2025-01-10 14:30:00',
  next_bot_process: '2025-01-10 14:45:00',
});
const BODY = JSON.stringify({ error: false, data: [account(1), account(2), account(3)] });

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) });
    res.end(BODY);
  });
});
server.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;

const client = new MutasibankClient({ token: TOKEN, baseUrl });
const headers = { Authorization: TOKEN, Accept: 'application/json', 'User-Agent': 'bench' };

async function bareFetch(): Promise<void> {
  const response = await fetch(`${baseUrl}/accounts`, { headers });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  await response.json();
}

async function viaClient(): Promise<void> {
  await client.getAccounts();
}

async function requestsPerSecond(call: () => Promise<void>, concurrency: number): Promise<number> {
  let started = 0;
  const worker = async () => {
    while (started < REQUESTS) {
      started++;
      await call();
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return REQUESTS / ((performance.now() - t0) / 1000);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

// Warm up both paths (JIT, connection pool) before measuring.
await requestsPerSecond(bareFetch, CONCURRENCY);
await requestsPerSecond(viaClient, CONCURRENCY);

console.log(
  `node ${process.version}, ${REQUESTS} requests per side per round, ${ROUNDS} rounds, medians shown`,
);
console.log('mode            bare fetch req/s   client req/s   client/fetch');
for (const concurrency of [1, CONCURRENCY]) {
  const bare: number[] = [];
  const wrapped: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternating which side goes first, so drift (GC, CPU frequency) hits both alike.
    const isBareFirst = round % 2 === 0;
    const first = await requestsPerSecond(isBareFirst ? bareFetch : viaClient, concurrency);
    const second = await requestsPerSecond(isBareFirst ? viaClient : bareFetch, concurrency);
    const [b, c] = isBareFirst ? [first, second] : [second, first];
    bare.push(b);
    wrapped.push(c);
    ratios.push(c / b);
  }
  const mode = concurrency === 1 ? 'sequential' : `concurrency ${concurrency}`;
  console.log(
    `${mode.padEnd(16)}${median(bare).toFixed(0).padStart(16)}${median(wrapped).toFixed(0).padStart(15)}${median(ratios).toFixed(3).padStart(15)}`,
  );
}

server.closeAllConnections();
server.close();

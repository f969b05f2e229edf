/**
 * @module bench/client
 * Requests per second through `MutasibankClient.getAccounts()` next to the same request made with
 * bare `fetch` (same headers, JSON parsed), against a keep-alive node:http server in this process.
 * The ratio is the client's overhead: argument checks, error mapping, money normalisation, the
 * timeout timer and the size-limited body read. A third column, fetch with a per-request
 * AbortController and timer (what any timeout costs with undici), shows how much of it is the
 * timeout alone. A last table repeats the three with an in-memory fetch (no socket, no server), which
 * isolates the client's own CPU cost per call in microseconds and is far less noisy.
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

async function fetchWithTimeout(): Promise<void> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 30_000);
  try {
    const response = await fetch(`${baseUrl}/accounts`, { headers, signal: controller.signal });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    await response.json();
  } finally {
    clearTimeout(timer);
  }
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
await requestsPerSecond(fetchWithTimeout, CONCURRENCY);
await requestsPerSecond(viaClient, CONCURRENCY);

console.log(
  `node ${process.version}, ${REQUESTS} requests per side per round, ${ROUNDS} rounds, medians shown`,
);
console.log(
  'mode             fetch req/s  fetch+timeout req/s  client req/s  client/fetch  client/(fetch+timeout)',
);
for (const concurrency of [1, CONCURRENCY]) {
  const sides = [bareFetch, fetchWithTimeout, viaClient];
  const rates: number[][] = sides.map(() => []);
  const ratios: number[][] = [[], []];
  for (let round = 0; round < ROUNDS; round++) {
    // Rotating which side goes first, so drift (GC, CPU frequency, other load) hits all alike.
    const rate: number[] = [];
    for (let k = 0; k < sides.length; k++) {
      const index = (round + k) % sides.length;
      rate[index] = await requestsPerSecond(sides[index]!, concurrency);
    }
    for (const [index, value] of rate.entries()) rates[index]!.push(value);
    ratios[0]!.push(rate[2]! / rate[0]!);
    ratios[1]!.push(rate[2]! / rate[1]!);
  }
  const mode = concurrency === 1 ? 'sequential' : `concurrency ${concurrency}`;
  const [fetchRate, timeoutRate, clientRate] = rates.map((r) => median(r).toFixed(0));
  console.log(
    `${mode.padEnd(16)}${fetchRate!.padStart(13)}${timeoutRate!.padStart(21)}${clientRate!.padStart(14)}` +
      `${median(ratios[0]!).toFixed(3).padStart(14)}${median(ratios[1]!).toFixed(3).padStart(24)}`,
  );
}

// The same three paths with a fetch that answers from memory: only CPU work remains.
const IN_MEMORY_CALLS = 20_000;
const memoryResponse = () =>
  new Response(BODY, {
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(BODY)) },
  });
const memoryFetch = async (_url: string | URL | Request, init?: RequestInit) => {
  init?.signal?.throwIfAborted();
  return memoryResponse();
};
const memoryClient = new MutasibankClient({ token: TOKEN, baseUrl, fetch: memoryFetch });
const memorySides: Array<[string, () => Promise<unknown>]> = [
  ['fetch', async () => (await memoryFetch(baseUrl, { headers })).json()],
  [
    'fetch+timeout',
    async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 30_000);
      try {
        return await (await memoryFetch(baseUrl, { headers, signal: controller.signal })).json();
      } finally {
        clearTimeout(timer);
      }
    },
  ],
  ['client', () => memoryClient.getAccounts()],
];
const microseconds: number[][] = memorySides.map(() => []);
for (let round = 0; round < ROUNDS; round++) {
  for (const [index, [, call]] of memorySides.entries()) {
    const t0 = performance.now();
    for (let i = 0; i < IN_MEMORY_CALLS; i++) await call();
    if (round > 0) microseconds[index]!.push(((performance.now() - t0) * 1000) / IN_MEMORY_CALLS);
  }
}
const [memFetch, memTimeout, memClient] = microseconds.map(median) as [number, number, number];
console.log(
  `\nin-memory fetch, ${IN_MEMORY_CALLS} calls per side per round (first round is warm-up), median us/call`,
);
console.log(
  `fetch ${memFetch.toFixed(1)} us, fetch+timeout ${memTimeout.toFixed(1)} us, client ${memClient.toFixed(1)} us: ` +
    `the client adds ${(memClient - memFetch).toFixed(1)} us over bare fetch, ${(memClient - memTimeout).toFixed(1)} us over fetch+timeout`,
);

server.closeAllConnections();
server.close();

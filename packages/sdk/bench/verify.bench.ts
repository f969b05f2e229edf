/**
 * Webhook verification throughput.
 * Run: node --import tsx --conditions=source packages/sdk/bench/verify.bench.ts [--quick]
 *
 * 1. Verifications/second on a ~1 KB delivery: the bare HMAC-SHA256 + compare of the same bytes
 *    (the floor), the floor plus JSON.parse, `verifyWebhook`, the seed Express handler's logic, and
 *    the async paths; each as a ratio to the floors, all measured in this process, interleaved.
 * 2. Requests/second through the Fastify adapter vs a bare Fastify route that does nothing, with
 *    the autocannon CLI in its own process, on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import {
  signWebhook,
  verifyWebhook,
  verifyWebhookAsync,
  verifyWebhookAsyncWith,
  WebCryptoProvider,
} from 'mutasibank';
import { mutasibankWebhook } from 'mutasibank/fastify';

const quick = process.argv.includes('--quick');
const autocannonBin = fileURLToPath(new URL('../../../node_modules/.bin/autocannon', import.meta.url));
const secret = 'a3f1c9e07b5d4e21908f6c2b1d7e4a55c0ffee11deadbeef2468ace013579bdf';
const mutations = Array.from({ length: 4 }, (_, i) => ({
  id: `5f0b8a3e-2c1d-4b7a-9e6f-1a2b3c4d5e6${i}`,
  transaction_date: '2025-12-31 21:15:04',
  description: `TRSF E-BANKING CR 3112/FTSCY/WS95271 150123.00 SITI AMINAH ORDER-1234${i}`,
  type: i % 2 === 0 ? 'CR' : 'DB',
  amount: 150123 + i,
  balance: 5150123 + i,
}));
const body = JSON.stringify({
  api_key: 'TOKEN-EXAMPLE',
  account_id: 123,
  module: 'bca',
  account_name: 'PT Example',
  account_number: '1234567890',
  balance: 5150123,
  data_mutasi: mutations,
});
const bodyBuffer = Buffer.from(body);
// Node-style lowercase headers, as a server hands them to a handler. Signed once: no replay store
// is configured, so the same delivery verifies on every iteration.
const headers = Object.fromEntries(
  Object.entries(signWebhook({ payload: body, secret })).map(([name, value]) => [name.toLowerCase(), value]),
);
const signature = headers['x-mutasibank-signature']!;

/** One timed run of `fn` for about `ms` milliseconds: operations per second. */
async function timedRun(fn: () => unknown, isAsync: boolean, ms: number): Promise<number> {
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    if (isAsync) for (let i = 0; i < 200; i++) await fn();
    else for (let i = 0; i < 200; i++) fn();
    ops += 200;
    elapsed = performance.now() - start;
  }
  return (ops / elapsed) * 1000;
}

/**
 * Median ops/second of each case, the cases interleaved round by round so that drift (turbo,
 * other processes on the machine) hits them all alike.
 */
async function measure(cases: Array<[string, () => unknown, boolean]>): Promise<Array<[string, number]>> {
  const rounds = quick ? 3 : 7;
  const ms = quick ? 250 : 1000;
  for (const [, fn, isAsync] of cases) await timedRun(fn, isAsync, 300); // warm-up (JIT)
  const samples = cases.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    for (const [index, [, fn, isAsync]] of cases.entries())
      samples[index]!.push(await timedRun(fn, isAsync, ms));
  }
  return cases.map(([name], index) => {
    const sorted = samples[index]!.sort((a, b) => a - b);
    return [name, sorted[Math.floor(sorted.length / 2)]!];
  });
}

const floor = () => {
  const expected = createHmac('sha256', secret).update(bodyBuffer).digest();
  return timingSafeEqual(Buffer.from(signature, 'hex'), expected);
};

const floorWithParse = () => floor() && JSON.parse(bodyBuffer.toString('utf8'));

/** The seed webhook_nodejs.js handler minus Express and logging: express.json, then its checks. */
const seedHandler = () => {
  const rawBody = bodyBuffer.toString('utf8');
  const data = JSON.parse(rawBody); // express.json() does this before the handler runs
  const sig = headers['x-mutasibank-signature']!;
  const timestamp = Number.parseInt(headers['x-mutasibank-timestamp']!, 10);
  if (!sig || !timestamp) throw new Error('missing');
  if (Math.abs(Math.floor(Date.now() / 1000) - timestamp) > 300) throw new Error('expired');
  const expected = createHmac('sha256', secret).update(rawBody).digest('hex');
  if (!timingSafeEqual(Buffer.from(sig), Buffer.from(expected))) throw new Error('bad signature');
  if (data.api_key !== 'TOKEN-EXAMPLE') throw new Error('bad token');
  return data;
};

const web = new WebCryptoProvider();

console.log(`payload: ${bodyBuffer.length} bytes, ${mutations.length} mutations; node ${process.version}`);
const rows = await measure([
  ['bare HMAC-SHA256 + compare (floor)', floor, false],
  ['bare HMAC + compare + JSON.parse', floorWithParse, false],
  [
    'verifyWebhook (sync; parse, validate, view)',
    () => verifyWebhook({ payload: bodyBuffer, headers, secret }),
    false,
  ],
  ['seed Express handler logic', seedHandler, false],
  [
    'verifyWebhookAsync (node:crypto)',
    () => verifyWebhookAsync({ payload: bodyBuffer, headers, secret }),
    true,
  ],
  [
    'verifyWebhookAsync (Web Crypto)',
    () => verifyWebhookAsyncWith(web, { payload: bodyBuffer, headers, secret }),
    true,
  ],
]);
const floorOps = rows[0]![1];
const parseFloorOps = rows[1]![1];
console.log('\nverifications / second (median of interleaved rounds)');
for (const [name, ops] of rows) {
  const ratios = `x${(ops / floorOps).toFixed(2)} of floor, x${(ops / parseFloorOps).toFixed(2)} of floor+parse`;
  console.log(`  ${name.padEnd(46)} ${Math.round(ops).toString().padStart(8)}  ${ratios}`);
}

interface AutocannonSummary {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
}

/** Runs the autocannon CLI in its own process, so the load generator does not share the server's loop. */
function autocannonCli(url: string, durationSeconds: number): Promise<AutocannonSummary> {
  const args = ['-j', '-c', '10', '-d', String(durationSeconds), '-m', 'POST', '-b', body];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}=${value}`);
  const child = spawn(autocannonBin, [...args, url], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => resolve(JSON.parse(out) as AutocannonSummary));
  });
}

async function fastifyRps(withAdapter: boolean): Promise<AutocannonSummary> {
  const app = Fastify();
  if (withAdapter) {
    await app.register(mutasibankWebhook, { prefix: '/webhook', secret, handler: () => ({ success: true }) });
  } else {
    app.post('/webhook', async () => ({ success: true }));
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const url = `http://127.0.0.1:${port}/webhook`;
  await autocannonCli(url, 1); // warm-up
  const result = await autocannonCli(url, quick ? 3 : 10);
  await app.close();
  return result;
}

const bare = await fastifyRps(false);
const adapter = await fastifyRps(true);
console.log('\nFastify requests / second (autocannon CLI in its own process, 10 connections, 127.0.0.1)');
console.log(
  `  bare route (Fastify JSON parse, no check)  ${Math.round(bare.requests.average)}  p99 ${bare.latency.p99} ms`,
);
console.log(
  `  mutasibank/fastify adapter                 ${Math.round(adapter.requests.average)}  p99 ${adapter.latency.p99} ms  ` +
    `x${(adapter.requests.average / bare.requests.average).toFixed(2)} of bare` +
    (adapter.non2xx + bare.non2xx > 0 ? `  (non-2xx: ${bare.non2xx} / ${adapter.non2xx})` : ''),
);

/**
 * @module bench/invoices
 * Invoices (issue 7), on a SQLite file holding 100,000 open invoices on one account (200 prices,
 * codes 1..500 of 1..999 taken, so each range is half full):
 * - credits matched per second through the ingest path (`Ingestor` with the invoice matcher and
 *   the outbox hook, batches of 10 credits, each paying an invoice, half of them naming its
 *   reference), next to the same ingest on an account without invoices (the matcher's probe
 *   only) and to a bare indexed `select` by total;
 * - unmatched credits per second (no total, no reference: the tolerance query runs too);
 * - invoice creations per second through the service (the SDK's allocator over the repository),
 *   next to the repository's single `insert ... on conflict do nothing` with a known-free total;
 * - invoice creations per second over HTTP (autocannon against the server in a child process),
 *   next to `GET /user` on the same server (auth, routing, serialisation: the floor of any route).
 * Each in-process figure is the median of ROUNDS rounds, baseline and measurement interleaved.
 *
 *   node --import tsx --conditions=source packages/server/bench/invoices.bench.ts [invoices] [rounds] [seconds]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import BetterSqlite3 from 'better-sqlite3';
import { formatWibDateTime } from 'mutasibank';
import { systemClock } from '../src/clock.js';
import type { StatementRow } from '../src/connectors/connector.js';
import { loadConfig, openConfiguredStore, startServer } from '../src/index.js';
import { Ingestor } from '../src/ingest/ingest.js';
import { invoiceMatchHook } from '../src/invoices/invoice-matcher.js';
import { InvoiceService } from '../src/invoices/invoice-service.js';
import { DEFAULT_INVOICE_SETTINGS } from '../src/invoices/invoice-settings.js';
import { outboxHook } from '../src/outbox/enqueue.js';

const INVOICES = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const SECONDS = Number(process.argv[4] ?? 5);
const CODES_TAKEN = 500;
const PRICES = Math.ceil(INVOICES / CODES_TAKEN);
const CREDITS_PER_ROUND = 1_000;
const BATCH = 10;
const CREATES_PER_ROUND = 1_000;
// bench-server.ts starts the real server with this token and key.
const TOKEN = 'bench-token-0000000000';
const KEY = '22'.repeat(32);

const dir = mkdtempSync(join(tmpdir(), 'mutasibank-invoices-bench-'));
const dbPath = join(dir, 'bench.db');
const priceOf = (i: number) => (i + 1) * 10_000;

async function seed(): Promise<{ userId: number; shop: number; plain: number }> {
  const config = loadConfig(
    { MUTASIBANK_SECRET_KEY: KEY, MUTASIBANK_BOOTSTRAP_TOKEN: TOKEN },
    { db: dbPath, port: 0 },
  );
  const s = await startServer(config, { logger: false, scheduler: false });
  const user = (await s.store.users.authenticate(TOKEN))!;
  const make = (name: string) =>
    // Inactive: the server started for the HTTP part must not run the simulator bank on them.
    s.store.accounts.create(
      user.id,
      { bank_id: 100, module: 'simulator', account_name: name, account_no: '1', is_active: 0 },
      {},
    );
  const [shop, plain] = [await make('Shop'), await make('Plain')];
  for (const a of [shop, plain])
    await s.store.webhooks.create(user.id, { url: 'http://127.0.0.1:9/h', account_id: a.id });
  await s.close();

  const db = new BetterSqlite3(dbPath);
  const insert = db.prepare(
    `insert into invoices (account_id, amount, unique_code, total, reference, reference_key, status, valid_from,
       expires_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)`,
  );
  const now = Date.now();
  const t0 = performance.now();
  db.transaction(() => {
    for (let i = 0; i < INVOICES; i++) {
      const price = priceOf(i % PRICES);
      const code = 1 + Math.floor(i / PRICES);
      insert.run(
        shop.id,
        price,
        code,
        price + code,
        `ORDER-${i}`,
        `ORDER${i}`,
        now - 60_000,
        now + 30 * 86_400_000,
        now,
        now,
      );
    }
  })();
  db.close();
  process.stdout.write(
    `seeded ${INVOICES} open invoices (${PRICES} prices x codes 1..${CODES_TAKEN}) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n\n`,
  );
  return { userId: user.id, shop: shop.id, plain: plain.id };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function rate(count: number, fn: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await fn();
  return count / ((performance.now() - t) / 1000);
}

const ids = await seed();
const { store } = await openConfiguredStore({ dbPath, secretKey: KEY, keyFile: '' });
const ingestor = new Ingestor(store, systemClock)
  .use(invoiceMatchHook({ store, clock: systemClock, settings: DEFAULT_INVOICE_SETTINGS }))
  .use(outboxHook(store, systemClock));
const service = new InvoiceService({ store, clock: systemClock, settings: DEFAULT_INVOICE_SETTINGS });

// Invoices paid so far are never picked again: every measured credit pays.
const order = Array.from({ length: INVOICES }, (_, i) => i).sort(() => Math.random() - 0.5);
let next = 0;
let sequence = 0;
const when = formatWibDateTime(new Date());
function credits(count: number, kind: 'paying' | 'noise'): StatementRow[] {
  return Array.from({ length: count }, () => {
    sequence += 1;
    if (kind === 'noise') {
      return {
        transactionDate: when,
        description: `TRF ${sequence}`,
        type: 'CR',
        amount: 3_333_333 + sequence,
        balance: null,
      };
    }
    const i = order[next++]!;
    const total = priceOf(i % PRICES) + 1 + Math.floor(i / PRICES);
    const description =
      i % 2 === 0 ? `TRSF E-BANKING CR ORDER-${i} R${sequence}` : `TRSF E-BANKING CR R${sequence}`;
    return { transactionDate: when, description, type: 'CR', amount: total, balance: null };
  });
}
async function ingestAll(accountId: number, kind: 'paying' | 'noise'): Promise<void> {
  for (let i = 0; i < CREDITS_PER_ROUND; i += BATCH) {
    await ingestor.ingest({ accountId, rows: credits(BATCH, kind), source: 'bench' });
  }
}

const figures: Record<string, number[]> = {};
const record = (name: string, value: number) => {
  figures[name] ??= [];
  figures[name]!.push(value);
};
for (let round = 0; round < ROUNDS; round++) {
  record(
    'ingest, account without invoices',
    await rate(CREDITS_PER_ROUND, () => ingestAll(ids.plain, 'noise')),
  );
  record(
    'ingest, credits paying invoices',
    await rate(CREDITS_PER_ROUND, () => ingestAll(ids.shop, 'paying')),
  );
  record('ingest, unmatched credits', await rate(CREDITS_PER_ROUND, () => ingestAll(ids.shop, 'noise')));
  record(
    'select by total (floor)',
    await rate(CREDITS_PER_ROUND, async () => {
      for (let i = 0; i < CREDITS_PER_ROUND; i++)
        await store.invoices.withTotal(store.db, ids.shop, priceOf(i % PRICES) + 700, 0);
    }),
  );
  // Halfway between two prices: totals no allocation of a price's code range can reach.
  const perPrice = Math.ceil(CREATES_PER_ROUND / PRICES);
  record(
    'repository insert, free total',
    await rate(CREATES_PER_ROUND, async () => {
      for (let i = 0; i < CREATES_PER_ROUND; i++) {
        const price = priceOf(i % PRICES) + 5_000;
        const code = 1 + round * perPrice + Math.floor(i / PRICES);
        const row = await store.invoices.insertOpen({
          account_id: ids.shop,
          amount: price,
          unique_code: code,
          total: price + code,
          reference: `BASE-${round}-${i}`,
          reference_key: `BASE${round}${i}`,
          description: null,
          valid_from: Date.now(),
          expires_at: Date.now() + 86_400_000,
          topup_user_id: null,
        });
        if (typeof row === 'string') throw new Error(`baseline collided: ${row}`);
      }
    }),
  );
  record(
    'service create (allocator)',
    await rate(CREATES_PER_ROUND, async () => {
      for (let i = 0; i < CREATES_PER_ROUND; i++) {
        await service.create({
          userId: ids.userId,
          accountId: ids.shop,
          amount: priceOf(i % PRICES),
          reference: `SVC-${round}-${i}`,
        });
      }
    }),
  );
}
const paid = await store.db
  .selectFrom('invoices')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .where('status', '=', 'paid')
  .executeTakeFirstOrThrow();
await store.close();

function startChild(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=source',
      fileURLToPath(new URL('./bench-server.ts', import.meta.url)),
      'api',
      dbPath,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`bench server exited ${code}`)));
  });
}

const api = await startChild();
const base = `http://127.0.0.1:${api.port}/api/v1`;
let httpCreates: autocannon.Result;
let httpUser: autocannon.Result;
try {
  let n = 0;
  httpCreates = await autocannon({
    url: `${base}/invoices`,
    method: 'POST',
    connections: 10,
    duration: SECONDS,
    headers: { authorization: TOKEN, 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req) => {
          n += 1;
          return {
            ...req,
            body: JSON.stringify({
              account_id: ids.shop,
              amount: priceOf(n % PRICES),
              reference: `HTTP-${n}`,
            }),
          };
        },
      },
    ],
  });
  httpUser = await autocannon({
    url: `${base}/user`,
    connections: 10,
    duration: SECONDS,
    headers: { authorization: TOKEN },
  });
} finally {
  api.child.kill();
}
if (httpCreates.non2xx > 0 || httpCreates.errors > 0)
  throw new Error(`POST /invoices: ${httpCreates.non2xx} non-2xx`);

const fmt = (x: number) => x.toFixed(0).padStart(8);
const m = (name: string) => median(figures[name]!);
const out = (line: string) => process.stdout.write(`${line}\n`);
out(
  `medians of ${ROUNDS} rounds, ${CREDITS_PER_ROUND} credits (batches of ${BATCH}) or ${CREATES_PER_ROUND} creations each`,
);
out(`  credits matched (each pays an invoice)    ${fmt(m('ingest, credits paying invoices'))} /s`);
out(`  unmatched credits (tolerance query too)   ${fmt(m('ingest, unmatched credits'))} /s`);
out(`  baseline: ingest, account without invoices ${fmt(m('ingest, account without invoices'))} /s`);
out(`  floor: indexed select by total            ${fmt(m('select by total (floor)'))} /s`);
out(
  `    ratio paying / baseline ingest: ${(m('ingest, credits paying invoices') / m('ingest, account without invoices')).toFixed(2)}`,
);
out(`  invoice creations, service (allocator)    ${fmt(m('service create (allocator)'))} /s`);
out(`  baseline: repository insert, free total   ${fmt(m('repository insert, free total'))} /s`);
out(
  `    ratio service / insert: ${(m('service create (allocator)') / m('repository insert, free total')).toFixed(2)}`,
);
out(`HTTP, ${SECONDS} s, 10 connections`);
out(
  `  POST /invoices   ${fmt(httpCreates.requests.average)} req/s  p50 ${httpCreates.latency.p50} ms  p99 ${httpCreates.latency.p99} ms`,
);
out(
  `  GET /user        ${fmt(httpUser.requests.average)} req/s  p50 ${httpUser.latency.p50} ms  p99 ${httpUser.latency.p99} ms`,
);
out(
  `    ratio POST /invoices / GET /user: ${(httpCreates.requests.average / httpUser.requests.average).toFixed(2)}`,
);
out(`(${paid.n} invoices paid by the credits; expected ${ROUNDS * CREDITS_PER_ROUND})`);
rmSync(dir, { recursive: true, force: true });

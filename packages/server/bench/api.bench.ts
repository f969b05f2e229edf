/**
 * API bench (issue 4): with 1,000,000 mutations in one account, `statements` for a 31-day range
 * and `match` by amount through HTTP (autocannon against the server in a child process), next to
 * the same queries run directly on the database in this process (the floor); and `GET /accounts`
 * next to a bare Fastify route. Prints requests/s, p50/p99 and ratios.
 *
 *   node --import tsx --conditions=source packages/server/bench/api.bench.ts [rows] [seconds]
 */

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import BetterSqlite3 from 'better-sqlite3';
import { formatWibDateTime } from 'mutasibank';
import { loadConfig, openConfiguredStore, startServer } from '../src/index.js';
import { startBenchServer } from './bench-server.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const SECONDS = Number(process.argv[3] ?? 5);
const DAYS = 730;
const TOKEN = 'bench-token-0000000000';
const KEY = '22'.repeat(32);
const dir = mkdtempSync(join(tmpdir(), 'mutasibank-bench-'));
const dbPath = join(dir, 'bench.db');

async function seed(): Promise<{ accountId: number; amounts: number[]; from: string; to: string }> {
  // The schema and first user come from a real start; rows are bulk-inserted straight into SQLite.
  const config = loadConfig(
    { MUTASIBANK_SECRET_KEY: KEY, MUTASIBANK_BOOTSTRAP_TOKEN: TOKEN },
    { db: dbPath, port: 0 },
  );
  const s = await startServer(config, { logger: false });
  const user = await s.store.users.authenticate(TOKEN);
  const account = await s.store.accounts.create(
    user!.id,
    { bank_id: 100, module: 'simulator', account_name: 'Bench', account_no: '1234567890' },
    {},
  );
  await s.close();
  const db = new BetterSqlite3(dbPath);
  const insert = db.prepare(
    'insert into mutations (id, account_id, fingerprint, transaction_date, description, type, amount, balance, source, created_at) values (?,?,?,?,?,?,?,?,?,?)',
  );
  const start = Date.UTC(2023, 0, 1) - 7 * 3600_000;
  const stepMs = (DAYS * 86_400_000) / ROWS;
  const t0 = performance.now();
  let rng = 42;
  const rand = () => {
    rng = (rng * 1103515245 + 12345) % 2 ** 31;
    return rng / 2 ** 31;
  };
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++) {
      const amount = Math.floor(rand() * 2000) * 1000 + Math.floor(rand() * 999) + 1;
      insert.run(
        randomUUID(),
        account.id,
        `fp${i}`,
        formatWibDateTime(new Date(start + i * stepMs)),
        `TRSF E-BANKING CR ${i} BENCH`,
        rand() < 0.7 ? 'CR' : 'DB',
        amount,
        0,
        'bench',
        Date.now(),
      );
    }
  })();
  db.close();
  const amounts = Array.from(
    { length: 50 },
    () => Math.floor(rand() * 2000) * 1000 + Math.floor(rand() * 999) + 1,
  );
  process.stdout.write(
    `seeded ${ROWS} rows over ${DAYS} days in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  return { accountId: account.id, amounts, from: '2024-03-01', to: '2024-03-31' };
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
}

async function cannon(opts: autocannon.Options): Promise<Figures> {
  const r = await autocannon({ connections: 10, duration: SECONDS, ...opts });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${opts.url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

async function direct(fn: () => Promise<unknown>): Promise<Figures> {
  const lat: number[] = [];
  const end = performance.now() + SECONDS * 1000;
  while (performance.now() < end) {
    const t = performance.now();
    await fn();
    lat.push(performance.now() - t);
  }
  lat.sort((a, b) => a - b);
  return {
    rps: lat.length / SECONDS,
    p50: lat[Math.floor(lat.length * 0.5)]!,
    p99: lat[Math.floor(lat.length * 0.99)]!,
  };
}

const fmt = (f: Figures) =>
  `${f.rps.toFixed(0).padStart(7)} req/s  p50 ${f.p50.toFixed(2).padStart(7)} ms  p99 ${f.p99.toFixed(2).padStart(7)} ms`;

const { accountId, amounts, from, to } = await seed();
const { store } = await openConfiguredStore({ dbPath, secretKey: KEY, keyFile: '' });
const range = { from: `${from} 00:00:00`, to: '2024-04-01 00:00:00' };
const rowsInRange = (await store.mutations.statements(accountId, range)).length;
process.stdout.write(`statements range ${from}..${to}: ${rowsInRange} rows per response\n\n`);

const api = await startBenchServer(['api', dbPath]);
const base = `http://127.0.0.1:${api.port}/api/v1`;
const headers = { authorization: TOKEN, 'content-type': 'application/x-www-form-urlencoded' };
try {
  let i = 0;
  const stmtHttp = await cannon({
    url: `${base}/statements/${accountId}`,
    method: 'POST',
    headers,
    body: `date_from=${from}&date_to=${to}`,
    connections: 2,
  });
  const stmtDb = await direct(() => store.mutations.statements(accountId, range));
  const matchHttp = await cannon({
    url: `${base}/match/${accountId}`,
    method: 'POST',
    headers,
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          body: `amount=${amounts[i++ % amounts.length]}&date_from=2023-01-01&date_to=2024-12-31`,
        }),
      },
    ],
  });
  const matchDb = await direct(() =>
    store.mutations.matchCredits(
      accountId,
      amounts[i++ % amounts.length]!,
      { from: '2023-01-01 00:00:00', to: '2025-01-01 00:00:00' },
      1,
    ),
  );
  const accountsHttp = await cannon({ url: `${base}/accounts`, headers: { authorization: TOKEN } });
  api.child.kill();
  const bare = await startBenchServer(['bare']);
  const bareHttp = await cannon({ url: `http://127.0.0.1:${bare.port}/bare` });
  bare.child.kill();

  process.stdout.write(`statements (31 days, ${rowsInRange} rows), HTTP   ${fmt(stmtHttp)}\n`);
  process.stdout.write(`statements, direct query (floor)          ${fmt(stmtDb)}\n`);
  process.stdout.write(`  ratio HTTP/floor: ${(stmtHttp.rps / stmtDb.rps).toFixed(2)}\n\n`);
  process.stdout.write(`match by amount, HTTP                     ${fmt(matchHttp)}\n`);
  process.stdout.write(`match, direct query (floor)               ${fmt(matchDb)}\n`);
  process.stdout.write(`  ratio HTTP/floor: ${(matchHttp.rps / matchDb.rps).toFixed(2)}\n\n`);
  process.stdout.write(`GET /accounts, HTTP                       ${fmt(accountsHttp)}\n`);
  process.stdout.write(`bare Fastify route                        ${fmt(bareHttp)}\n`);
  process.stdout.write(`  ratio accounts/bare: ${(accountsHttp.rps / bareHttp.rps).toFixed(2)}\n`);
} finally {
  api.child.kill();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

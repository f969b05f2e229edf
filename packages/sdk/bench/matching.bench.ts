/**
 * @module bench/matching
 * Payment matching with 100,000 open orders: credits matched per second and unique-code
 * allocations per second, on the in-memory store and on SQLite (a temp file, WAL), each next to a
 * bare baseline measured in the same process (a Map lookup / insert, an indexed SELECT / INSERT).
 *
 *   node --import tsx --conditions=source packages/sdk/bench/matching.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  betterSqlite3Executor,
  type MatchableMutation,
  MemoryPaymentStore,
  PaymentMatcher,
  type PaymentStore,
  SqlPaymentStore,
  UniqueCodeAllocator,
} from 'mutasibank';

const OPEN_ORDERS = 100_000;
const PRICES = 200; // base prices 1.000 apart, so each price has its own range of 999 codes
const CREDITS = 10_000;
const ALLOCATIONS = 10_000;
const BATCH = 10;
const ROUNDS = 3; // figures are the median round
const T0 = new Date('2025-01-10T02:00:00Z');
const clock = () => T0;

function priceOf(i: number): number {
  return 100_000 + (i % PRICES) * 1000;
}

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function timed(fn: () => Promise<void> | void): Promise<number> {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

interface Figures {
  credits: number;
  creditBaseline: number;
  duplicates: number;
  allocations: number;
  allocationBaseline: number;
}

/** Preloads 100,000 open orders (codes 1..500 of each price, so ranges are half full). */
async function preload(store: PaymentStore): Promise<number[]> {
  const totals: number[] = [];
  for (let i = 0; i < OPEN_ORDERS; i++) {
    const amount = priceOf(i);
    const code = 1 + Math.floor(i / PRICES);
    const order = await store.reserveTotal({
      id: `pre-${i}`,
      accountId: '1',
      amount,
      uniqueCode: code,
      total: amount + code,
      reference: `ORDER-${i}`,
      validFrom: T0,
      expiresAt: null,
    });
    if (!order) throw new Error('preload collided');
    totals.push(order.total);
  }
  return totals;
}

/** Runs both measured paths untimed on another account first, so the figures are not JIT warm-up. */
async function warmUp(store: PaymentStore): Promise<void> {
  const allocator = new UniqueCodeAllocator({ store, clock, random: seeded(1) });
  const matcher = new PaymentMatcher({ store, clock });
  for (let i = 0; i < 2000; i++) {
    const order = await allocator.allocate({
      id: `warm-${i}`,
      accountId: 2,
      amount: priceOf(i),
      reference: `ORDER-W${i}`,
    });
    const mutation: MatchableMutation = {
      id: `warm-${i}`,
      type: 'CR',
      amount: order.total,
      description: `TRSF E-BANKING CR 0101/FTSCY/WS95271 ${order.total}.00 BUDI ORDER-W${i}`,
      transaction_date: '2025-01-10 14:30:00',
    };
    await matcher.handle({ account_id: 2, data_mutasi: [mutation] });
    await matcher.handle({ account_id: 2, data_mutasi: [mutation] });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The order a round's k-th credit pays: spread over the whole book, distinct across rounds. */
function creditedIndex(round: number, k: number): number {
  return Math.floor((k * OPEN_ORDERS) / CREDITS) + round;
}

async function measure(
  store: PaymentStore,
  totals: number[],
): Promise<Pick<Figures, 'credits' | 'duplicates' | 'allocations'>> {
  await warmUp(store);
  let paid = 0;
  const matcher = new PaymentMatcher({ store, clock, onPaid: () => void paid++ });
  const random = seeded(42);
  const allocator = new UniqueCodeAllocator({ store, clock, random });
  const rates = { credits: [] as number[], duplicates: [] as number[], allocations: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    const payloads: { account_id: number; data_mutasi: MatchableMutation[] }[] = [];
    for (let i = 0; i < CREDITS; i += BATCH) {
      const data_mutasi: MatchableMutation[] = [];
      for (let k = i; k < i + BATCH; k++) {
        const index = creditedIndex(round, k);
        data_mutasi.push({
          id: `m-${round}-${k}`,
          type: 'CR',
          amount: totals[index]!,
          description: `TRSF E-BANKING CR 0101/FTSCY/WS95271 ${totals[index]}.00 BUDI ORDER-${index}`,
          transaction_date: '2025-01-10 14:30:00',
        });
      }
      payloads.push({ account_id: 1, data_mutasi });
    }
    const before = paid;
    const creditSeconds = await timed(async () => {
      for (const payload of payloads) await matcher.handle(payload);
    });
    if (paid - before !== CREDITS) throw new Error(`expected ${CREDITS} payments, got ${paid - before}`);
    const duplicateSeconds = await timed(async () => {
      for (const payload of payloads) await matcher.handle(payload);
    });
    if (paid - before !== CREDITS) throw new Error('a redelivery paid again');
    const allocationSeconds = await timed(async () => {
      for (let i = 0; i < ALLOCATIONS; i++) {
        await allocator.allocate({ id: `new-${round}-${i}`, accountId: 1, amount: priceOf(i) });
      }
    });
    rates.credits.push(CREDITS / creditSeconds);
    rates.duplicates.push(CREDITS / duplicateSeconds);
    rates.allocations.push(ALLOCATIONS / allocationSeconds);
  }
  return {
    credits: median(rates.credits),
    duplicates: median(rates.duplicates),
    allocations: median(rates.allocations),
  };
}

/** Runs `fn` once per round and returns the median rate (`count` per second). */
async function medianRate(count: number, fn: (round: number) => void): Promise<number> {
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) rates.push(count / (await timed(() => fn(round))));
  return median(rates);
}

async function benchMemory(): Promise<Figures> {
  const store = new MemoryPaymentStore();
  const totals = await preload(store);
  const figures = await measure(store, totals);

  // Baselines: what the matcher's exact lookup and the allocator's reservation cost at their barest.
  const map = new Map<number, string>(totals.map((t, i) => [t, `pre-${i}`]));
  const random = seeded(7);
  const creditBaseline = await medianRate(CREDITS, (round) => {
    for (let k = 0; k < CREDITS; k++) {
      if (!map.get(totals[creditedIndex(round, k)]!)) throw new Error('baseline missed');
    }
  });
  const allocationBaseline = await medianRate(ALLOCATIONS, (round) => {
    for (let i = 0; i < ALLOCATIONS; i++) {
      let total = 0;
      do total = priceOf(i) + 1 + Math.floor(random() * 999);
      while (map.has(total));
      map.set(total, `bare-${round}-${i}`);
    }
  });
  return { ...figures, creditBaseline, allocationBaseline };
}

async function benchSqlite(dir: string): Promise<Figures> {
  const db = new Database(join(dir, 'bench.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const store = new SqlPaymentStore({ executor: betterSqlite3Executor(db) });
  await store.createSchema();
  const totals = await preload(store);
  const figures = await measure(store, totals);

  const select = db.prepare(
    `SELECT id FROM mutasibank_orders WHERE account_id = ? AND status = 'open' AND total = ?`,
  );
  db.exec('CREATE TABLE bare (account_id TEXT NOT NULL, total INTEGER NOT NULL, UNIQUE (account_id, total))');
  const insert = db.prepare('INSERT INTO bare (account_id, total) VALUES (?, ?)');
  // The measured rounds paid the orders at creditedIndex(0..ROUNDS-1, k); the baseline reads others, still open.
  const creditBaseline = await medianRate(CREDITS, (round) => {
    for (let k = 0; k < CREDITS; k++) {
      if (!select.get('1', totals[creditedIndex(ROUNDS + round, k)]!)) throw new Error('baseline missed');
    }
  });
  const allocationBaseline = await medianRate(ALLOCATIONS, (round) => {
    for (let i = 0; i < ALLOCATIONS; i++) insert.run('1', round * ALLOCATIONS + i);
  });
  db.close();
  return { ...figures, creditBaseline, allocationBaseline };
}

function line(label: string, perSecond: number, baseline?: number): string {
  const figure = `${Math.round(perSecond).toLocaleString('en-US').padStart(12)} /s`;
  return baseline === undefined
    ? `  ${label.padEnd(34)}${figure}`
    : `  ${label.padEnd(34)}${figure}   (baseline ${Math.round(baseline).toLocaleString('en-US')} /s, ${(baseline / perSecond).toFixed(1)}x slower)`;
}

const dir = mkdtempSync(join(tmpdir(), 'mb-bench-'));
try {
  console.log(
    `matching bench: ${OPEN_ORDERS.toLocaleString('en-US')} open orders on one account, node ${process.version}`,
  );
  for (const [name, run] of [
    ['memory', () => benchMemory()],
    ['sqlite (WAL, synchronous=NORMAL)', () => benchSqlite(dir)],
  ] as const) {
    const f = await run();
    console.log(name);
    console.log(line(`credits matched (paid, batches of ${BATCH})`, f.credits, f.creditBaseline));
    console.log(line('redeliveries (duplicates)', f.duplicates));
    console.log(line('allocations (random, ranges ~half full)', f.allocations, f.allocationBaseline));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

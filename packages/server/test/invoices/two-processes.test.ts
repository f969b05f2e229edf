/**
 * Two server processes on one database (a SQLite file; a PostgreSQL schema when PG_URL is set)
 * ingest the same statement stream, in opposite batch orders, through the invoice matcher. The
 * stream pays 150 invoices and carries a second, different transfer of the same total for 40 of
 * them (two customers paying the same amount). Each invoice is paid exactly once, by a mutation
 * of its total, with one `invoice.paid` message; each statement row is stored once.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatWibDateTime } from 'mutasibank';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import type { StatementRow } from '../../src/connectors/connector.js';
import { InvoiceService } from '../../src/invoices/invoice-service.js';
import { DEFAULT_INVOICE_SETTINGS } from '../../src/invoices/invoice-settings.js';
import { openDialectStore } from '../helpers/dialect-store.js';
import { DIALECTS } from '../helpers/dialects.js';

const CHILD = fileURLToPath(new URL('../helpers/invoice-ingest-child.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mutasibank-invoice-2proc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Child {
  ready: Promise<void>;
  done: Promise<number>;
  go(): void;
}

function startChild(args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', CHILD, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('READY')) markReady();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const done = new Promise<number>((resolve, reject) => {
    child.on('close', (code) => {
      const m = /DONE (\d+)/.exec(out);
      if (code === 0 && m) resolve(Number(m[1]));
      else reject(new Error(`child exited ${code}: ${err}`));
    });
  });
  return {
    ready: Promise.race([ready, done.then(() => undefined)]),
    done,
    go: () => child.stdin.end('GO\n'),
  };
}

for (const { dialect, skip, label } of DIALECTS) {
  describe.skipIf(skip)(`two processes matching one stream on ${label}`, () => {
    it('pay each invoice exactly once between them', async () => {
      const clock = new ManualClock(Date.UTC(2025, 0, 10, 3, 0));
      const db = await openDialectStore(dialect, clock);
      try {
        const { store } = db;
        const user = await store.users.create({ name: 'Shop', email: 'shop@example.test' });
        const account = await store.accounts.create(
          user.id,
          { bank_id: 100, module: 'simulator', account_name: 'Shop', account_no: '1' },
          {},
        );
        await store.webhooks.create(user.id, { url: 'http://127.0.0.1:9/hook', account_id: account.id });
        const service = new InvoiceService({ store, clock, settings: DEFAULT_INVOICE_SETTINGS });
        const invoices = [];
        for (let i = 0; i < 150; i++) {
          invoices.push(
            await service.create({
              userId: user.id,
              accountId: account.id,
              amount: 100_000 + (i % 5) * 500,
              reference: `ORDER-${i}`,
            }),
          );
        }
        const rows: StatementRow[] = [];
        const at = (minute: number) => formatWibDateTime(new Date(clock.now() + minute * 60_000 + 7_000));
        invoices.forEach((inv, i) => {
          const description =
            i % 2 === 0 ? `TRSF E-BANKING CR ORDER-${i} PELANGGAN ${i}` : `TRSF E-BANKING CR ${i}`;
          rows.push({
            transactionDate: at(1 + (i % 50)),
            description,
            type: 'CR',
            amount: inv.total,
            balance: null,
          });
          if (i % 4 === 1) {
            rows.push({
              transactionDate: at(2 + (i % 50)),
              description: `TRSF E-BANKING CR PEMBELI LAIN ${i}`,
              type: 'CR',
              amount: inv.total,
              balance: null,
            });
          }
        });
        for (let i = 0; i < 30; i++) {
          rows.push({
            transactionDate: at(i),
            description: `BIAYA ${i}`,
            type: 'DB',
            amount: 2_500,
            balance: null,
          });
        }
        const batches: StatementRow[][] = [];
        for (let i = 0; i < rows.length; i += 8) batches.push(rows.slice(i, i + 8));
        const streamFile = join(dir, `${dialect}-stream.json`);
        writeFileSync(streamFile, JSON.stringify(batches));

        const forward = startChild([db.spec, String(account.id), streamFile, 'forward']);
        const reverse = startChild([db.spec, String(account.id), streamFile, 'reverse']);
        await Promise.all([forward.ready, reverse.ready]);
        forward.go();
        reverse.go();
        const [a, b] = await Promise.all([forward.done, reverse.done]);
        // Both processes stored rows (they really shared the stream), and no row twice.
        expect(a).toBeGreaterThan(0);
        expect(b).toBeGreaterThan(0);
        expect(a + b).toBe(rows.length);

        const stored = await store.db
          .selectFrom('mutations')
          .selectAll()
          .where('account_id', '=', account.id)
          .execute();
        expect(stored).toHaveLength(rows.length);
        const byId = new Map(stored.map((m) => [m.id, m]));
        const after = await store.db
          .selectFrom('invoices')
          .selectAll()
          .where('account_id', '=', account.id)
          .execute();
        expect(after.map((i) => i.status)).toEqual(after.map(() => 'paid'));
        expect(new Set(after.map((i) => i.paid_mutation_id)).size).toBe(after.length);
        for (const inv of after) expect(byId.get(inv.paid_mutation_id!)!.amount).toBe(inv.total);
        const paidMatches = await store.db
          .selectFrom('invoice_matches')
          .select('invoice_id')
          .where('account_id', '=', account.id)
          .where('invoice_id', 'is not', null)
          .execute();
        expect(paidMatches).toHaveLength(after.length);
        const events = await store.db
          .selectFrom('outbox_messages')
          .select('payload')
          .where('account_id', '=', account.id)
          .where('kind', '=', 'invoice.paid')
          .execute();
        const eventInvoiceIds = events.map(
          (e) => (JSON.parse(e.payload) as { data: { id: number } }).data.id,
        );
        expect(eventInvoiceIds.sort((x, y) => x - y)).toEqual(after.map((i) => i.id).sort((x, y) => x - y));
      } finally {
        await db.close();
      }
    }, 120_000);
  });
}

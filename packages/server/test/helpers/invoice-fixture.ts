/**
 * @module test/helpers/invoice-fixture
 * One account wired the way `main.ts` wires it: an `Ingestor` with the invoice matcher hook and,
 * after it, the outbox hook; an invoice service; an expiry sweeper; a webhook endpoint on the
 * account, so `invoice.*` events land in the outbox where tests read them.
 */
import { formatWibDateTime } from 'mutasibank';
import type { ManualClock } from '../../src/clock.js';
import type { StatementRow } from '../../src/connectors/connector.js';
import { Ingestor, type IngestResult } from '../../src/ingest/ingest.js';
import { InvoiceExpirySweeper } from '../../src/invoices/expiry-sweeper.js';
import { invoiceMatchHook } from '../../src/invoices/invoice-matcher.js';
import { InvoiceService } from '../../src/invoices/invoice-service.js';
import { DEFAULT_INVOICE_SETTINGS, type InvoiceSettings } from '../../src/invoices/invoice-settings.js';
import { outboxHook } from '../../src/outbox/enqueue.js';
import type { InvoiceRow } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';

/** A wired account. */
export interface InvoiceFixture {
  store: Store;
  clock: ManualClock;
  userId: number;
  accountId: number;
  webhookId: number;
  ingestor: Ingestor;
  service: InvoiceService;
  sweeper: InvoiceExpirySweeper;
  settings: InvoiceSettings;
  /** Creates an invoice on the account. */
  invoice(amount: number, reference: string, expiresInMs?: number): Promise<InvoiceRow>;
  /** Ingests rows on the account (a statement read). */
  ingest(rows: readonly StatementRow[]): Promise<IngestResult>;
  /** A credit row at `atMs` (epoch ms), written in WIB. */
  credit(amount: number, description: string, atMs: number): StatementRow;
  /** Reloads an invoice. */
  reload(id: number): Promise<InvoiceRow>;
  /** The account's outbox messages of one kind, payloads parsed, in creation order. */
  events(kind: string): Promise<Array<{ event: string; account_id: number; data: Record<string, unknown> }>>;
}

let accounts = 0;

/** Creates a user (once per store), an account with a webhook, and the wiring. */
export async function createInvoiceFixture(
  store: Store,
  clock: ManualClock,
  overrides: Partial<InvoiceSettings> = {},
): Promise<InvoiceFixture> {
  const settings: InvoiceSettings = { ...DEFAULT_INVOICE_SETTINGS, ...overrides };
  accounts += 1;
  const user =
    (await store.users.findByEmail('invoices@example.test')) ??
    (await store.users.create({ name: 'Shop', email: 'invoices@example.test' }));
  const account = await store.accounts.create(
    user.id,
    { bank_id: 100, module: 'simulator', account_name: `Shop ${accounts}`, account_no: `${accounts}` },
    {},
  );
  const webhook = await store.webhooks.create(user.id, {
    url: 'http://127.0.0.1:9/hook',
    account_id: account.id,
  });
  const ingestor = new Ingestor(store, clock)
    .use(invoiceMatchHook({ store, clock, settings }))
    .use(outboxHook(store, clock));
  const service = new InvoiceService({ store, clock, settings });
  const sweeper = new InvoiceExpirySweeper({
    store,
    clock,
    gracePeriodMs: settings.gracePeriodMs,
    intervalMs: settings.sweepIntervalMs,
  });
  return {
    store,
    clock,
    userId: user.id,
    accountId: account.id,
    webhookId: webhook.id,
    ingestor,
    service,
    sweeper,
    settings,
    invoice: (amount, reference, expiresInMs) =>
      service.create({
        userId: user.id,
        accountId: account.id,
        amount,
        reference,
        ...(expiresInMs !== undefined && { expiresAt: clock.now() + expiresInMs }),
      }),
    ingest: (rows) => ingestor.ingest({ accountId: account.id, rows, source: 'test' }),
    credit: (amount, description, atMs) => ({
      transactionDate: formatWibDateTime(new Date(atMs)),
      description,
      type: 'CR',
      amount,
      balance: null,
    }),
    reload: async (id) => (await store.invoices.getById(id))!,
    async events(kind) {
      const rows = await store.db
        .selectFrom('outbox_messages')
        .select('payload')
        .where('account_id', '=', account.id)
        .where('kind', '=', kind)
        .orderBy('seq')
        .execute();
      return rows.map((r) => JSON.parse(r.payload));
    },
  };
}

/**
 * @module invoices/invoice-events
 * The `invoice.*` events, enqueued in the transaction that changes the invoice (so an event is
 * never sent for a change that rolled back, nor lost for one that committed), and what else a
 * payment does: a top-up's payment raises its user's saldo, in that same transaction, so exactly
 * once, since only the transaction whose guarded update paid the invoice gets here.
 */
import type { Kysely } from 'kysely';
import { invoiceView } from '../http/views.js';
import { enqueueEvent } from '../outbox/enqueue.js';
import type { Database, InvoiceRow } from '../store/schema.js';
import type { Store } from '../store/store.js';

/** Event names. The envelope is the outbox's `EventEnvelope`, `data` the invoice view. */
export type InvoiceEventName = 'invoice.paid' | 'invoice.review' | 'invoice.expired';

/** Enqueues one event about `invoice` for every active endpoint of its account. */
export function enqueueInvoiceEvent(
  store: Store,
  trx: Kysely<Database>,
  event: InvoiceEventName,
  invoice: InvoiceRow,
  now: number,
): Promise<number> {
  return enqueueEvent(store, trx, { accountId: invoice.account_id, event, data: invoiceView(invoice), now });
}

/**
 * Everything that follows an invoice becoming paid, inside the transaction that paid it: the
 * top-up's saldo, then the `invoice.paid` event. Call only with the row a guarded update returned.
 */
export async function completePayment(
  store: Store,
  trx: Kysely<Database>,
  invoice: InvoiceRow,
  now: number,
): Promise<void> {
  if (invoice.topup_user_id !== null) await store.users.addSaldo(trx, invoice.topup_user_id, invoice.amount);
  await enqueueInvoiceEvent(store, trx, 'invoice.paid', invoice, now);
}

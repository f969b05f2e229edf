/**
 * @module invoices/invoice-matcher
 * The ingest hook that offers every new credit to the account's invoices, inside the ingest
 * transaction: the decision is the SDK's `decidePayment` (the same rules a webhook receiver
 * gets), the outcome is written to the invoice and to `invoice_matches`, and the `invoice.*`
 * events are enqueued, all committed with the mutation itself or not at all.
 *
 * Exactly once across processes: a payment is a guarded update (`where status in (...)`); the
 * loser of a race sees no row, reads the candidates again and decides again (the invoice it
 * wanted is paid now). The unique indexes behind it are described in the migration.
 */
import type { Kysely } from 'kysely';
import {
  type Credit,
  DEFAULT_REFERENCE_PATTERNS,
  type DecideOptions,
  decidePayment,
  extractReferences,
  type OrderStatus,
  type PayableOrder,
  type PaymentDecision,
  type ReferencePattern,
  readCredit,
} from 'mutasibank';
import type { Clock } from '../clock.js';
import type { IngestHook } from '../ingest/ingest.js';
import type { Database, InvoiceRow, InvoiceStatus, MutationRow } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { completePayment, enqueueInvoiceEvent } from './invoice-events.js';
import type { InvoiceSettings } from './invoice-settings.js';

/** An invoice as `decidePayment` sees it, carrying its row back out. */
export interface PayableInvoice extends PayableOrder {
  readonly id: number;
  readonly row: InvoiceRow;
}

const DAY_MS = 86_400_000;
// Orders listed in one review (the SDK matcher's default): enough for a person, bounded per credit.
const MAX_REVIEW_INVOICES = 20;
// A lost race means another transaction paid the invoice between our read and our update; the
// next read sees it paid. More rounds than this means something is wrong, not busy.
const MAX_DECISION_ROUNDS = 5;

/** How statuses read to the decision: expired invoices stay payable for credits made in time. */
function decisionStatus(status: InvoiceStatus): OrderStatus {
  if (status === 'paid' || status === 'paid_late') return 'paid';
  if (status === 'cancelled') return 'cancelled';
  return 'open';
}

/** The decision's view of an invoice row. */
export function toPayableInvoice(row: InvoiceRow): PayableInvoice {
  return {
    id: row.id,
    total: row.total,
    reference: row.reference,
    status: decisionStatus(row.status),
    validFrom: new Date(row.valid_from),
    expiresAt: new Date(row.expires_at),
    row,
  };
}

/** Options of {@link invoiceMatchHook}. */
export interface InvoiceMatcherOptions {
  store: Store;
  clock: Clock;
  settings: Pick<InvoiceSettings, 'gracePeriodMs' | 'tolerance'>;
  /** Reference patterns; default the SDK's. */
  referencePatterns?: readonly ReferencePattern[];
}

/** Matches credits against invoices. Use {@link invoiceMatchHook} to plug it into ingest. */
export class InvoiceMatcher {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #decide: DecideOptions;
  readonly #patterns: readonly ReferencePattern[];
  readonly #graceMs: number;
  readonly #tolerance: InvoiceSettings['tolerance'];

  constructor(options: InvoiceMatcherOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#patterns = options.referencePatterns ?? DEFAULT_REFERENCE_PATTERNS;
    this.#graceMs = options.settings.gracePeriodMs;
    this.#tolerance = options.settings.tolerance;
    this.#decide = {
      gracePeriodMs: options.settings.gracePeriodMs,
      tolerance: options.settings.tolerance,
      referencePatterns: this.#patterns,
    };
  }

  /** Offers a batch's credits (debits are skipped) to the account's invoices, in batch order. */
  async matchBatch(
    trx: Kysely<Database>,
    accountId: number,
    mutations: readonly MutationRow[],
  ): Promise<void> {
    const credits = mutations.filter((m) => m.type === 'CR');
    if (credits.length === 0) return;
    // Most accounts never issue invoices: one indexed probe keeps their ingest cost unchanged.
    if (!(await this.#store.invoices.hasAny(trx, accountId))) return;
    for (const m of credits) await this.matchCredit(trx, accountId, m);
  }

  /** Decides and records what one credit does; returns the decision (undefined when unreadable). */
  async matchCredit(
    trx: Kysely<Database>,
    accountId: number,
    mutation: MutationRow,
  ): Promise<PaymentDecision<PayableInvoice> | undefined> {
    const read = readCredit({
      id: mutation.id,
      type: mutation.type,
      amount: mutation.amount,
      description: mutation.description,
      transaction_date: mutation.transaction_date,
    });
    if (!read.ok) return undefined;
    const credit: Credit = {
      ...read.credit,
      references: extractReferences(read.credit.description, this.#patterns),
    };
    for (let round = 0; round < MAX_DECISION_ROUNDS; round++) {
      const decision = await this.#decideCredit(trx, accountId, credit);
      if (decision.outcome === 'unmatched') return decision;
      if (decision.outcome === 'review') {
        await this.#recordReview(trx, accountId, mutation, decision);
        return decision;
      }
      const paid = await this.#store.invoices.markPaid(trx, decision.order.id, {
        mutationId: mutation.id,
        status: decision.outcome,
        via: 'match',
        from: ['open', 'review', 'expired'],
      });
      if (!paid) continue;
      await this.#store.invoices.insertMatch(trx, {
        mutation_id: mutation.id,
        account_id: accountId,
        outcome: decision.outcome,
        reason: null,
        invoice_id: paid.id,
        invoice_ids: JSON.stringify([paid.id]),
      });
      await completePayment(this.#store, trx, paid, this.#clock.now());
      return decision;
    }
    throw new Error(
      `invoice matching for mutation ${mutation.id} lost ${MAX_DECISION_ROUNDS} races in a row; the batch is rolled back`,
    );
  }

  async #decideCredit(
    trx: Kysely<Database>,
    accountId: number,
    credit: Credit,
  ): Promise<PaymentDecision<PayableInvoice>> {
    const repo = this.#store.invoices;
    // An expired invoice can still be paid (late, or on time by a credit that reached us after
    // the sweep); one that expired longer ago than the grace period (plus a day, for banks that
    // report dates only) cannot, so it need not be read.
    const expiredSince = credit.transactedAt.getTime() - this.#graceMs - DAY_MS;
    const [exact, named] = await Promise.all([
      repo.withTotal(trx, accountId, credit.amount, expiredSince),
      repo.withReferenceKeys(trx, accountId, credit.references ?? []),
    ]);
    const candidates = [...exact, ...named].map(toPayableInvoice);
    const decision = decidePayment(credit, candidates, this.#decide);
    const tolerance = this.#tolerance;
    // Nearby totals only matter when nothing above decided: no payable total, no reference,
    // no expired exact total. Reading them only then keeps a paying credit at two queries.
    if (
      decision.outcome !== 'unmatched' ||
      decision.reason !== 'no_match' ||
      (tolerance.underpaidRupiah === 0 && tolerance.overpaidRupiah === 0)
    ) {
      return decision;
    }
    const near = await repo.openNear(trx, accountId, {
      min: credit.amount - tolerance.overpaidRupiah,
      max: credit.amount + tolerance.underpaidRupiah,
      around: credit.amount,
      limit: MAX_REVIEW_INVOICES,
    });
    if (near.length === 0) return decision;
    return decidePayment(credit, [...candidates, ...near.map(toPayableInvoice)], this.#decide);
  }

  async #recordReview(
    trx: Kysely<Database>,
    accountId: number,
    mutation: MutationRow,
    decision: Extract<PaymentDecision<PayableInvoice>, { outcome: 'review' }>,
  ): Promise<void> {
    const listed = decision.orders.slice(0, MAX_REVIEW_INVOICES);
    // An under/overpayment is about the closest (or named) invoice; the others are only listed.
    // A conflict or an ambiguity is about all of them.
    const isAmountReview = decision.reason === 'underpaid' || decision.reason === 'overpaid';
    const marked = isAmountReview ? listed.slice(0, 1) : listed;
    await this.#store.invoices.insertMatch(trx, {
      mutation_id: mutation.id,
      account_id: accountId,
      outcome: 'review',
      reason: decision.reason,
      invoice_id: null,
      invoice_ids: JSON.stringify(listed.map((o) => o.id)),
    });
    const rows = await this.#store.invoices.markReview(
      trx,
      marked.map((o) => o.id),
      {
        reason: decision.reason,
        mutationId: mutation.id,
        differenceRupiah: decision.differenceRupiah ?? null,
      },
    );
    const now = this.#clock.now();
    for (const row of rows.sort((a, b) => a.id - b.id)) {
      await enqueueInvoiceEvent(this.#store, trx, 'invoice.review', row, now);
    }
  }
}

/**
 * The ingest hook. Register it before the outbox hook, so a batch's `invoice.*` events and its
 * mutation messages are committed together:
 *
 * @example
 * ingestor.use(invoiceMatchHook({ store, clock, settings: config.invoices }));
 * ingestor.use(outboxHook(store, clock));
 */
export function invoiceMatchHook(options: InvoiceMatcherOptions): IngestHook {
  const matcher = new InvoiceMatcher(options);
  return ({ trx, account, mutations }) => matcher.matchBatch(trx, account.id, mutations);
}

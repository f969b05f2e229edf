/**
 * @module invoices/invoice-service
 * What the invoice routes and `topup_kredit` do: create an invoice with a unique code (the SDK's
 * `UniqueCodeAllocator` choosing codes, the database deciding races), cancel one, settle one by
 * hand with a credit. Errors are `ApiError`s with stable codes (`unique_code_exhausted`,
 * `reference_in_use`, `invoice_not_open`, `mutation_already_matched`).
 */
import { randomUUID } from 'node:crypto';
import {
  normalizeReference,
  PaymentMatchingError,
  type PaymentOrder,
  UniqueCodeAllocator,
  UniqueCodeExhaustedError,
  type UniqueCodeMode,
} from 'mutasibank';
import type { Clock } from '../clock.js';
import { ApiError, notFound } from '../errors.js';
import type { PaymentAccount } from '../http/context.js';
import { SETTLEABLE_INVOICE_STATUSES } from '../store/invoices.js';
import type { InvoiceRow, InvoiceStatus } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { isUniqueViolation } from '../store/unique-violation.js';
import { billingAccountFor } from './billing-accounts.js';
import { completePayment } from './invoice-events.js';
import type { InvoiceSettings } from './invoice-settings.js';

/** Input of {@link InvoiceService.create}. */
export interface CreateInvoiceInput {
  userId: number;
  accountId: number;
  /** Integer rupiah before the code. */
  amount: number;
  reference: string;
  description?: string | null;
  /** Epoch ms; default now plus the configured validity. */
  expiresAt?: number;
}

/** Input of {@link InvoiceService.createTopup}. */
export interface CreateTopupInput {
  userId: number;
  payment: PaymentAccount;
  amount: number;
  ttlMs: number;
}

interface AllocationInput {
  accountId: number;
  amount: number;
  reference: string;
  description: string | null;
  expiresAt: number;
  topupUserId: number | null;
  mode: UniqueCodeMode;
}

const MINUTE_MS = 60_000;
// Reference collisions of random top-up ids are a one-in-billions event; a few tries is plenty.
const TOPUP_REFERENCE_ATTEMPTS = 4;

/** Invoices and top-ups. */
export class InvoiceService {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #settings: InvoiceSettings;

  constructor(options: { store: Store; clock: Clock; settings: InvoiceSettings }) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#settings = options.settings;
  }

  /** The settings in force (the routes describe defaults with them). */
  get settings(): InvoiceSettings {
    return this.#settings;
  }

  /** Creates an open invoice on one of the user's accounts. */
  async create(input: CreateInvoiceInput): Promise<InvoiceRow> {
    const account = await this.#store.accounts.get(input.userId, input.accountId);
    if (!account) throw notFound('account');
    const now = this.#clock.now();
    const expiresAt = input.expiresAt ?? now + this.#settings.defaultValidityMs;
    if (!(expiresAt > now)) throw new ApiError('validation_failed', 'expires_at must be in the future');
    return this.#allocate({
      accountId: account.id,
      amount: input.amount,
      reference: input.reference,
      description: input.description ?? null,
      expiresAt,
      topupUserId: null,
      mode: this.#settings.codeMode,
    });
  }

  /**
   * Creates a saldo top-up: an invoice on the payment account's billing account whose payment
   * raises `userId`'s saldo by `amount`. The code is always added (the customer pays a little
   * more, as the hosted service does); `trans_id` is the invoice's reference.
   */
  async createTopup(input: CreateTopupInput): Promise<InvoiceRow> {
    const accountId = await billingAccountFor(this.#store, input.payment);
    if (accountId === undefined) {
      throw new ApiError('unavailable', `payment account ${input.payment.id} has no billing account yet`);
    }
    const expiresAt = this.#clock.now() + input.ttlMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#allocate({
          accountId,
          amount: input.amount,
          reference: `TOPUP-${randomUUID().slice(0, 8).toUpperCase()}`,
          description: `Top-up saldo (user ${input.userId})`,
          expiresAt,
          topupUserId: input.userId,
          mode: 'add',
        });
      } catch (err) {
        if (
          !(err instanceof ApiError && err.code === 'reference_in_use') ||
          attempt >= TOPUP_REFERENCE_ATTEMPTS
        )
          throw err;
      }
    }
  }

  /** Cancels an open (or in review) invoice; it frees its total. */
  async cancel(userId: number, id: number): Promise<InvoiceRow> {
    const cancelled = await this.#store.invoices.cancel(userId, id);
    if (cancelled) return cancelled;
    const invoice = await this.#store.invoices.getForUser(userId, id);
    if (!invoice) throw notFound('invoice');
    throw new ApiError(
      'invoice_not_open',
      `invoice ${id} is ${invoice.status}; only open invoices can be cancelled`,
    );
  }

  /**
   * Settles an invoice by hand with a credit of the same account that paid nothing (unmatched,
   * or in review): a person decided this transfer pays it, whatever its amount. The invoice must
   * be open, in review or expired. Raises a top-up's saldo and enqueues `invoice.paid`, once.
   */
  async settle(userId: number, id: number, mutationId: string): Promise<InvoiceRow> {
    const mutation = await this.#store.mutations.getForUser(userId, mutationId);
    try {
      return await this.#store.transaction(async (trx) => {
        const invoice = await this.#store.invoices.getForUser(userId, id, trx);
        if (!invoice) throw notFound('invoice');
        if (!mutation) throw notFound('mutation');
        if (mutation.account_id !== invoice.account_id) {
          throw new ApiError(
            'unprocessable',
            'mutation_id is a mutation of another account than the invoice',
          );
        }
        if (mutation.type !== 'CR') throw new ApiError('unprocessable', 'mutation_id must be a credit (CR)');
        if (!(SETTLEABLE_INVOICE_STATUSES as readonly InvoiceStatus[]).includes(invoice.status)) {
          throw new ApiError(
            'invoice_not_open',
            `invoice ${id} is ${invoice.status}; only open, review and expired invoices can be settled`,
          );
        }
        const claimed = await this.#store.invoices.claimForSettlement(trx, {
          mutationId: mutation.id,
          accountId: invoice.account_id,
          invoiceId: invoice.id,
        });
        if (!claimed) {
          const match = await this.#store.invoices.getMatch(mutation.id, trx);
          throw new ApiError(
            'mutation_already_matched',
            match?.invoice_id
              ? `mutation ${mutation.id} already paid invoice ${match.invoice_id}`
              : `mutation ${mutation.id} was matched meanwhile`,
          );
        }
        const paid = await this.#store.invoices.markPaid(trx, invoice.id, {
          mutationId: mutation.id,
          status: 'paid',
          via: 'settle',
          from: SETTLEABLE_INVOICE_STATUSES,
        });
        if (!paid) throw new ApiError('invoice_not_open', `invoice ${id} was closed meanwhile`);
        await completePayment(this.#store, trx, paid, this.#clock.now());
        return paid;
      });
    } catch (err) {
      // On PostgreSQL a concurrent settlement of the same mutation or invoice surfaces as a unique
      // violation once the other transaction commits.
      if (isUniqueViolation(err)) {
        throw new ApiError('mutation_already_matched', 'the mutation or the invoice was settled meanwhile');
      }
      throw err;
    }
  }

  async #allocate(input: AllocationInput): Promise<InvoiceRow> {
    const referenceKey = normalizeReference(input.reference);
    if (referenceKey === '')
      throw new ApiError('validation_failed', 'reference must contain letters or digits');
    const now = this.#clock.now();
    // Banks that print minutes only would date a transfer made at 14:30:45 as 14:30:00: a window
    // opening at the creation second would exclude it. The window opens at the minute instead.
    const validFrom = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    let created: InvoiceRow | undefined;
    const repo = this.#store.invoices;
    const allocator = new UniqueCodeAllocator({
      clock: () => new Date(this.#clock.now()),
      minCode: this.#settings.codeMin,
      maxCode: this.#settings.codeMax,
      mode: input.mode,
      // Expiry is the sweep's job (it also sends `invoice.expired`), never the allocator's.
      releaseExpiredAfterMs: null,
      store: {
        reserveTotal: async (order): Promise<PaymentOrder | undefined> => {
          const row = await repo.insertOpen({
            account_id: input.accountId,
            amount: order.amount,
            unique_code: order.uniqueCode,
            total: order.total,
            reference: input.reference,
            reference_key: referenceKey,
            description: input.description,
            valid_from: validFrom,
            expires_at: input.expiresAt,
            topup_user_id: input.topupUserId,
          });
          if (row === 'total_taken') return undefined;
          if (row === 'reference_taken') {
            throw new ApiError(
              'reference_in_use',
              `an open invoice of account ${input.accountId} already has reference ${input.reference}`,
            );
          }
          created = row;
          return { ...order, status: 'open', paidMutationId: null, paidAt: null };
        },
        listOpenTotals: (_accountId, min, max) => repo.listOpenTotals(input.accountId, min, max),
        expireOrders: async () => 0,
      },
    });
    try {
      await allocator.allocate({
        id: 'invoice',
        accountId: input.accountId,
        amount: input.amount,
        reference: input.reference,
        validFrom: new Date(validFrom),
        expiresAt: new Date(input.expiresAt),
      });
    } catch (err) {
      throw toApiError(err, input, this.#settings);
    }
    if (!created) throw new Error('allocator returned without reserving a total');
    return created;
  }
}

function toApiError(err: unknown, input: AllocationInput, settings: InvoiceSettings): unknown {
  if (err instanceof UniqueCodeExhaustedError) {
    return new ApiError(
      'unique_code_exhausted',
      `every unique code ${settings.codeMin}..${settings.codeMax} for amount ${input.amount} is held by an open ` +
        `invoice of account ${input.accountId}; cancel invoices, let them expire, or widen the code range`,
      { cause: err },
    );
  }
  if (err instanceof PaymentMatchingError) {
    if (err.code === 'invalid_order') return new ApiError('validation_failed', err.message, { cause: err });
    if (err.code === 'unique_code_contention') {
      return new ApiError('conflict', 'too many concurrent invoices for this amount; try again', {
        cause: err,
      });
    }
  }
  return err;
}

/**
 * @module matching/payment-matcher
 * Confirms payments from verified webhook payloads, exactly once: each credit is decided by
 * {@link decidePayment}, claimed in the store in one atomic step, and only the caller that won the
 * claim runs the user's callback. Repeated deliveries, shuffled batches and concurrent calls, in one
 * process or many sharing a database, therefore call `onPaid` once per mutation and per order.
 */
import { toRupiah } from '../money.js';
import { type Credit, type MatchableMutation, type MatchablePayload, readCredit } from './credit.js';
import {
  type AmountTolerance,
  DEFAULT_AMOUNT_TOLERANCE,
  decidePayment,
  type PaymentDecision,
  type ReviewReason,
  type UnmatchedReason,
} from './decide.js';
import { type CallbackFailure, PaymentCallbackError, PaymentMatchingError } from './errors.js';
import type { OutcomeRecord, PaymentOrder, PaymentStore, StoredOutcome } from './payment-store.js';
import { DEFAULT_REFERENCE_PATTERNS, extractReferences, type ReferencePattern } from './references.js';

/**
 * The optional second check: the API client's `validateTransaction` (`GET /validate/{id}`), or
 * anything with that shape. A credit is paid only if it answers `valid: true` (and, when it returns
 * the mutation, the same amount and type).
 */
export interface TransactionValidator {
  validateTransaction(id: string | number): Promise<{ readonly valid: boolean; readonly data?: unknown }>;
}

/** Passed to `onPaid`. */
export interface PaidInfo {
  readonly accountId: string;
  /** Paid after `expiresAt`, within the grace period. */
  readonly isLate: boolean;
  /** This call re-runs a callback that threw on an earlier delivery. */
  readonly isRetry: boolean;
}

/** Passed to `onReview`. */
export interface ReviewInfo {
  readonly accountId: string;
  readonly reason: ReviewReason;
  /** The orders involved, the most relevant first. */
  readonly orders: readonly PaymentOrder[];
  readonly isRetry: boolean;
}

/** Passed to `onUnmatched`. */
export interface UnmatchedInfo {
  readonly accountId: string;
  readonly reason: UnmatchedReason;
  readonly isRetry: boolean;
}

/** Options of {@link PaymentMatcher}. */
export interface PaymentMatcherOptions<M extends MatchableMutation = MatchableMutation> {
  readonly store: PaymentStore;
  /** Time of recording (`paidAt`, `recordedAt`); decisions use the bank's transaction time. */
  readonly clock: () => Date;
  /** Default {@link DEFAULT_REFERENCE_PATTERNS}. */
  readonly referencePatterns?: readonly ReferencePattern[];
  /** Default {@link DEFAULT_AMOUNT_TOLERANCE}. */
  readonly tolerance?: AmountTolerance;
  /** After `expiresAt`, credits within this many ms are `paid_late`. Default 0. */
  readonly gracePeriodMs?: number;
  /** See `readCredit`; default `true`. */
  readonly midnightIsDateOnly?: boolean;
  /** At most this many orders are attached to an under/overpayment review. Default 20. */
  readonly maxReviewOrders?: number;
  /** Turns on the second check before paying (e.g. the API client). Default: off. */
  readonly validateWith?: TransactionValidator;
  /**
   * The order is paid. Called once per mutation and per order. If it throws, the payment stays
   * recorded, the callback is marked failed, `handle` throws {@link PaymentCallbackError} after the
   * batch, and the next delivery of that mutation calls it again (with `isRetry`).
   */
  readonly onPaid?: (order: PaymentOrder, mutation: M, info: PaidInfo) => unknown;
  /** A person should look at this credit. Same once-and-retry rules as `onPaid`. */
  readonly onReview?: (mutation: M, info: ReviewInfo) => unknown;
  /** The credit matches no order. Same once-and-retry rules as `onPaid`. */
  readonly onUnmatched?: (mutation: M, info: UnmatchedInfo) => unknown;
}

/**
 * What `handle` did with one mutation: `paid`, `paid_late`, `review`, `unmatched` (recorded by this
 * call, callback run), `ignored` (a debit), `duplicate` (already recorded by an earlier or
 * concurrent call: nothing done), `callback_retried` (recorded earlier, its failed callback re-run).
 */
export type MatchStatus =
  | 'paid'
  | 'paid_late'
  | 'review'
  | 'unmatched'
  | 'ignored'
  | 'duplicate'
  | 'callback_retried';

/** One mutation's result. */
export interface MutationMatchResult<M extends MatchableMutation = MatchableMutation> {
  readonly mutation: M;
  readonly mutationId: string;
  readonly status: MatchStatus;
  readonly reason: ReviewReason | UnmatchedReason | 'debit' | null;
  /** The paid order, or the orders of a review (empty otherwise, and for duplicates). */
  readonly orders: readonly PaymentOrder[];
  /** The outcome already recorded, for `duplicate` and `callback_retried`. */
  readonly recorded?: StoredOutcome;
}

/** The result of one `handle` call, in batch order. */
export interface MatchBatchResult<M extends MatchableMutation = MatchableMutation> {
  readonly accountId: string;
  readonly results: readonly MutationMatchResult<M>[];
}

// Re-decisions after losing a claim to a concurrent payer; each loss means the state moved on.
const MAX_DECISIONS = 5;

type Callback = 'onPaid' | 'onReview' | 'onUnmatched';

/**
 * Matches verified webhook payloads against open orders and calls your callbacks once.
 *
 * @example
 * const matcher = new PaymentMatcher({
 *   store,
 *   clock: () => new Date(),
 *   onPaid: async (order, mutation) => { await shipOrder(order.id, mutation.id); },
 *   onReview: async (mutation, { reason, orders }) => { await notifyFinance(reason, orders, mutation); },
 * });
 * // after verifying the webhook signature:
 * await matcher.handle(payload);
 */
export class PaymentMatcher<M extends MatchableMutation = MatchableMutation> {
  readonly #options: PaymentMatcherOptions<M>;
  readonly #store: PaymentStore;
  readonly #patterns: readonly ReferencePattern[];
  readonly #tolerance: AmountTolerance;

  constructor(options: PaymentMatcherOptions<M>) {
    this.#options = options;
    this.#store = options.store;
    this.#patterns = options.referencePatterns ?? DEFAULT_REFERENCE_PATTERNS;
    this.#tolerance = options.tolerance ?? DEFAULT_AMOUNT_TOLERANCE;
  }

  /**
   * Processes every mutation of a verified payload, in order. Safe to call again with the same
   * payload, and concurrently. Throws {@link PaymentCallbackError} (after the whole batch) when a
   * callback threw; store and validator errors are thrown as they happen, leaving the failing
   * mutation unrecorded so that a redelivery retries it.
   */
  async handle(payload: MatchablePayload<M>): Promise<MatchBatchResult<M>> {
    const accountId = String(payload.account_id);
    const failures: CallbackFailure[] = [];
    const results: MutationMatchResult<M>[] = [];
    for (const mutation of payload.data_mutasi)
      results.push(await this.#handleOne(accountId, mutation, failures));
    const batch: MatchBatchResult<M> = { accountId, results };
    if (failures.length > 0) throw new PaymentCallbackError(failures, batch);
    return batch;
  }

  async #handleOne(
    accountId: string,
    mutation: M,
    failures: CallbackFailure[],
  ): Promise<MutationMatchResult<M>> {
    const mutationId = String(mutation.id);
    const read = readCredit(mutation, { midnightIsDateOnly: this.#options.midnightIsDateOnly });
    if (!read.ok && read.reason === 'debit') {
      return { mutation, mutationId, status: 'ignored', reason: 'debit', orders: [] };
    }
    const existing = await this.#store.getOutcome(accountId, mutationId);
    if (existing) return this.#redeliver(accountId, mutation, existing, failures);
    if (!read.ok) {
      const reason = read.reason === 'invalid_amount' ? 'invalid_amount' : 'invalid_date';
      return this.#record(accountId, mutation, { outcome: 'unmatched', reason, references: [] }, failures);
    }

    let isValidated = false;
    for (let attempt = 0; attempt < MAX_DECISIONS; attempt++) {
      const decision = await this.#decide(accountId, read.credit);
      if (decision.outcome === 'review' || decision.outcome === 'unmatched') {
        return this.#record(accountId, mutation, decision, failures);
      }
      if (!isValidated && this.#options.validateWith) {
        if (!(await this.#isConfirmedByApi(mutation, read.credit))) {
          const review = {
            outcome: 'review',
            reason: 'not_validated',
            orders: [decision.order],
            differenceRupiah: undefined,
            references: decision.references,
          } as const;
          return this.#record(accountId, mutation, review, failures);
        }
        isValidated = true;
      }
      const record = this.#outcomeRecord(accountId, mutation, decision.outcome, null, [decision.order]);
      const claim = await this.#store.markPaid(record);
      if (claim.won) {
        const info: PaidInfo = { accountId, isLate: decision.outcome === 'paid_late', isRetry: false };
        await this.#runCallback(accountId, mutationId, 'onPaid', failures, () =>
          this.#options.onPaid?.(claim.order, mutation, info),
        );
        return { mutation, mutationId, status: decision.outcome, reason: null, orders: [claim.order] };
      }
      if (claim.reason === 'mutation_recorded') return this.#duplicate(accountId, mutation);
      // The order was paid or cancelled by someone else since we read it: decide again on fresh state.
    }
    throw new PaymentMatchingError(
      'match_contention',
      `Mutation ${mutationId}: the matching order kept being taken by concurrent payments; nothing recorded, retry the delivery`,
    );
  }

  async #decide(accountId: string, credit: Credit): Promise<PaymentDecision<PaymentOrder>> {
    const references = extractReferences(credit.description, this.#patterns);
    const [exact, named] = await Promise.all([
      this.#store.findOpenOrderByTotal(accountId, credit.amount),
      references.length > 0 ? this.#store.findOrdersByReference(accountId, references) : Promise.resolve([]),
    ]);
    const candidates = exact ? [exact, ...named] : named;
    const { underpaidRupiah, overpaidRupiah } = this.#tolerance;
    if (!exact && named.length === 0 && (underpaidRupiah > 0 || overpaidRupiah > 0)) {
      candidates.push(
        ...(await this.#store.findOpenOrdersNear(accountId, {
          minTotal: Math.max(1, credit.amount - overpaidRupiah),
          maxTotal: credit.amount + underpaidRupiah,
          around: credit.amount,
          limit: this.#options.maxReviewOrders ?? 20,
        })),
      );
    }
    return decidePayment({ ...credit, references }, candidates, {
      tolerance: this.#tolerance,
      gracePeriodMs: this.#options.gracePeriodMs ?? 0,
    });
  }

  async #isConfirmedByApi(mutation: M, credit: Credit): Promise<boolean> {
    const answer = await this.#options.validateWith!.validateTransaction(mutation.id);
    if (answer.valid !== true) return false;
    const data = answer.data;
    if (data === null || typeof data !== 'object') return true;
    const { amount, type } = data as { amount?: unknown; type?: unknown };
    if (amount !== undefined && toRupiah(amount) !== credit.amount) return false;
    return type === undefined || type === 'CR';
  }

  /** Records a review or unmatched outcome; only the recording call runs the callback. */
  async #record(
    accountId: string,
    mutation: M,
    decision: Exclude<PaymentDecision<PaymentOrder>, { outcome: 'paid' | 'paid_late' }>,
    failures: CallbackFailure[],
  ): Promise<MutationMatchResult<M>> {
    const mutationId = String(mutation.id);
    const orders = decision.outcome === 'review' ? decision.orders : [];
    const record = this.#outcomeRecord(accountId, mutation, decision.outcome, decision.reason, orders);
    if (!(await this.#store.recordOutcome(record))) return this.#duplicate(accountId, mutation);
    if (decision.outcome === 'review') {
      const info: ReviewInfo = { accountId, reason: decision.reason, orders, isRetry: false };
      await this.#runCallback(accountId, mutationId, 'onReview', failures, () =>
        this.#options.onReview?.(mutation, info),
      );
    } else {
      const info: UnmatchedInfo = { accountId, reason: decision.reason, isRetry: false };
      await this.#runCallback(accountId, mutationId, 'onUnmatched', failures, () =>
        this.#options.onUnmatched?.(mutation, info),
      );
    }
    return { mutation, mutationId, status: decision.outcome, reason: decision.reason, orders };
  }

  /** A mutation seen before: re-run its callback if (and only if) it failed and we win the retry. */
  async #redeliver(
    accountId: string,
    mutation: M,
    recorded: StoredOutcome,
    failures: CallbackFailure[],
  ): Promise<MutationMatchResult<M>> {
    const mutationId = recorded.mutationId;
    const duplicate: MutationMatchResult<M> = {
      mutation,
      mutationId,
      status: 'duplicate',
      reason: recorded.reason,
      orders: [],
      recorded,
    };
    if (recorded.callbackState !== 'failed') return duplicate;
    if (!(await this.#store.updateCallbackState(accountId, mutationId, 'failed', 'pending')))
      return duplicate;
    const orders = (await Promise.all(recorded.orderIds.map((id) => this.#store.getOrder(id)))).filter(
      (o): o is PaymentOrder => o !== undefined,
    );
    const [paid] = orders;
    if (recorded.outcome === 'paid' || recorded.outcome === 'paid_late') {
      const info: PaidInfo = { accountId, isLate: recorded.outcome === 'paid_late', isRetry: true };
      await this.#runCallback(accountId, mutationId, 'onPaid', failures, () => {
        // Only a store that deletes orders gets here; the callback stays failed, visible in listOutcomes.
        if (!paid)
          throw new Error(`Order ${recorded.orderIds[0]} paid by mutation ${mutationId} no longer exists`);
        return this.#options.onPaid?.(paid, mutation, info);
      });
    } else if (recorded.outcome === 'review') {
      const info: ReviewInfo = { accountId, reason: recorded.reason as ReviewReason, orders, isRetry: true };
      await this.#runCallback(accountId, mutationId, 'onReview', failures, () =>
        this.#options.onReview?.(mutation, info),
      );
    } else {
      const info: UnmatchedInfo = { accountId, reason: recorded.reason as UnmatchedReason, isRetry: true };
      await this.#runCallback(accountId, mutationId, 'onUnmatched', failures, () =>
        this.#options.onUnmatched?.(mutation, info),
      );
    }
    return { ...duplicate, status: 'callback_retried', orders };
  }

  async #duplicate(accountId: string, mutation: M): Promise<MutationMatchResult<M>> {
    const mutationId = String(mutation.id);
    const recorded = await this.#store.getOutcome(accountId, mutationId);
    return {
      mutation,
      mutationId,
      status: 'duplicate',
      reason: recorded?.reason ?? null,
      orders: [],
      ...(recorded ? { recorded } : {}),
    };
  }

  /** Runs a callback we hold the claim for; a throw marks it failed (kept for a retry), never releases the claim. */
  async #runCallback(
    accountId: string,
    mutationId: string,
    callback: Callback,
    failures: CallbackFailure[],
    invoke: () => unknown,
  ): Promise<void> {
    try {
      await invoke();
    } catch (error) {
      await this.#store.updateCallbackState(accountId, mutationId, 'pending', 'failed');
      failures.push({ mutationId, callback, error });
      return;
    }
    await this.#store.updateCallbackState(accountId, mutationId, 'pending', 'done');
  }

  #outcomeRecord(
    accountId: string,
    mutation: M,
    outcome: OutcomeRecord['outcome'],
    reason: OutcomeRecord['reason'],
    orders: readonly PaymentOrder[],
  ): OutcomeRecord {
    return {
      accountId,
      mutationId: String(mutation.id),
      outcome,
      reason,
      orderIds: orders.map((o) => o.id),
      amount: Number.isSafeInteger(mutation.amount) ? mutation.amount : 0,
      description: typeof mutation.description === 'string' ? mutation.description : '',
      transactionDate: typeof mutation.transaction_date === 'string' ? mutation.transaction_date : '',
      recordedAt: this.#options.clock(),
    };
  }
}

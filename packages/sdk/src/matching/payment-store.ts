/**
 * @module matching/payment-store
 * The seam between matching and storage. Every operation that decides who wins (reserving a
 * total, paying an order, recording an outcome, re-running a callback) is one atomic step in the
 * store, so the guarantees hold across concurrent calls and processes, not only inside one matcher.
 */
import type { OrderStatus, PayableOrder, ReviewReason, UnmatchedReason } from './decide.js';

/** An order as the stores keep it. Ids and account ids are strings (`1` and `"1"` are one account). */
export interface PaymentOrder extends PayableOrder {
  readonly id: string;
  readonly accountId: string;
  /** The price before the code, integer rupiah. */
  readonly amount: number;
  /** The code added to (or subtracted from) `amount`. */
  readonly uniqueCode: number;
  /** What the customer transfers: `amount + uniqueCode` (add mode) or `amount - uniqueCode`. */
  readonly total: number;
  readonly reference: string | null;
  readonly status: OrderStatus;
  readonly validFrom: Date;
  readonly expiresAt: Date | null;
  /** The mutation that paid it, once paid. */
  readonly paidMutationId: string | null;
  /** When the matcher recorded the payment (the matcher's clock, not the bank's time). */
  readonly paidAt: Date | null;
}

/** A new open order for {@link PaymentStore.reserveTotal}. */
export interface NewPaymentOrder {
  readonly id: string;
  readonly accountId: string;
  readonly amount: number;
  readonly uniqueCode: number;
  readonly total: number;
  readonly reference: string | null;
  readonly validFrom: Date;
  readonly expiresAt: Date | null;
}

/** The outcome recorded for one mutation; at most one per (account, mutation). */
export type RecordedOutcome = 'paid' | 'paid_late' | 'review' | 'unmatched';

/**
 * Whether the user's callback for an outcome has run: `pending` while it runs (or if the process
 * died inside it), `done` once it returned, `failed` once it threw (a redelivery runs it again).
 */
export type CallbackState = 'pending' | 'done' | 'failed';

/** One mutation's outcome, as recorded. */
export interface OutcomeRecord {
  readonly accountId: string;
  readonly mutationId: string;
  readonly outcome: RecordedOutcome;
  /** The review or unmatched reason; `null` when paid. */
  readonly reason: ReviewReason | UnmatchedReason | null;
  /** The paid order (one), or the orders a review involves (most relevant first). */
  readonly orderIds: readonly string[];
  readonly amount: number;
  readonly description: string;
  /** As the bank sent it (WIB). */
  readonly transactionDate: string;
  /** When the matcher recorded it (its clock). */
  readonly recordedAt: Date;
}

/** An {@link OutcomeRecord} with its callback state. */
export interface StoredOutcome extends OutcomeRecord {
  readonly callbackState: CallbackState;
}

/** Result of {@link PaymentStore.markPaid}. */
export type MarkPaidResult =
  | { readonly won: true; readonly order: PaymentOrder }
  | {
      readonly won: false;
      /** `mutation_recorded`: this mutation already has an outcome. `order_not_open`: the order was paid, cancelled or expired first. */
      readonly reason: 'mutation_recorded' | 'order_not_open';
    };

/** Filter of {@link PaymentStore.listOutcomes}; newest first. */
export interface OutcomeFilter {
  readonly accountId?: string;
  readonly outcome?: RecordedOutcome;
  readonly callbackState?: CallbackState;
  /** Default 100. */
  readonly limit?: number;
}

/** A range query around an amount, for under/overpayment review. */
export interface NearTotalQuery {
  readonly minTotal: number;
  readonly maxTotal: number;
  /** Closest to this total first; ties by lower total. */
  readonly around: number;
  readonly limit: number;
}

/**
 * Storage for orders and mutation outcomes. Invariants every implementation enforces itself
 * (the SQL store with unique indexes), whatever the callers do:
 * - among an account's `open` orders, totals are unique;
 * - an order is paid at most once, a mutation pays at most one order;
 * - a mutation has at most one recorded outcome.
 *
 * {@link MemoryPaymentStore} and {@link SqlPaymentStore} implement it; both pass one contract suite.
 */
export interface PaymentStore {
  /**
   * Inserts an open order if no open order of that account has its total, in one atomic step.
   * Returns the stored order, or `undefined` when the total is taken. Throws on a duplicate `id`.
   */
  reserveTotal(order: NewPaymentOrder): Promise<PaymentOrder | undefined>;
  /** Totals of the account's open orders within [minTotal, maxTotal], ascending. */
  listOpenTotals(accountId: string, minTotal: number, maxTotal: number): Promise<number[]>;
  /** The account's open order with exactly this total, if any. */
  findOpenOrderByTotal(accountId: string, total: number): Promise<PaymentOrder | undefined>;
  /** Open orders of the account with totals in a range, closest to `around` first. */
  findOpenOrdersNear(accountId: string, query: NearTotalQuery): Promise<PaymentOrder[]>;
  /** Orders of the account (any status) whose normalised reference is one of `referenceKeys`. */
  findOrdersByReference(accountId: string, referenceKeys: readonly string[]): Promise<PaymentOrder[]>;
  /** One order by id. */
  getOrder(orderId: string): Promise<PaymentOrder | undefined>;
  /**
   * Atomically records `record` (outcome `paid` or `paid_late`, `orderIds` = [the order]) with
   * callback state `pending` and marks the order paid by that mutation, if the order is still open
   * and the mutation has no outcome yet. Exactly one concurrent caller wins.
   */
  markPaid(record: OutcomeRecord): Promise<MarkPaidResult>;
  /**
   * Records a `review` or `unmatched` outcome with callback state `pending`, unless the mutation
   * already has one. Returns whether this call recorded it.
   */
  recordOutcome(record: OutcomeRecord): Promise<boolean>;
  /** The recorded outcome of a mutation, if any. */
  getOutcome(accountId: string, mutationId: string): Promise<StoredOutcome | undefined>;
  /** Moves a callback state from `from` to `to` if it is `from`; returns whether this call moved it. */
  updateCallbackState(
    accountId: string,
    mutationId: string,
    from: CallbackState,
    to: CallbackState,
  ): Promise<boolean>;
  /** Cancels an open order (its total becomes free). Returns whether it was open. */
  cancelOrder(orderId: string): Promise<boolean>;
  /** Marks the account's open orders with `expiresAt` before `expiredBefore` as expired; returns how many. */
  expireOrders(accountId: string, expiredBefore: Date): Promise<number>;
  /** Recorded outcomes, newest first: unmatched credits to settle by hand, failed callbacks to rerun. */
  listOutcomes(filter?: OutcomeFilter): Promise<StoredOutcome[]>;
}

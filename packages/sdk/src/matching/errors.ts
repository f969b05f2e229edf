/**
 * @module matching/errors
 * Errors of payment matching and unique-code allocation, each with a stable `code`.
 */

/**
 * Stable codes of {@link PaymentMatchingError}:
 * - `unique_code_exhausted`: every code of the range is taken by an open order with that amount
 *   (a server answers 409). Cancel or expire orders, or widen the range.
 * - `unique_code_contention`: free codes existed but concurrent allocations kept taking them first.
 * - `invalid_order`: an allocation input that can never be valid (amount, range, dates).
 * - `callback_failed`: one or more user callbacks threw; see {@link PaymentCallbackError}.
 * - `match_contention`: the orders a credit pointed to kept changing under it (paid or cancelled
 *   by others between reading and claiming); nothing was recorded, a redelivery tries again.
 */
export type PaymentMatchingErrorCode =
  | 'unique_code_exhausted'
  | 'unique_code_contention'
  | 'invalid_order'
  | 'callback_failed'
  | 'match_contention';

/** Root of the errors thrown by matching and allocation. */
export class PaymentMatchingError extends Error {
  override name = 'PaymentMatchingError';
  /** A stable, machine-readable reason. */
  readonly code: PaymentMatchingErrorCode;

  constructor(code: PaymentMatchingErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Thrown by the allocator when no code of the range is free for that account and amount. */
export class UniqueCodeExhaustedError extends PaymentMatchingError {
  override name = 'UniqueCodeExhaustedError';
  /** The account whose range is full. */
  readonly accountId: string;
  /** The base amount (before the code) that has no free code. */
  readonly amount: number;

  constructor(accountId: string, amount: number, range: { min: number; max: number }) {
    super(
      'unique_code_exhausted',
      `No free unique code for amount ${amount} on account ${accountId}: codes ${range.min}..${range.max} are all ` +
        'held by open orders. Cancel or expire orders, or widen the range.',
    );
    this.accountId = accountId;
    this.amount = amount;
  }
}

/** One callback that threw during `PaymentMatcher.handle`. */
export interface CallbackFailure {
  /** The mutation whose callback threw. */
  readonly mutationId: string;
  /** Which callback. */
  readonly callback: 'onPaid' | 'onReview' | 'onUnmatched';
  /** What it threw. */
  readonly error: unknown;
}

/**
 * Thrown by `PaymentMatcher.handle` after the whole batch was processed, when a callback threw.
 * The claims are kept (the order stays paid, the outcome stays recorded) and the callback is marked
 * failed; a redelivery of the same payload calls it again. Answer the webhook with a 5xx so the
 * service redelivers. `result` is what `handle` would have returned.
 */
export class PaymentCallbackError<R = unknown> extends PaymentMatchingError {
  override name = 'PaymentCallbackError';
  /** The callbacks that threw, in batch order. */
  readonly failures: readonly CallbackFailure[];
  /** The batch result, as `handle` would have returned it. */
  readonly result: R;

  constructor(failures: readonly CallbackFailure[], result: R) {
    super(
      'callback_failed',
      `${failures.length} payment callback(s) threw (mutations ${failures.map((f) => f.mutationId).join(', ')}); ` +
        'claims are kept and the callbacks run again when the payload is delivered again.',
      { cause: failures[0]?.error },
    );
    this.failures = failures;
    this.result = result;
  }
}

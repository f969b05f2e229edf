/**
 * @module matching/credit
 * The minimal shape of a verified webhook payload the matcher needs, and how one mutation becomes
 * a {@link Credit} for `decidePayment`. Structural on purpose: any verified payload type with
 * these fields (amounts already integer rupiah) fits, without importing the verifier.
 */
import { isPositiveRupiah } from '../money.js';
import { parseWibDateTime } from '../wib.js';

/** One mutation of a webhook's `data_mutasi`, as far as matching needs it. */
export interface MatchableMutation {
  /** The service's mutation id (UUID, or an integer on older accounts). */
  readonly id: string | number;
  /** `CR` money in, `DB` money out. Debits are ignored. */
  readonly type: 'CR' | 'DB';
  /** Integer rupiah (the verifier has already normalised `"150123.00"` to `150123`). */
  readonly amount: number;
  /** The bank's description, where a customer's reference may appear. */
  readonly description: string;
  /** WIB timestamp `YYYY-MM-DD HH:mm:ss` (or a bare `YYYY-MM-DD`). */
  readonly transaction_date: string;
}

/** A verified webhook payload, as far as matching needs it. */
export interface MatchablePayload<M extends MatchableMutation = MatchableMutation> {
  /** The bank account the mutations belong to. `1` and `"1"` are the same account. */
  readonly account_id: number | string;
  /** The new mutations; may be empty (the service's own test payload is). */
  readonly data_mutasi: ReadonlyArray<M>;
}

/** How precise a credit's time is. */
export type TimePrecision = 'second' | 'day';

/** A credit as `decidePayment` sees it. */
export interface Credit {
  /** Integer rupiah, positive. */
  readonly amount: number;
  /** When the money arrived, as an instant (read from a WIB timestamp). */
  readonly transactedAt: Date;
  /**
   * `day` when the bank reported only the date (KlikBCA, many statement files): the validity window
   * is then compared by WIB calendar day, because `00:00:00` would fall before an order created the
   * same afternoon. Default `second`.
   */
  readonly timePrecision?: TimePrecision;
  /** The bank's description. */
  readonly description: string;
  /** Reference keys already extracted from the description; when given, extraction is skipped. */
  readonly references?: readonly string[];
}

/** Options of {@link readCredit}. */
export interface ReadCreditOptions {
  /**
   * Treat a timestamp of exactly `00:00:00` WIB as a date without time (default `true`). Banks that
   * report no time (KlikBCA) are sent that way; a real transfer at midnight to the second is rare,
   * and reading it by day only widens its window to the whole day.
   */
  readonly midnightIsDateOnly?: boolean;
}

/** What {@link readCredit} made of a mutation. */
export type ReadCreditResult =
  | { readonly ok: true; readonly credit: Credit }
  | { readonly ok: false; readonly reason: 'debit' | 'invalid_amount' | 'invalid_date' };

/**
 * Turns a webhook mutation into a {@link Credit}. Debits, non-positive or non-integer amounts and
 * unreadable dates are reported, not thrown, so one bad row never stops a batch.
 *
 * @example
 * const r = readCredit({ id: 'm1', type: 'CR', amount: 150123, description: 'ORDER-7',
 *   transaction_date: '2025-01-10 14:30:00' });
 * if (r.ok) r.credit.transactedAt.toISOString(); // '2025-01-10T07:30:00.000Z'
 */
export function readCredit(mutation: MatchableMutation, options: ReadCreditOptions = {}): ReadCreditResult {
  if (mutation.type !== 'CR') return { ok: false, reason: 'debit' };
  if (!isPositiveRupiah(mutation.amount)) return { ok: false, reason: 'invalid_amount' };
  const raw = typeof mutation.transaction_date === 'string' ? mutation.transaction_date.trim() : '';
  const transactedAt = parseWibDateTime(raw);
  if (!transactedAt) return { ok: false, reason: 'invalid_date' };
  const isDateOnly =
    raw.length === 10 || ((options.midnightIsDateOnly ?? true) && /[ T]00:00(?::00)?$/.test(raw));
  return {
    ok: true,
    credit: {
      amount: mutation.amount,
      transactedAt,
      timePrecision: isDateOnly ? 'day' : 'second',
      description: typeof mutation.description === 'string' ? mutation.description : '',
    },
  };
}

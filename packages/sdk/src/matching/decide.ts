/**
 * @module matching/decide
 * The pure payment decision shared by the SDK's matcher and the server's invoice matcher: given one
 * credit and the candidate orders, say whether it pays one of them, needs a person, or matches
 * nothing. No I/O, no clock: the credit's own transaction time is the only time that matters.
 */
import { formatWibDate } from '../wib.js';
import type { Credit } from './credit.js';
import {
  DEFAULT_REFERENCE_PATTERNS,
  extractReferences,
  normalizeReference,
  type ReferencePattern,
} from './references.js';

/** Lifecycle of an order (or invoice). Only `open` orders can be paid. */
export type OrderStatus = 'open' | 'paid' | 'cancelled' | 'expired';

/** What {@link decidePayment} needs to know about a candidate order. */
export interface PayableOrder {
  /** The order's id; candidates are told apart by `String(id)`. */
  readonly id: string | number;
  /** What the customer must transfer, integer rupiah (amount plus or minus its unique code). */
  readonly total: number;
  /** The reference the customer was told to write (`ORDER-123`), if any. */
  readonly reference?: string | null | undefined;
  /** Only `open` orders are paid; others still count when a reference names them. */
  readonly status: OrderStatus;
  /** Start of the validity window (usually when the order was created). Credits before it never pay it. */
  readonly validFrom: Date;
  /** End of the validity window; `null` or absent for no expiry. */
  readonly expiresAt?: Date | null | undefined;
  /** This order's grace period after `expiresAt`, overriding {@link DecideOptions.gracePeriodMs}. */
  readonly gracePeriodMs?: number | null | undefined;
}

/**
 * How far an amount may be from an order's total and still be reported as that order's
 * underpayment or overpayment (`review`) rather than `unmatched`. Only used when no reference
 * names an order: with a reference, any difference is reviewed.
 */
export interface AmountTolerance {
  /** The credit is at most this much below the total: `underpaid`. */
  readonly underpaidRupiah: number;
  /** The credit is at most this much above the total: `overpaid`. */
  readonly overpaidRupiah: number;
}

/**
 * Default tolerance, Rp 1.000 either way: about the width of the default code range 1..999, so a
 * forgotten code (Rp 150.000 sent for Rp 150.123) or a rounded one (Rp 151.000) reaches review.
 */
export const DEFAULT_AMOUNT_TOLERANCE: AmountTolerance = Object.freeze({
  underpaidRupiah: 1000,
  overpaidRupiah: 1000,
});

/** Options of {@link decidePayment}. */
export interface DecideOptions {
  /** Patterns for references in the description. Default {@link DEFAULT_REFERENCE_PATTERNS}. */
  readonly referencePatterns?: readonly ReferencePattern[];
  /** Default {@link DEFAULT_AMOUNT_TOLERANCE}; `{ underpaidRupiah: 0, overpaidRupiah: 0 }` turns it off. */
  readonly tolerance?: AmountTolerance;
  /** After `expiresAt`, a credit within this many ms is `paid_late`; later, `review`. Default 0. */
  readonly gracePeriodMs?: number;
}

/**
 * Why a credit needs a person:
 * - `underpaid` / `overpaid`: the amount differs from the order's total (the first order listed), by
 *   any amount when a reference names the order, within the tolerance otherwise.
 * - `reference_conflict`: the description names an order other than the one the amount points to,
 *   or names several orders. All of them are listed.
 * - `ambiguous`: several open orders share the total (allocation prevents this; the SDK's stores
 *   enforce it, so it only comes from callers with their own data).
 * - `outside_window`: the exact total of an open order, but after its expiry plus grace period (or,
 *   named by reference, before its window).
 * - `order_closed`: the description names an order that is already paid, cancelled or expired.
 * - `not_validated`: never from `decidePayment`; the matcher's optional API check said no.
 */
export type ReviewReason =
  | 'underpaid'
  | 'overpaid'
  | 'reference_conflict'
  | 'ambiguous'
  | 'outside_window'
  | 'order_closed'
  | 'not_validated';

/** Why a credit matched nothing: no candidate at all, or a credit that cannot be read. */
export type UnmatchedReason = 'no_match' | 'invalid_amount' | 'invalid_date';

/** The one outcome of {@link decidePayment}. `references` are the keys found in the description. */
export type PaymentDecision<O extends PayableOrder = PayableOrder> =
  | {
      readonly outcome: 'paid' | 'paid_late';
      readonly order: O;
      /** A reference in the description named this order too. */
      readonly confirmedByReference: boolean;
      readonly references: readonly string[];
    }
  | {
      readonly outcome: 'review';
      readonly reason: ReviewReason;
      /** Orders involved, the most relevant first (closest total for under/overpaid). */
      readonly orders: readonly O[];
      /** `amount - orders[0].total` for `underpaid` (negative) and `overpaid` (positive). */
      readonly differenceRupiah: number | undefined;
      readonly references: readonly string[];
    }
  | {
      readonly outcome: 'unmatched';
      readonly reason: UnmatchedReason;
      readonly references: readonly string[];
    };

/** Where a credit falls relative to an order's validity window. */
export type WindowPosition = 'before' | 'on_time' | 'late' | 'after';

/**
 * Where `credit` falls in `order`'s window: `before` validFrom, `on_time` up to expiresAt, `late`
 * within the grace period, `after` that. Day-precision credits compare WIB calendar days, giving the
 * benefit of the doubt on the expiry day.
 */
export function positionInWindow(
  order: PayableOrder,
  credit: Pick<Credit, 'transactedAt' | 'timePrecision'>,
  defaultGracePeriodMs = 0,
): WindowPosition {
  const graceMs = Math.max(0, order.gracePeriodMs ?? defaultGracePeriodMs);
  const expiresAt = order.expiresAt ?? null;
  if (credit.timePrecision === 'day') {
    const day = formatWibDate(credit.transactedAt);
    if (day < formatWibDate(order.validFrom)) return 'before';
    if (!expiresAt || day <= formatWibDate(expiresAt)) return 'on_time';
    return day <= formatWibDate(new Date(expiresAt.getTime() + graceMs)) ? 'late' : 'after';
  }
  const t = credit.transactedAt.getTime();
  if (t < order.validFrom.getTime()) return 'before';
  if (!expiresAt || t <= expiresAt.getTime()) return 'on_time';
  return t <= expiresAt.getTime() + graceMs ? 'late' : 'after';
}

function isPayablePosition(p: WindowPosition): boolean {
  return p === 'on_time' || p === 'late';
}

/**
 * Decides what one credit does to the candidate orders. Rules, in order:
 * 1. An open order whose `total` equals the amount and whose window (plus grace) contains the
 *    credit's time is paid (`paid`, or `paid_late` after `expiresAt`). A reference naming it
 *    confirms it; a reference naming any other order sends all of them to `reference_conflict`.
 *    Two such orders: the reference picks one, else `ambiguous`.
 * 2. Otherwise a reference naming one order gives `order_closed`, `outside_window`, or
 *    `underpaid`/`overpaid` whatever the difference. A reference never pays on its own.
 * 3. Otherwise an exact total past its grace period gives `outside_window`; an open order within
 *    the tolerance gives `underpaid`/`overpaid`; nothing gives `unmatched`.
 *
 * Pass every order that could matter: the open order(s) with that total, the orders named by the
 * description's references (any status), and open orders within the tolerance. Extra candidates
 * are harmless. Debits must not be passed (see `readCredit`).
 *
 * @example
 * const order = { id: 'o1', total: 150123, reference: 'ORDER-7', status: 'open' as const,
 *   validFrom: new Date('2025-01-10T00:00:00Z'), expiresAt: null };
 * decidePayment({ amount: 150123, transactedAt: new Date('2025-01-10T07:30:00Z'),
 *   description: 'TRF DARI BUDI ORDER-7' }, [order]);
 * // { outcome: 'paid', order, confirmedByReference: true, references: ['ORDER7'] }
 */
export function decidePayment<O extends PayableOrder>(
  credit: Credit,
  candidates: readonly O[],
  options: DecideOptions = {},
): PaymentDecision<O> {
  const references =
    credit.references ??
    extractReferences(credit.description, options.referencePatterns ?? DEFAULT_REFERENCE_PATTERNS);
  if (!Number.isSafeInteger(credit.amount) || credit.amount <= 0) {
    return { outcome: 'unmatched', reason: 'invalid_amount', references };
  }
  if (Number.isNaN(credit.transactedAt.getTime()))
    return { outcome: 'unmatched', reason: 'invalid_date', references };

  const graceMs = options.gracePeriodMs ?? 0;
  const orders = uniqueById(candidates);
  const keys = new Set(references);
  const named =
    keys.size === 0 ? [] : orders.filter((o) => o.reference && keys.has(normalizeReference(o.reference)));
  const exact = orders
    .filter((o) => o.status === 'open' && o.total === credit.amount)
    .map((o) => ({ order: o, position: positionInWindow(o, credit, graceMs) }));
  const payable = exact.filter((e) => isPayablePosition(e.position));

  const review = (
    reason: ReviewReason,
    list: readonly O[],
    differenceRupiah?: number,
  ): PaymentDecision<O> => ({
    outcome: 'review',
    reason,
    orders: list,
    differenceRupiah,
    references,
  });
  const pay = (
    e: { order: O; position: WindowPosition },
    confirmedByReference: boolean,
  ): PaymentDecision<O> => ({
    outcome: e.position === 'late' ? 'paid_late' : 'paid',
    order: e.order,
    confirmedByReference,
    references,
  });

  if (payable.length > 0) {
    if (named.length > 0) {
      const confirmed = payable.filter((e) => named.includes(e.order));
      const [only] = confirmed;
      if (only && confirmed.length === 1 && named.every((o) => o === only.order)) return pay(only, true);
      if (confirmed.length > 1)
        return review(
          'ambiguous',
          confirmed.map((e) => e.order),
        );
      return review('reference_conflict', uniqueById([...payable.map((e) => e.order), ...named]));
    }
    const [only] = payable;
    if (only && payable.length === 1) return pay(only, false);
    return review(
      'ambiguous',
      payable.map((e) => e.order),
    );
  }

  const [first] = named;
  if (first) {
    if (named.length > 1) return review('reference_conflict', named);
    if (first.status !== 'open') return review('order_closed', named);
    if (first.total === credit.amount) return review('outside_window', named);
    const difference = credit.amount - first.total;
    return review(difference < 0 ? 'underpaid' : 'overpaid', named, difference);
  }

  const expired = exact.filter((e) => e.position === 'after').map((e) => e.order);
  if (expired.length > 0) return review('outside_window', expired);

  const tolerance = options.tolerance ?? DEFAULT_AMOUNT_TOLERANCE;
  const near = orders
    .filter((o) => {
      if (o.status !== 'open' || o.total === credit.amount) return false;
      const difference = credit.amount - o.total;
      const isClose =
        difference < 0 ? -difference <= tolerance.underpaidRupiah : difference <= tolerance.overpaidRupiah;
      return isClose && isPayablePosition(positionInWindow(o, credit, graceMs));
    })
    .sort(
      (a, b) => Math.abs(credit.amount - a.total) - Math.abs(credit.amount - b.total) || a.total - b.total,
    );
  const [closest] = near;
  if (closest) {
    const difference = credit.amount - closest.total;
    return review(difference < 0 ? 'underpaid' : 'overpaid', near, difference);
  }
  return { outcome: 'unmatched', reason: 'no_match', references };
}

function uniqueById<O extends PayableOrder>(orders: readonly O[]): O[] {
  const seen = new Map<string, O>();
  for (const o of orders) if (!seen.has(String(o.id))) seen.set(String(o.id), o);
  return [...seen.values()];
}

/**
 * @module matching/unique-code
 * The unique-code allocator ("kode unik"): the customer transfers the price plus (or minus) a
 * small code, so the exact total names the order. Uniqueness is the store's job (one atomic
 * reservation against a unique index); this module only chooses codes and retries.
 */
import { isPositiveRupiah } from '../money.js';
import { PaymentMatchingError, UniqueCodeExhaustedError } from './errors.js';
import type { PaymentOrder, PaymentStore } from './payment-store.js';

/** `add`: total = amount + code (the customer pays a little more). `subtract`: total = amount - code. */
export type UniqueCodeMode = 'add' | 'subtract';

/** `random`: any free code (few collisions under concurrency). `sequential`: the smallest free code. */
export type UniqueCodeStrategy = 'random' | 'sequential';

/** Options of {@link UniqueCodeAllocator}. */
export interface UniqueCodeAllocatorOptions {
  /** Where orders live; only these three operations are used. */
  readonly store: Pick<PaymentStore, 'reserveTotal' | 'listOpenTotals' | 'expireOrders'>;
  /** The current time: an order's default `validFrom`, and the cut-off for releasing expired orders. */
  readonly clock: () => Date;
  /** Smallest code, default 1. 0 is allowed (the bare amount as one of the totals). */
  readonly minCode?: number;
  /** Largest code, default 999. */
  readonly maxCode?: number;
  /** Default `add`. */
  readonly mode?: UniqueCodeMode;
  /** Default `random`. */
  readonly strategy?: UniqueCodeStrategy;
  /** Random codes tried before reading which totals are taken (`random` only). Default 3. */
  readonly randomAttempts?: number;
  /** A number in [0, 1); default `Math.random` (codes are not secrets, only distinct). */
  readonly random?: () => number;
  /**
   * When the range is full, first expire the account's open orders whose `expiresAt` is more than
   * this many ms ago, then try again. Keep it longer than the matcher's grace period plus webhook
   * delays: an expired order can no longer be paid automatically. Default 24 h; `null` never expires.
   */
  readonly releaseExpiredAfterMs?: number | null;
}

/** What to allocate. */
export interface AllocateOrderInput {
  /** Your order id (unique across accounts). */
  readonly id: string;
  /** The bank account the customer pays into. */
  readonly accountId: string | number;
  /** The price, positive integer rupiah, before the code. */
  readonly amount: number;
  /** The reference the customer is told to write, e.g. `ORDER-123`. */
  readonly reference?: string | null;
  /** Start of the validity window; default now (the clock). */
  readonly validFrom?: Date;
  /** End of the validity window; default none. */
  readonly expiresAt?: Date | null;
}

// Contention rounds before giving up: each round re-reads the taken totals and tries every free
// code, so only a range that empties and refills faster than we read it gets this far.
const MAX_ROUNDS = 20;

/**
 * Allocates orders with totals that are unique among the account's open orders.
 *
 * @example
 * const allocator = new UniqueCodeAllocator({ store, clock: () => new Date() });
 * const order = await allocator.allocate({ id: 'o-42', accountId: 1, amount: 150000, reference: 'ORDER-42' });
 * order.total; // e.g. 150123: ask the customer to transfer exactly this
 */
export class UniqueCodeAllocator {
  readonly #store: UniqueCodeAllocatorOptions['store'];
  readonly #clock: () => Date;
  readonly #min: number;
  readonly #max: number;
  readonly #mode: UniqueCodeMode;
  readonly #strategy: UniqueCodeStrategy;
  readonly #randomAttempts: number;
  readonly #random: () => number;
  readonly #releaseAfterMs: number | null;

  constructor(options: UniqueCodeAllocatorOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#min = options.minCode ?? 1;
    this.#max = options.maxCode ?? 999;
    this.#mode = options.mode ?? 'add';
    this.#strategy = options.strategy ?? 'random';
    this.#randomAttempts = Math.max(0, options.randomAttempts ?? 3);
    this.#random = options.random ?? Math.random;
    this.#releaseAfterMs =
      options.releaseExpiredAfterMs === undefined ? 24 * 3_600_000 : options.releaseExpiredAfterMs;
    if (
      !Number.isSafeInteger(this.#min) ||
      !Number.isSafeInteger(this.#max) ||
      this.#min < 0 ||
      this.#max < this.#min
    ) {
      throw new PaymentMatchingError(
        'invalid_order',
        `Unique code range ${this.#min}..${this.#max} is not a range of integers >= 0`,
      );
    }
  }

  /**
   * Creates an open order with a free code. Throws {@link UniqueCodeExhaustedError} when every code
   * is held by an open order of the account, and `PaymentMatchingError` (`invalid_order`) for
   * input that can never be allocated.
   */
  async allocate(input: AllocateOrderInput): Promise<PaymentOrder> {
    const accountId = String(input.accountId);
    if (!isPositiveRupiah(input.amount)) {
      throw new PaymentMatchingError('invalid_order', 'amount must be a positive integer (rupiah)');
    }
    if (typeof input.id !== 'string' || input.id === '')
      throw new PaymentMatchingError('invalid_order', 'id is required');
    const validFrom = input.validFrom ?? this.#clock();
    const expiresAt = input.expiresAt ?? null;
    if (Number.isNaN(validFrom.getTime()) || (expiresAt && !(expiresAt.getTime() > validFrom.getTime()))) {
      throw new PaymentMatchingError('invalid_order', 'expiresAt must be a valid date after validFrom');
    }
    // In subtract mode the total must stay positive.
    const max = this.#mode === 'subtract' ? Math.min(this.#max, input.amount - 1) : this.#max;
    if (max < this.#min) {
      throw new PaymentMatchingError(
        'invalid_order',
        `amount ${input.amount} is too small to subtract a code of at least ${this.#min}`,
      );
    }
    const totalOf = (code: number): number =>
      this.#mode === 'add' ? input.amount + code : input.amount - code;
    const reserve = (code: number) =>
      this.#store.reserveTotal({
        id: input.id,
        accountId,
        amount: input.amount,
        uniqueCode: code,
        total: totalOf(code),
        reference: input.reference ?? null,
        validFrom,
        expiresAt,
      });
    if (!Number.isSafeInteger(totalOf(max)) || !Number.isSafeInteger(totalOf(this.#min))) {
      throw new PaymentMatchingError('invalid_order', 'amount plus code is not a safe integer');
    }

    if (this.#strategy === 'random') {
      for (let i = 0; i < this.#randomAttempts; i++) {
        const code = Math.min(max, this.#min + Math.floor(this.#random() * (max - this.#min + 1)));
        const order = await reserve(code);
        if (order) return order;
      }
    }
    const [lowTotal, highTotal] = [totalOf(this.#min), totalOf(max)].sort((a, b) => a - b) as [
      number,
      number,
    ];
    let hasReleased = this.#releaseAfterMs === null;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const taken = new Set(await this.#store.listOpenTotals(accountId, lowTotal, highTotal));
      const free: number[] = [];
      for (let code = this.#min; code <= max; code++) if (!taken.has(totalOf(code))) free.push(code);
      if (free.length === 0) {
        if (!hasReleased) {
          hasReleased = true;
          const cutoff = new Date(this.#clock().getTime() - (this.#releaseAfterMs ?? 0));
          if ((await this.#store.expireOrders(accountId, cutoff)) > 0) continue;
        }
        throw new UniqueCodeExhaustedError(accountId, input.amount, { min: this.#min, max });
      }
      if (this.#strategy === 'random') this.#shuffle(free);
      for (const code of free) {
        const order = await reserve(code);
        if (order) return order;
      }
    }
    throw new PaymentMatchingError(
      'unique_code_contention',
      `Could not reserve a unique code for amount ${input.amount} on account ${accountId} after ${MAX_ROUNDS} rounds`,
    );
  }

  #shuffle(codes: number[]): void {
    for (let i = codes.length - 1; i > 0; i--) {
      const j = Math.min(i, Math.floor(this.#random() * (i + 1)));
      [codes[i], codes[j]] = [codes[j]!, codes[i]!];
    }
  }
}

/**
 * @module invoices/expiry-sweeper
 * Marks invoices `expired` once their validity and grace period have both passed, and enqueues
 * `invoice.expired` in the same transaction. Every process runs one; the guarded update hands each
 * invoice to exactly one of them. Waiting for the grace period keeps the total reserved while a
 * late transfer can still pay it (`paid_late`).
 */
import type { Clock } from '../clock.js';
import type { Store } from '../store/store.js';
import { enqueueInvoiceEvent } from './invoice-events.js';

/** Options of {@link InvoiceExpirySweeper}. */
export interface InvoiceExpirySweeperOptions {
  store: Store;
  clock: Clock;
  gracePeriodMs: number;
  intervalMs: number;
  /** Called after a sweep committed expirations (wakes the webhook dispatcher). */
  onExpired?: (count: number) => void;
  /** Where a failed sweep is reported; it is retried at the next interval. */
  onError?: (err: unknown) => void;
  /** Invoices expired per transaction. Default 500. */
  batchSize?: number;
}

/** The expiry sweep: {@link InvoiceExpirySweeper.start} a timer, or call {@link InvoiceExpirySweeper.sweep}. */
export class InvoiceExpirySweeper {
  readonly #o: InvoiceExpirySweeperOptions & { batchSize: number };
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;
  #started = false;

  constructor(options: InvoiceExpirySweeperOptions) {
    this.#o = { batchSize: 500, ...options };
  }

  /** Sweeps now and then every `intervalMs` until {@link InvoiceExpirySweeper.stop}. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#schedule(0);
  }

  /** Stops the timer and waits for a sweep in progress. */
  async stop(): Promise<void> {
    this.#started = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }

  /** Expires every overdue invoice; resolves to how many this call expired. */
  async sweep(): Promise<number> {
    if (this.#running) return this.#running;
    this.#running = this.#sweepAll().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #sweepAll(): Promise<number> {
    const { store, clock } = this.#o;
    let total = 0;
    for (;;) {
      const now = clock.now();
      const expired = await store.transaction(async (trx) => {
        const rows = await store.invoices.expireDue(trx, now - this.#o.gracePeriodMs, this.#o.batchSize);
        for (const row of rows) await enqueueInvoiceEvent(store, trx, 'invoice.expired', row, now);
        return rows.length;
      });
      total += expired;
      if (expired < this.#o.batchSize) break;
    }
    if (total > 0) this.#o.onExpired?.(total);
    return total;
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.sweep()
        .catch((err: unknown) => this.#o.onError?.(err))
        .finally(() => {
          if (this.#started) this.#schedule(this.#o.intervalMs);
        });
    }, delayMs);
    this.#timer.unref();
  }
}

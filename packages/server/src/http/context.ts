/**
 * @module http/context
 * What the route plugins receive: the store, the ingest path, and the few policies routes need.
 * Built once by `buildApp` and passed as plugin options, so routes never reach for globals.
 */
import type { Clock } from '../clock.js';
import type { Sender } from '../dispatch/sender.js';
import type { SignWebhook } from '../dispatch/signed-delivery.js';
import type { Ingestor } from '../ingest/ingest.js';
import type { InvoiceService } from '../invoices/invoice-service.js';
import type { Store } from '../store/store.js';
import type { BankInfo } from './views.js';

/** A bank account that receives saldo top-ups (`topup_kredit`'s `payment_id`). */
export interface PaymentAccount {
  id: number;
  name: string;
  account_number: string;
  account_name: string;
  /** The bank account (of the operator) that receives these top-ups; created at start when absent. */
  account_id?: number;
}

/** Asks the scheduler to run an account's connector now; resolves to the next scheduled run (epoch ms). */
export interface RunRequester {
  requestRun(accountId: number): Promise<number>;
}

/** Route dependencies. */
export interface ApiContext {
  store: Store;
  ingestor: Ingestor;
  banks: ReadonlyMap<number, BankInfo>;
  clock: Clock;
  dev: boolean;
  scheduler: RunRequester;
  /** Throws an ApiError when a webhook or callback URL is not allowed (SSRF rules). */
  validateWebhookUrl(url: string): Promise<void>;
  paymentAccounts: readonly PaymentAccount[];
  /** Smallest top-up in rupiah (the hosted service: 10000). */
  topupMinAmount: number;
  /** How long a pending top-up waits for its transfer. */
  topupTtlMs: number;
  /** Days back from today (WIB) that `match`/`matchs` search when no dates are given. */
  matchDefaultDays: number;
  /** Longest range `statements` answers in one call, in days. */
  statementsMaxDays: number;
  /** How long a rotated-out webhook secret keeps signing alongside the new one. */
  rotationGraceMs: number;
  /** Wakes the webhook dispatcher; call after a transaction that enqueued messages has committed. */
  notifyOutbox(): void;
  /** The delivery sender and signer, for `POST /webhook/{id}/test` (sent at once, not queued). */
  sender: Sender;
  sign: SignWebhook;
  /** Invoices and top-ups: creation, cancellation, settlement by hand. */
  invoices: InvoiceService;
}

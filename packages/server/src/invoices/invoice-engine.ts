/**
 * @module invoices/invoice-engine
 * Wires invoices into a server: the service the routes use, the configured billing accounts of
 * top-ups, and the expiry sweep. The matcher itself is an ingest hook (`invoiceMatchHook`) that
 * `createIngestor` registers ahead of the outbox hook, so a batch's `invoice.*` events are
 * committed with its mutation messages, by the server and by offline imports alike.
 */
import type { Clock } from '../clock.js';
import type { PaymentAccount } from '../http/context.js';
import type { Store } from '../store/store.js';
import { bindConfiguredBillingAccounts } from './billing-accounts.js';
import { InvoiceExpirySweeper } from './expiry-sweeper.js';
import { InvoiceService } from './invoice-service.js';
import type { InvoiceSettings } from './invoice-settings.js';

/** Options of {@link createInvoiceEngine}. */
export interface InvoiceEngineOptions {
  store: Store;
  clock: Clock;
  settings: InvoiceSettings;
  paymentAccounts: readonly PaymentAccount[];
  /** Wakes the webhook dispatcher after the sweep committed `invoice.expired` events. */
  notifyOutbox: () => void;
  /** Reports a failed sweep (retried at the next interval). */
  onSweepError?: (err: unknown) => void;
}

/** The parts of the invoice feature a running server holds. */
export interface InvoiceEngine {
  service: InvoiceService;
  sweeper: InvoiceExpirySweeper;
  /** Starts the expiry sweep. */
  start(): void;
  /** Stops the sweep and waits for one in progress. */
  stop(): Promise<void>;
}

/**
 * Binds the configured billing accounts and prepares the service and the sweep.
 *
 * @example
 * const ingestor = createIngestor(store, clock, config.invoices); // the matcher hook is in there
 * const invoices = await createInvoiceEngine({ store, clock, settings: config.invoices,
 *   paymentAccounts: config.paymentAccounts, notifyOutbox: () => ctx.notifyOutbox() });
 * invoices.start();
 */
export async function createInvoiceEngine(options: InvoiceEngineOptions): Promise<InvoiceEngine> {
  const { store, clock, settings } = options;
  await bindConfiguredBillingAccounts(store, options.paymentAccounts);
  const sweeper = new InvoiceExpirySweeper({
    store,
    clock,
    gracePeriodMs: settings.gracePeriodMs,
    intervalMs: settings.sweepIntervalMs,
    onExpired: () => options.notifyOutbox(),
    ...(options.onSweepError && { onError: options.onSweepError }),
  });
  return {
    service: new InvoiceService({ store, clock, settings }),
    sweeper,
    start: () => sweeper.start(),
    stop: () => sweeper.stop(),
  };
}

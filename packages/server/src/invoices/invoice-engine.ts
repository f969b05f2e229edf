/**
 * @module invoices/invoice-engine
 * Wires invoices into a server in one call: the matcher hook on the ingest path, the service the
 * routes use, the configured billing accounts of top-ups, and the expiry sweep. `main.ts` calls
 * {@link createInvoiceEngine} right after creating the `Ingestor`, before the outbox hook is
 * registered, so a batch's `invoice.*` events are enqueued ahead of its mutation messages and
 * committed with them.
 */
import type { Clock } from '../clock.js';
import type { PaymentAccount } from '../http/context.js';
import type { Ingestor } from '../ingest/ingest.js';
import type { Store } from '../store/store.js';
import { bindConfiguredBillingAccounts } from './billing-accounts.js';
import { InvoiceExpirySweeper } from './expiry-sweeper.js';
import { invoiceMatchHook } from './invoice-matcher.js';
import { InvoiceService } from './invoice-service.js';
import type { InvoiceSettings } from './invoice-settings.js';

/** Options of {@link createInvoiceEngine}. */
export interface InvoiceEngineOptions {
  store: Store;
  ingestor: Ingestor;
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
 * Registers the matcher hook on `ingestor` and prepares the rest.
 *
 * @example
 * const ingestor = new Ingestor(store, clock);
 * const invoices = await createInvoiceEngine({ store, ingestor, clock, settings: config.invoices,
 *   paymentAccounts: config.paymentAccounts, notifyOutbox: () => ctx.notifyOutbox() });
 * ingestor.use(outboxHook(store, clock)); // after the matcher
 * invoices.start();
 */
export async function createInvoiceEngine(options: InvoiceEngineOptions): Promise<InvoiceEngine> {
  const { store, clock, settings } = options;
  options.ingestor.use(invoiceMatchHook({ store, clock, settings }));
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

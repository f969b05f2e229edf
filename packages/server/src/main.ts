/**
 * @module main
 * Starts the whole server from a {@link ServerConfig}: the key, the database, the first user,
 * the application, the socket. Returns a handle whose `close()` shuts down in order (stop taking
 * requests, finish the ones in flight, then close the database). Signal handling belongs to the
 * process entry (the CLI's `serve`), not here, so tests can start and stop servers in-process.
 */

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { signWebhook } from 'mutasibank';
import { buildApp } from './app.js';
import { type BootstrapResult, bootstrapFirstUser } from './bootstrap.js';
import { type Clock, systemClock } from './clock.js';
import { type ServerConfig, snapEnvName } from './config.js';
import type { Connector } from './connectors/connector.js';
import { type BankEntry, createConnectorRegistry } from './connectors/registry.js';
import { Scheduler } from './connectors/scheduler.js';
import { Dispatcher, type DispatcherOptions } from './dispatch/dispatcher.js';
import type { Sender } from './dispatch/sender.js';
import { UndiciSender } from './dispatch/sender.js';
import type { SignWebhook } from './dispatch/signed-delivery.js';
import type { HostResolver } from './dispatch/ssrf-guard.js';
import type { ApiContext } from './http/context.js';
import type { BankInfo } from './http/views.js';
import { createWebhookUrlValidator } from './http/webhook-url.js';
import { Ingestor } from './ingest/ingest.js';
import { createInvoiceEngine, type InvoiceEngine } from './invoices/invoice-engine.js';
import { invoiceMatchHook } from './invoices/invoice-matcher.js';
import { DEFAULT_INVOICE_SETTINGS, type InvoiceSettings } from './invoices/invoice-settings.js';
import { outboxHook } from './outbox/enqueue.js';
import { createSecretBox, loadOrCreateKeyFile, parseServerKey } from './security/secret-box.js';
import { openPostgres, type PostgresOptions } from './store/dialects/postgres.js';
import { openSqlite } from './store/dialects/sqlite.js';
import { openStore, type Store } from './store/store.js';

/** A running server. */
export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  /** The ingest path (embedding: feed rows from your own source). */
  ingestor: Ingestor;
  /** Base URL of the API, e.g. `http://127.0.0.1:8080/api/v1`. */
  apiUrl: string;
  /** Set when this start created the first user. */
  bootstrap: BootstrapResult | undefined;
  /** Warnings worth showing the operator (key file permissions, ...). */
  warnings: string[];
  /** Invoices: the service and the expiry sweep (`invoices.sweeper.sweep()`). */
  invoices: InvoiceEngine;
  close(): Promise<void>;
}

/** Options beyond the configuration (for tests and embedding). */
export interface StartOptions {
  clock?: Clock;
  /** Logger: Fastify logger options, or false. Default: JSON lines at `config.logLevel`. */
  logger?: false | { level: string };
  /** Connectors by module name. */
  connectors?: ReadonlyMap<string, Connector>;
  /** `false` leaves the scheduler and the invoice expiry sweep stopped (tests drive them themselves). */
  scheduler?: boolean;
  /** How long `close()` lets requests in flight finish before cutting connections. Default 10 s. */
  shutdownTimeoutMs?: number;
  /** `false` leaves the webhook dispatcher stopped. */
  dispatcher?: boolean;
  /** Dispatcher tuning (retry table, concurrency, poll interval), for tests and benches. */
  dispatch?: Partial<Omit<DispatcherOptions, 'store' | 'sender' | 'sign' | 'nowMs'>>;
  /** The HTTP sender of deliveries (tests). */
  sender?: Sender;
  /** DNS resolver behind the SSRF guard (tests: make a name resolve to anything). */
  resolve?: HostResolver;
}

/** The SDK's signer in the dispatcher's shape (secrets: current first, then the rotated-out one). */
const signForDelivery: SignWebhook = ({ body, secrets, webhookId, timestamp, standard }) =>
  signWebhook({ payload: body, secret: secrets, webhookId, timestamp, standard });

function bankInfo(b: BankEntry): BankInfo {
  return {
    id: b.id,
    bankName: b.bankName,
    module: b.module,
    isActive: b.isActive,
    isMaintenance: b.isMaintenance,
  };
}

/**
 * Stops taking requests and waits for the ones in flight. A keep-alive connection whose request
 * finishes after close began stays open until its idle timeout (Node closes idle connections only
 * once, at the start), so idle ones are swept until close completes, and everything is cut at the
 * deadline.
 */
async function closeGracefully(app: FastifyInstance, timeoutMs: number): Promise<void> {
  const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
  const deadline = setTimeout(() => app.server.closeAllConnections(), timeoutMs);
  try {
    await app.close();
  } finally {
    clearInterval(sweep);
    clearTimeout(deadline);
  }
}

/** Whether `--db` names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/** `postgres://...?schema=name`: the schema parameter is ours, not libpq's, so it is taken out. */
function postgresOptions(db: string): PostgresOptions {
  const url = new URL(db);
  const schema = url.searchParams.get('schema') ?? undefined;
  url.searchParams.delete('schema');
  return { connectionString: url.toString(), ...(schema && { schema }) };
}

/**
 * Opens the configured database with the configured key (creating the key file on first use)
 * and migrates it. Used by `startServer` and by the CLI's offline commands (users, tokens).
 */
export async function openConfiguredStore(
  config: Pick<ServerConfig, 'dbPath' | 'secretKey' | 'keyFile'>,
  clock: Clock = systemClock,
): Promise<{ store: Store; warnings: string[] }> {
  const warnings: string[] = [];
  let key: Uint8Array;
  if (config.secretKey) key = parseServerKey(config.secretKey);
  else if (config.keyFile) {
    const k = loadOrCreateKeyFile(config.keyFile);
    if (k.warning) warnings.push(k.warning);
    key = k.key;
  } else {
    throw new Error(
      'this database needs MUTASIBANK_SECRET_KEY or --key-file (there is no database file to keep a key beside)',
    );
  }
  const database = isPostgresUrl(config.dbPath)
    ? await openPostgres(postgresOptions(config.dbPath))
    : openSqlite({ filename: config.dbPath });
  const store = await openStore(database, createSecretBox(key), clock);
  return { store, warnings };
}

/**
 * The ingest path with every hook the server runs on new rows (matching, the webhook outbox).
 * `startServer` and the CLI's offline `import` both build it here, so rows imported into the
 * database file get the same hooks as rows the server stores itself.
 */
export function createIngestor(
  store: Store,
  clock: Clock,
  invoiceSettings: InvoiceSettings = DEFAULT_INVOICE_SETTINGS,
): Ingestor {
  // Hooks run in registration order inside the ingest transaction: matching first (its events are
  // committed with the batch), then the outbox.
  return new Ingestor(store, clock)
    .use(invoiceMatchHook({ store, clock, settings: invoiceSettings }))
    .use(outboxHook(store, clock));
}

/** Opens everything and listens. */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const { store, warnings } = await openConfiguredStore(config, clock);
  try {
    const bootstrap = await bootstrapFirstUser(store, {
      name: config.bootstrapName,
      email: config.bootstrapEmail,
      token: config.bootstrapToken,
    });
    const ingestor = createIngestor(store, clock, config.invoices);
    const invoices = await createInvoiceEngine({
      store,
      clock,
      settings: config.invoices,
      paymentAccounts: config.paymentAccounts,
      notifyOutbox: () => ctx.notifyOutbox(),
      onSweepError: (err) => app.log.error({ err }, 'invoice expiry sweep failed'),
    });
    const registry = createConnectorRegistry({
      snap: config.snap,
      maintenance: config.maintenance,
      simulator: { seed: config.simulatorSeed },
      describeSetting: snapEnvName,
    });
    const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const scheduler = new Scheduler({
      store,
      sink: ingestor,
      connectors: { get: (m) => options.connectors?.get(m) ?? registry.byModule(m)?.connector },
      clock,
      owner,
    });
    const sender =
      options.sender ??
      new UndiciSender({
        dev: config.dev,
        nowMs: () => clock.now(),
        ...(options.resolve && { resolve: options.resolve }),
      });
    // Assigned once the app (and its logger) exists; the hooks below only run after listen.
    let dispatcher: Dispatcher | undefined;
    ingestor.onCommitted(() => dispatcher?.notify());
    const ctx: ApiContext = {
      store,
      ingestor,
      banks: new Map(registry.banks.map((b) => [b.id, bankInfo(b)])),
      clock,
      dev: config.dev,
      scheduler,
      validateWebhookUrl: createWebhookUrlValidator({
        dev: config.dev,
        ...(options.resolve && { resolve: options.resolve }),
      }),
      paymentAccounts: config.paymentAccounts,
      topupMinAmount: config.topupMinAmount,
      topupTtlMs: config.topupTtlMinutes * 60_000,
      matchDefaultDays: config.matchDefaultDays,
      statementsMaxDays: 31,
      rotationGraceMs: config.rotationGraceHours * 3_600_000,
      notifyOutbox: () => dispatcher?.notify(),
      sender,
      sign: signForDelivery,
      invoices: invoices.service,
    };
    const logger = options.logger ?? {
      level: config.logLevel,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
    };
    const app = await buildApp({
      ctx,
      logger,
      bodyLimit: config.bodyLimitBytes,
      trustProxy: config.trustProxy,
      importLimitBytes: config.importLimitBytes,
      ...(config.importSpoolDir !== undefined && { importSpoolDir: config.importSpoolDir }),
    });
    dispatcher = new Dispatcher({
      store: store.outbox,
      sender,
      sign: signForDelivery,
      nowMs: () => clock.now(),
      logger: app.log,
      workerId: owner,
      timeoutMs: config.delivery.timeoutMs,
      leaseMs: config.delivery.leaseMs,
      concurrency: config.delivery.concurrency,
      maxInFlightPerEndpoint: config.delivery.perEndpoint,
      disableAfterFailingMs: config.delivery.disableAfterFailingMs,
      ...options.dispatch,
    });
    await app.listen({ port: config.port, host: config.host });
    if (options.scheduler !== false) {
      scheduler.start();
      invoices.start();
    }
    if (options.dispatcher !== false) dispatcher.start();
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const base = (config.publicUrl ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`).replace(
      /\/+$/,
      '',
    );
    let closed = false;
    return {
      app,
      store,
      ingestor,
      apiUrl: `${base}/api/v1`,
      bootstrap,
      warnings,
      invoices,
      async close() {
        if (closed) return;
        closed = true;
        await closeGracefully(app, options.shutdownTimeoutMs ?? 10_000);
        await scheduler.stop();
        await invoices.stop();
        await dispatcher?.stop();
        await sender.close?.();
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}

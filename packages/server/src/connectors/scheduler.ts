/**
 * @module connectors/scheduler
 * The "bot": runs each active account's connector every `schedule_minutes` (with jitter), at most
 * one run per account at a time across every process on the database (a lease in the database),
 * with a timeout per run; `rerun` makes an account due at once. Every run is logged for
 * `log_bot`; failures back off exponentially and say why. Next run times live in the database,
 * so a restart picks up where it was.
 */
import { formatWibDate } from 'mutasibank';
import type { Clock } from '../clock.js';
import type { IngestInput, IngestResult } from '../ingest/ingest.js';
import type { ClaimedAccount } from '../store/bot-schedule.js';
import type { Store } from '../store/store.js';
import { type Connector, ConnectorError, type CredentialName } from './connector.js';

/** Where the scheduler finds the connector of a module. */
export interface ConnectorLookup {
  get(module: string): Connector | undefined;
}

/** The ingest path, as the scheduler uses it. */
export interface RowSink {
  ingest(input: IngestInput): Promise<IngestResult>;
}

/** Minimal logger (pino-compatible). */
export interface SchedulerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Options of {@link Scheduler}. */
export interface SchedulerOptions {
  store: Store;
  sink: RowSink;
  connectors: ConnectorLookup;
  clock: Clock;
  /** Identifies this process in leases (host:pid:random). */
  owner: string;
  /** Longest a connector may run before it is aborted. Default 120 s. */
  runTimeoutMs?: number;
  /** Accounts run at once by this process. Default 4. */
  concurrency?: number;
  /** Fallback poll when nothing is due sooner. Default 5 s. */
  pollMs?: number;
  /** Days read per run, ending today (WIB); 2 = yesterday and today, so late-posted rows are caught. */
  lookbackDays?: number;
  /** Longest back-off after repeated failures. Default 6 h. */
  maxBackoffMs?: number;
  /** Random in [0, 1) for jitter; injectable for tests. */
  random?: () => number;
  logger?: SchedulerLogger;
}

const MINUTE = 60_000;

/** Runs connectors on schedule. Call {@link Scheduler.start}, or drive {@link Scheduler.tick} in tests. */
export class Scheduler {
  readonly #o: Required<Omit<SchedulerOptions, 'logger'>> & { logger: SchedulerLogger | undefined };
  readonly #running = new Map<number, Promise<void>>();
  readonly #aborts = new Map<number, AbortController>();
  /** Accounts whose next run was asked for by `rerun` (logged as such; re-armed if running). */
  readonly #reruns = new Set<number>();
  #timer: NodeJS.Timeout | undefined;
  #started = false;
  #ticking: Promise<void> | undefined;
  #again = false;

  constructor(options: SchedulerOptions) {
    this.#o = {
      runTimeoutMs: 120_000,
      concurrency: 4,
      pollMs: 5_000,
      lookbackDays: 2,
      maxBackoffMs: 6 * 60 * MINUTE,
      random: Math.random,
      ...options,
      logger: options.logger,
    };
  }

  /** Starts the loop. */
  start(): void {
    this.#started = true;
    this.#wake();
  }

  /** Stops claiming, aborts running connectors, and waits for their runs to be logged. */
  async stop(): Promise<void> {
    this.#started = false;
    if (this.#timer) clearTimeout(this.#timer);
    for (const c of this.#aborts.values()) c.abort(new Error('server shutting down'));
    await this.#ticking;
    await Promise.allSettled([...this.#running.values()]);
  }

  /** Makes an account due now and wakes the loop; resolves to when it will run (epoch ms). */
  async requestRun(accountId: number): Promise<number> {
    const now = this.#o.clock.now();
    await this.#o.store.botSchedule.makeDue(accountId, now);
    this.#reruns.add(accountId);
    if (this.#started) this.#wake();
    return now;
  }

  /** Claims every due account (up to free capacity) and starts their runs; resolves when claimed. */
  async tick(): Promise<void> {
    if (this.#ticking) {
      this.#again = true;
      return this.#ticking;
    }
    this.#ticking = this.#claimAndRun().finally(() => {
      this.#ticking = undefined;
    });
    return this.#ticking;
  }

  /** Resolves when every run started so far has finished (tests). */
  async idle(): Promise<void> {
    await this.#ticking;
    while (this.#running.size > 0) await Promise.allSettled([...this.#running.values()]);
  }

  async #claimAndRun(): Promise<void> {
    do {
      this.#again = false;
      const free = this.#o.concurrency - this.#running.size;
      if (free <= 0) return;
      const now = this.#o.clock.now();
      const claimed = await this.#o.store.botSchedule.claimDue({
        owner: this.#o.owner,
        now,
        // The lease outlives the run's own timeout, so only a dead process loses it.
        leaseMs: this.#o.runTimeoutMs + MINUTE,
        limit: free,
      });
      for (const account of claimed) {
        if (this.#running.has(account.id)) continue;
        const run = this.#run(account).finally(() => {
          this.#running.delete(account.id);
          if (this.#started) this.#wake();
        });
        this.#running.set(account.id, run);
      }
    } while (this.#again);
  }

  #wake(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    void this.tick()
      .catch((err: unknown) => this.#o.logger?.warn({ err }, 'scheduler tick failed'))
      .finally(() => this.#arm());
  }

  async #arm(): Promise<void> {
    if (!this.#started || this.#timer) return;
    let delay = this.#o.pollMs;
    try {
      const next = await this.#o.store.botSchedule.nextDueAt();
      if (next !== undefined) delay = Math.max(0, Math.min(delay, next - this.#o.clock.now()));
    } catch {
      // the poll interval is the fallback
    }
    if (!this.#started || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#wake();
    }, delay);
    this.#timer.unref();
  }

  async #run(account: ClaimedAccount): Promise<void> {
    const { store, clock } = this.#o;
    const startedAt = clock.now();
    const trigger = this.#reruns.delete(account.id) ? 'rerun' : 'schedule';
    const runId = await store.botRuns.start(account.id, trigger, startedAt);
    const abort = new AbortController();
    this.#aborts.set(account.id, abort);
    const timer = setTimeout(
      () => abort.abort(new ConnectorTimeout(this.#o.runTimeoutMs)),
      this.#o.runTimeoutMs,
    );
    let rowsRead = 0;
    let rowsNew = 0;
    let outcome: 'ok' | 'error' | 'timeout' = 'ok';
    let error: string | undefined;
    try {
      const connector = this.#o.connectors.get(account.module);
      if (!connector)
        throw new ConnectorError(
          'not_configured',
          `no connector is registered for module "${account.module}"`,
        );
      const credentials = await store.accounts.credentials(account.id);
      const missing = connector.requiredCredentials.filter((c: CredentialName) => !credentials[c]);
      if (missing.length > 0) {
        throw new ConnectorError(
          'missing_credentials',
          `the ${account.module} connector needs ${missing.join(', ')}; set them with updateAccount`,
        );
      }
      const to = formatWibDate(new Date(startedAt));
      const from = formatWibDate(new Date(startedAt - (this.#o.lookbackDays - 1) * 86_400_000));
      const result = await raceAbort(
        connector.fetchStatement(
          {
            account: {
              id: account.id,
              accountNo: account.account_no,
              accountName: account.account_name,
              module: account.module,
            },
            credentials,
            signal: abort.signal,
            now: () => new Date(clock.now()),
          },
          { from, to },
        ),
        abort.signal,
      );
      rowsRead = result.rows.length;
      const stored = await this.#o.sink.ingest({
        accountId: account.id,
        rows: result.rows,
        source: account.module,
        ...(result.balance !== undefined && { balance: result.balance }),
      });
      rowsNew = stored.inserted.length;
    } catch (err) {
      const reason = abort.signal.aborted ? abort.signal.reason : err;
      outcome = reason instanceof ConnectorTimeout ? 'timeout' : 'error';
      error = describeFailure(reason);
      this.#o.logger?.warn(
        { accountId: account.id, module: account.module, outcome, error },
        'connector run failed',
      );
    } finally {
      clearTimeout(timer);
      this.#aborts.delete(account.id);
    }
    const finishedAt = clock.now();
    await store.botRuns.finish(runId, {
      finishedAt,
      outcome,
      rowsRead,
      rowsNew,
      ...(error !== undefined && { error }),
    });
    const failures = outcome === 'ok' ? 0 : account.bot_failures + 1;
    await store.botSchedule.release({
      accountId: account.id,
      owner: this.#o.owner,
      // A rerun asked for while this run was going gets its own run straight after.
      nextRunAt: this.#reruns.has(account.id)
        ? finishedAt
        : finishedAt + this.#nextDelayMs(account.schedule_minutes, failures),
      failures,
      lastActivity: finishedAt,
    });
  }

  /** The schedule with ±10% jitter; after failures, doubling per failure up to the maximum. */
  #nextDelayMs(scheduleMinutes: number, failures: number): number {
    const base = scheduleMinutes * MINUTE * 2 ** Math.min(failures, 16);
    const capped =
      failures > 0 ? Math.min(base, Math.max(this.#o.maxBackoffMs, scheduleMinutes * MINUTE)) : base;
    return Math.round(capped * (0.9 + 0.2 * this.#o.random()));
  }
}

class ConnectorTimeout extends Error {
  constructor(ms: number) {
    super(`the connector did not finish within ${Math.round(ms / 1000)} s`);
  }
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function describeFailure(err: unknown): string {
  if (err instanceof ConnectorError || err instanceof ConnectorTimeout) return err.message;
  // Unknown errors may carry request details; keep the log line to the error's own message.
  return err instanceof Error ? `connector failed: ${err.message}` : 'connector failed';
}

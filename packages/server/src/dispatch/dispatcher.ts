/**
 * @module dispatch/dispatcher
 * Drains the outbox: claims due messages under a lease, signs and sends each one, records the
 * attempt, schedules retries from the retry table, and disables endpoints that answer 410 or have
 * only failed for too long. Woken in-process by {@link Dispatcher.notify} right after an enqueue
 * commits, by a timer at the next due retry, and by a slow poll as the fallback.
 */
import { randomUUID } from 'node:crypto';
import { decideAfterAttempt, disableReason } from './delivery-policy.js';
import type { ClaimedMessage, EndpointHealth, EpochMs, MessageStatus, OutboxStore } from './outbox-store.js';
import type { RandomSource } from './retry-schedule.js';
import type { DeliveryResult, Sender } from './sender.js';
import { type SignWebhook, sendSignedMessage } from './signed-delivery.js';

/** A pino-style logger (Fastify's `app.log` fits). Never given bodies, headers, secrets or tokens. */
export interface DispatchLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** What woke the dispatcher for a claim. */
export type ClaimTrigger = 'start' | 'notify' | 'timer' | 'completion' | 'poll';

/** Observable steps, for metrics and tests. */
export type DispatchEvent =
  | { type: 'claim'; trigger: ClaimTrigger; claimed: number }
  | {
      type: 'attempt';
      messageId: string;
      endpointId: string;
      attemptNumber: number;
      result: DeliveryResult;
      status: MessageStatus;
      applied: boolean;
      nextAttemptAt?: EpochMs;
    }
  | { type: 'released'; messageId: string; endpointId: string }
  | { type: 'endpoint_disabled'; endpointId: string; reason: string };

/** Options of {@link Dispatcher}. Only the first four are required. */
export interface DispatcherOptions {
  store: OutboxStore;
  sender: Sender;
  /** The SDK's `signWebhook`, or any function of that shape. */
  sign: SignWebhook;
  /** Wall clock, epoch ms. Drives due times, leases, signed timestamps and the disable period. */
  nowMs: () => EpochMs;
  /** Jitter source for the retry table; default `Math.random`. */
  random?: RandomSource;
  logger?: DispatchLogger;
  onEvent?: (event: DispatchEvent) => void;
  /** Lease holder name; default `dispatcher-<random>`. Use host and pid in production. */
  workerId?: string;
  /** Deliveries in flight at once, overall. Default 32. */
  concurrency?: number;
  /** Of those, at most this many retries, so new messages always find a slot. Default half. */
  retryConcurrency?: number;
  /** Deliveries in flight per endpoint (across workers). Default 4. */
  maxInFlightPerEndpoint?: number;
  /** The same for an endpoint that is currently failing. Default 1. */
  maxInFlightPerFailingEndpoint?: number;
  /** Lease length; extended every half of it while a send lasts. Default 60 s. */
  leaseMs?: number;
  /** Fallback poll (messages enqueued by another process). Default 2 s. */
  pollIntervalMs?: number;
  /** Per-attempt deadline passed to the sender. Default: the sender's (15 s). */
  timeoutMs?: number;
  /** Retry table; default `RETRY_DELAYS_MS`. */
  retryDelaysMs?: readonly number[];
  /** Disable an endpoint whose attempts have all failed for this long. Default 24 h. */
  disableAfterFailingMs?: number;
}

/** Options of {@link Dispatcher.stop}. */
export interface StopOptions {
  /** How long to let in-flight sends finish before aborting them and releasing their leases. Default 10 s. */
  timeoutMs?: number;
}

interface InFlight {
  claim: ClaimedMessage;
  done: Promise<void>;
}

const noopLogger: DispatchLogger = { info() {}, warn() {}, error() {} };

/**
 * The delivery engine. One per process; several processes may share a store (leases keep them apart).
 *
 * @example
 * const dispatcher = new Dispatcher({ store, sender, sign: signWebhook, nowMs: () => Date.now(), logger: app.log });
 * dispatcher.start();
 * await ingest(rows); // commits mutations and outbox messages together
 * dispatcher.notify(); // sent within milliseconds
 * await dispatcher.stop();
 */
export class Dispatcher {
  readonly #o: Required<Omit<DispatcherOptions, 'timeoutMs' | 'retryDelaysMs' | 'onEvent'>> &
    Pick<DispatcherOptions, 'timeoutMs' | 'retryDelaysMs' | 'onEvent'>;
  readonly #inFlight = new Map<string, InFlight>();
  #retriesInFlight = 0;
  #running = false;
  #activePump: Promise<number> | undefined;
  #queuedPump: Promise<number> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #leaseTimer: NodeJS.Timeout | undefined;
  #stopSignal = new AbortController();
  #refill: Promise<number> | undefined;

  constructor(options: DispatcherOptions) {
    const concurrency = positive(options.concurrency ?? 32, 'concurrency');
    this.#o = {
      ...options,
      random: options.random ?? Math.random,
      logger: options.logger ?? noopLogger,
      workerId: options.workerId ?? `dispatcher-${randomUUID().slice(0, 8)}`,
      concurrency,
      retryConcurrency: Math.min(
        positive(options.retryConcurrency ?? Math.max(1, Math.floor(concurrency / 2)), 'retryConcurrency'),
        concurrency,
      ),
      maxInFlightPerEndpoint: positive(options.maxInFlightPerEndpoint ?? 4, 'maxInFlightPerEndpoint'),
      maxInFlightPerFailingEndpoint: positive(
        options.maxInFlightPerFailingEndpoint ?? 1,
        'maxInFlightPerFailingEndpoint',
      ),
      leaseMs: positive(options.leaseMs ?? 60_000, 'leaseMs'),
      pollIntervalMs: positive(options.pollIntervalMs ?? 2_000, 'pollIntervalMs'),
      disableAfterFailingMs: positive(
        options.disableAfterFailingMs ?? 24 * 60 * 60 * 1000,
        'disableAfterFailingMs',
      ),
    };
  }

  /** Starts claiming: at once, then on every wake-up. Idempotent. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#stopSignal = new AbortController();
    // One timer extends every lease in flight; sends shorter than half a lease never need it.
    this.#leaseTimer = setInterval(() => this.#extendLeases(), this.#o.leaseMs / 2);
    void this.#pump('start');
  }

  /** Wakes the dispatcher now; call it right after a transaction that enqueued messages commits. */
  notify(): void {
    if (this.#running) void this.#pump('notify');
  }

  /**
   * Claims and starts due messages now and resolves with how many were started (0 when stopped).
   * For tests, tools and the resend route; normal wake-ups use {@link Dispatcher.notify}.
   */
  poll(): Promise<number> {
    return this.#running ? this.#pump('poll') : Promise.resolve(0);
  }

  /** Resolves when no claim and no delivery is running (after follow-up claims settle too). */
  async idle(): Promise<void> {
    for (;;) {
      const pending: Array<Promise<unknown>> = [...this.#inFlight.values()].map((f) => f.done);
      if (this.#activePump !== undefined) pending.push(this.#activePump);
      if (this.#queuedPump !== undefined) pending.push(this.#queuedPump);
      if (this.#refill !== undefined) pending.push(this.#refill);
      if (pending.length === 0) return;
      await Promise.allSettled(pending);
    }
  }

  /**
   * Stops claiming, waits up to `timeoutMs` for in-flight sends, then aborts the rest and releases
   * their leases so the next start (here or in another process) sends them at once.
   */
  async stop(options: StopOptions = {}): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    clearTimeout(this.#timer);
    await Promise.allSettled([this.#activePump, this.#queuedPump, this.#refill]);
    const drained = Promise.allSettled([...this.#inFlight.values()].map((f) => f.done));
    let deadline: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      deadline = setTimeout(() => resolve('timeout'), options.timeoutMs ?? 10_000);
    });
    if ((await Promise.race([drained, timedOut])) === 'timeout') {
      this.#stopSignal.abort();
      await drained;
    }
    clearTimeout(deadline);
    clearInterval(this.#leaseTimer);
  }

  // At most one claim cycle runs; wake-ups during it coalesce into one more cycle after it.
  #pump(trigger: ClaimTrigger): Promise<number> {
    if (this.#queuedPump !== undefined) return this.#queuedPump;
    if (this.#activePump === undefined) return this.#startCycle(trigger);
    const queued = this.#activePump.then(() => {
      this.#queuedPump = undefined;
      return this.#startCycle(trigger);
    });
    this.#queuedPump = queued;
    return queued;
  }

  #startCycle(trigger: ClaimTrigger): Promise<number> {
    const cycle = this.#claimCycle(trigger).finally(() => {
      if (this.#activePump === cycle) this.#activePump = undefined;
    });
    this.#activePump = cycle;
    return cycle;
  }

  async #claimCycle(trigger: ClaimTrigger): Promise<number> {
    const o = this.#o;
    let started = 0;
    let drained = false;
    try {
      while (this.#running) {
        const free = o.concurrency - this.#inFlight.size;
        if (free <= 0) break;
        const base = {
          leaseMs: o.leaseMs,
          workerId: o.workerId,
          maxInFlightPerEndpoint: o.maxInFlightPerEndpoint,
          maxInFlightPerFailingEndpoint: o.maxInFlightPerFailingEndpoint,
        };
        const first = await o.store.claimDue({ ...base, now: o.nowMs(), limit: free, phase: 'first' });
        for (const claim of first) this.#launch(claim, false);
        const retryFree = Math.min(
          o.concurrency - this.#inFlight.size,
          o.retryConcurrency - this.#retriesInFlight,
        );
        const retries =
          retryFree > 0
            ? await o.store.claimDue({ ...base, now: o.nowMs(), limit: retryFree, phase: 'retry' })
            : [];
        for (const claim of retries) this.#launch(claim, true);
        const claimed = first.length + retries.length;
        o.onEvent?.({ type: 'claim', trigger, claimed });
        started += claimed;
        // Both lanes came back short: nothing else is due now. (A full retry lane is refilled by the
        // completion of one of its retries.)
        if (first.length < free && (retryFree <= 0 || retries.length < retryFree)) {
          drained = true;
          break;
        }
      }
      if (drained) await this.#armTimer();
    } catch (error) {
      o.logger.error({ err: error, workerId: o.workerId }, 'webhook dispatcher: claiming failed');
      this.#armTimerAfter(o.pollIntervalMs);
    }
    return started;
  }

  // Wakes at the next due retry or lease expiry, polling at least every pollIntervalMs for messages
  // enqueued by other processes. While deliveries run, their completions wake the dispatcher anyway.
  async #armTimer(): Promise<void> {
    const now = this.#o.nowMs();
    const wakeAt = await this.#o.store.nextWakeAt({ now });
    const untilWake = wakeAt === undefined ? Number.POSITIVE_INFINITY : wakeAt - now;
    this.#armTimerAfter(Math.min(Math.max(untilWake, 0), this.#o.pollIntervalMs));
  }

  #armTimerAfter(delayMs: number): void {
    clearTimeout(this.#timer);
    if (!this.#running) return;
    // Not unref'd: a worker process that only dispatches must stay up while idle; stop() clears it.
    this.#timer = setTimeout(() => void this.#pump('timer'), delayMs);
  }

  // Completions that land in the same turn of the event loop share one claim instead of one each.
  #refillSoon(): void {
    if (this.#refill !== undefined || !this.#running) return;
    this.#refill = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      this.#refill = undefined;
      return this.#running ? this.#pump('completion') : 0;
    });
  }

  #launch(claim: ClaimedMessage, isRetry: boolean): void {
    if (isRetry) this.#retriesInFlight += 1;
    const done = this.#deliver(claim, this.#stopSignal.signal)
      .catch((error: unknown) => {
        // The lease is left to expire: the message is retried, never lost.
        this.#o.logger.error(
          { err: error, messageId: claim.message.id },
          'webhook delivery: bookkeeping failed',
        );
      })
      .finally(() => {
        this.#inFlight.delete(claim.message.id);
        if (isRetry) this.#retriesInFlight -= 1;
        this.#refillSoon();
      });
    this.#inFlight.set(claim.message.id, { claim, done });
  }

  async #deliver(claim: ClaimedMessage, signal: AbortSignal): Promise<void> {
    const o = this.#o;
    const { message, endpoint, lease } = claim;
    const { startedAt, result } = await sendSignedMessage({
      sender: o.sender,
      sign: o.sign,
      nowMs: o.nowMs,
      message: {
        url: endpoint.url,
        webhookId: message.id,
        payload: message.payload,
        apiKey: claim.apiKey,
        secrets: endpoint.secrets,
        standardSignature: endpoint.standardSignature,
      },
      signal,
      timeoutMs: o.timeoutMs,
    });
    if (result.kind === 'aborted') {
      await o.store.releaseLease({ messageId: message.id, leaseToken: lease.token });
      o.onEvent?.({ type: 'released', messageId: message.id, endpointId: endpoint.id });
      return;
    }
    const now = o.nowMs();
    const decision = decideAfterAttempt({
      attemptNumber: claim.attemptNumber,
      now,
      result,
      random: o.random,
      retryDelaysMs: o.retryDelaysMs,
    });
    const recorded = await o.store.recordAttempt({
      leaseToken: lease.token,
      now,
      decision,
      attempt: {
        messageId: message.id,
        endpointId: endpoint.id,
        attemptNumber: claim.attemptNumber,
        startedAt,
        latencyMs: result.latencyMs,
        outcome: result.outcome,
        kind: result.kind,
        workerId: o.workerId,
        statusCode: result.statusCode,
        error: result.error,
        responseSnippet: result.responseSnippet,
      },
    });
    o.logger.info(
      {
        messageId: message.id,
        endpointId: endpoint.id,
        attempt: claim.attemptNumber,
        outcome: result.outcome,
        kind: result.kind,
        statusCode: result.statusCode,
        latencyMs: result.latencyMs,
        status: recorded.status,
      },
      'webhook delivery attempt',
    );
    o.onEvent?.({
      type: 'attempt',
      messageId: message.id,
      endpointId: endpoint.id,
      attemptNumber: claim.attemptNumber,
      result,
      status: recorded.status,
      applied: recorded.applied,
      nextAttemptAt: decision.status === 'retry' ? decision.nextAttemptAt : undefined,
    });
    await this.#maybeDisable(recorded.endpoint, result, now);
  }

  #extendLeases(): void {
    const o = this.#o;
    for (const { claim } of this.#inFlight.values()) {
      const { message, lease } = claim;
      o.store
        .extendLease({ messageId: message.id, leaseToken: lease.token, now: o.nowMs(), leaseMs: o.leaseMs })
        .catch((error: unknown) =>
          o.logger.warn({ err: error, messageId: message.id }, 'lease extension failed'),
        );
    }
  }

  async #maybeDisable(health: EndpointHealth, result: DeliveryResult, now: EpochMs): Promise<void> {
    const reason = disableReason({
      health,
      result,
      now,
      disableAfterFailingMs: this.#o.disableAfterFailingMs,
    });
    if (reason === undefined) return;
    if (await this.#o.store.disableEndpoint({ endpointId: health.id, reason, now })) {
      this.#o.logger.warn({ endpointId: health.id, reason }, 'webhook endpoint disabled');
      this.#o.onEvent?.({ type: 'endpoint_disabled', endpointId: health.id, reason });
    }
  }
}

function positive(value: number, name: string): number {
  if (!(value > 0)) throw new RangeError(`${name} must be positive, got ${value}`);
  return value;
}

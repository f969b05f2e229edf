/**
 * @module dispatch/outbox-store
 * What the dispatcher needs from the database: claim due messages under a lease, record each
 * attempt with its outcome, give leases back, and read and change endpoint health. Policy (the retry
 * table, when to disable) stays in the dispatcher; the store gets plain times and decisions.
 *
 * All times are epoch milliseconds (UTC), passed in by the caller: a store never reads a clock, so
 * the contract suite (`outbox-store.contract.ts`) can drive any implementation through time.
 */
import type { DeliveryKind, DeliveryOutcome } from './sender.js';

/** Milliseconds since the Unix epoch, UTC. */
export type EpochMs = number;

/** `pending` until delivered, or `failed` once the last attempt failed. Both others are final. */
export type MessageStatus = 'pending' | 'delivered' | 'failed';

/** One webhook message in the outbox: one batch of new mutations of one account, for one endpoint. */
export interface OutboxMessage {
  /** UUID; the same on every attempt, sent as `X-Mutasibank-Webhook-Id`. */
  id: string;
  /**
   * Creation order, assigned by the store when the message is enqueued (an autoincrement key):
   * strictly increasing, so ties of `createdAt` still have an order.
   */
  sequence: number;
  endpointId: string;
  accountId: number;
  createdAt: EpochMs;
  /** Attempts started so far; a claim counts one (see {@link OutboxStore.claimDue}). */
  attempts: number;
  /** Not claimed before this time. Equal to `createdAt` for a new message. */
  nextAttemptAt: EpochMs;
  status: MessageStatus;
  /**
   * The JSON object to send, as text, without `api_key`: `{"account_id":1,...,"data_mutasi":[...]}`.
   * The dispatcher renders the body from it and the claim's `apiKey` (see `renderWebhookBody`), so the
   * owner's token is never copied into the outbox.
   */
  payload: string;
}

/** A receiver of webhooks: a webhook row, or an account's `url_callback`. */
export interface Endpoint {
  id: string;
  url: string;
  /**
   * Secrets that sign right now: the current one first, then a previous one still inside its rotation
   * grace period. The store drops expired secrets; an empty list means the message cannot be signed.
   */
  secrets: readonly string[];
  /** Also send the Standard-Webhooks headers (`webhook-id`, `webhook-timestamp`, `webhook-signature`). */
  standardSignature: boolean;
  /** Deliver messages of one account in creation order (default). `false` lets them overtake. */
  ordered: boolean;
  /** Put the account owner's API token in the body as `api_key` (the compatible default). */
  includeApiKey: boolean;
  /** Inactive endpoints get nothing; their pending messages wait until re-enabled. */
  isActive: boolean;
  /** Why the endpoint was disabled, written for its owner; `null` while active. */
  disabledReason: string | null;
  /** Time of the first failed attempt since the last success; `null` when the last attempt succeeded. */
  failingSince: EpochMs | null;
}

/** The health part of an endpoint, as {@link OutboxStore.recordAttempt} returns it. */
export type EndpointHealth = Pick<Endpoint, 'id' | 'isActive' | 'disabledReason' | 'failingSince'>;

/** A new endpoint, for seeding a store in tests; health fields default to active and not failing. */
export type EndpointSeed = Pick<Endpoint, 'id' | 'url' | 'secrets'> &
  Partial<Omit<Endpoint, 'id' | 'url' | 'secrets'>>;

/**
 * A new message, as the ingest transaction inserts it: `pending`, `attempts` 0, due at `createdAt`,
 * `sequence` assigned by the store.
 */
export interface NewOutboxMessage {
  id: string;
  endpointId: string;
  accountId: number;
  payload: string;
  createdAt: EpochMs;
}

/** Arguments of {@link OutboxStore.claimDue}. */
export interface ClaimRequest {
  now: EpochMs;
  /** Most messages to return. */
  limit: number;
  /** The lease lasts until `now + leaseMs`. */
  leaseMs: number;
  /** Who holds the lease (host and process); for operators, not for fencing. */
  workerId: string;
  /** Most unexpired leases one endpoint may hold, across all workers. */
  maxInFlightPerEndpoint: number;
  /** The same cap for an endpoint whose `failingSince` is set (a dead endpoint gets fewer slots). */
  maxInFlightPerFailingEndpoint: number;
  /**
   * `first`: only messages never attempted (`attempts = 0`); `retry`: only the others; omitted: both,
   * first attempts ahead of retries. The dispatcher claims the two lanes separately, so retries of a
   * dead endpoint can never fill the slots that new messages need.
   */
  phase?: 'first' | 'retry';
}

/** A lease on one message. Only the holder of `token` may record, extend or release it. */
export interface Lease {
  token: string;
  workerId: string;
  expiresAt: EpochMs;
}

/** A message handed to a worker, with what it takes to send it. */
export interface ClaimedMessage {
  /** The message as it is after the claim (`attempts` already counts this one). */
  message: OutboxMessage;
  endpoint: Endpoint;
  /** 1-based number of the attempt about to be made: `message.attempts`. */
  attemptNumber: number;
  lease: Lease;
  /**
   * The account owner's API token, decrypted at claim time, when `endpoint.includeApiKey` is set and the
   * owner has one. Never persisted by the dispatcher, never logged.
   */
  apiKey?: string;
}

/** One attempt, as it goes in the attempt log. Messages say what happened; they hold no secrets. */
export interface AttemptRecord {
  messageId: string;
  endpointId: string;
  attemptNumber: number;
  startedAt: EpochMs;
  latencyMs: number;
  outcome: DeliveryOutcome;
  kind: DeliveryKind;
  statusCode?: number;
  error?: string;
  responseSnippet?: string;
  workerId: string;
}

/** What to do with the message after an attempt; computed by the dispatcher from the retry table. */
export type AttemptDecision =
  | { status: 'delivered' }
  | { status: 'retry'; nextAttemptAt: EpochMs }
  | { status: 'failed' };

/** Arguments of {@link OutboxStore.recordAttempt}. */
export interface RecordAttemptRequest {
  leaseToken: string;
  attempt: AttemptRecord;
  decision: AttemptDecision;
  now: EpochMs;
}

/** Result of {@link OutboxStore.recordAttempt}. */
export interface RecordAttemptResult {
  /** Whether the decision changed the message (false: lease lost, or the message was already final). */
  applied: boolean;
  /** The message's status after the call. */
  status: MessageStatus;
  /** The endpoint's health after the call, to decide on disabling it. */
  endpoint: EndpointHealth;
}

/**
 * The dispatcher's view of the outbox. Enqueueing is not here: it belongs to the ingest transaction
 * that stores the mutations (same commit, so a message exists if and only if its mutations do).
 *
 * Every method is atomic. Implementations: `MemoryOutboxStore` (tests, bench) and the SQL store,
 * which must pass `runOutboxStoreContract`.
 */
export interface OutboxStore {
  /**
   * Leases up to `limit` due messages to `workerId` and returns them with their endpoint. A message
   * is claimable when all of these hold at `now`:
   * - `status` is `pending` and `nextAttemptAt <= now`;
   * - it has no lease, or its lease expired (`expiresAt <= now`: the holder died or hung, so the
   *   message is claimable again and never stuck);
   * - its endpoint is active;
   * - if the endpoint is `ordered`, no other `pending` message of the same endpoint and account has a
   *   lower `sequence` (delivered and failed ones do not block): the head of the line goes first,
   *   whether it is leased, due or waiting for a retry;
   * - the endpoint holds fewer unexpired leases than its cap (`maxInFlightPerEndpoint`, or
   *   `maxInFlightPerFailingEndpoint` while `failingSince` is set), counting leases of every worker;
   * - it matches `phase`.
   *
   * Order: first attempts by `sequence`, then retries by `nextAttemptAt` then `sequence`; a capped
   * endpoint is skipped, not waited for, so other endpoints fill the rest of `limit`. Each claimed
   * message gets a fresh lease token, `expiresAt = now + leaseMs`, and `attempts + 1`. Concurrent
   * calls (several workers) never lease one message twice. SQL sketch: a `row_number() over
   * (partition by endpoint_id order by sequence)` against the cap, `for update skip locked` on
   * PostgreSQL, one writer transaction on SQLite.
   */
  claimDue(request: ClaimRequest): Promise<ClaimedMessage[]>;

  /**
   * Appends `attempt` to the attempt log and applies `decision`, in one transaction:
   * - the attempt is always logged (it happened, whoever holds the lease now);
   * - a final message (`delivered`, `failed`) is never changed: `applied: false`;
   * - `delivered` always applies (the receiver has it), clearing any lease;
   * - `retry` (sets `nextAttemptAt`) and `failed` apply only if `leaseToken` still holds the lease,
   *   expired or not; if another worker re-claimed the message, its own record decides;
   * - the endpoint's `failingSince` is cleared by a `delivered` attempt, and set to
   *   `attempt.startedAt` by any other outcome when it was `null` (later failures keep it).
   */
  recordAttempt(request: RecordAttemptRequest): Promise<RecordAttemptResult>;

  /**
   * Gives a claimed message back unsent (shutdown, or an attempt aborted before an outcome): clears the
   * lease and undoes the claim's `attempts + 1`, leaving `nextAttemptAt`, so the message is claimable
   * at once. Returns false (and changes nothing) when `leaseToken` no longer holds the lease.
   */
  releaseLease(request: { messageId: string; leaseToken: string }): Promise<boolean>;

  /**
   * Moves the lease's expiry to `now + leaseMs` for a long send. Returns false when `leaseToken` no
   * longer holds the lease or the message is final.
   */
  extendLease(request: {
    messageId: string;
    leaseToken: string;
    now: EpochMs;
    leaseMs: number;
  }): Promise<boolean>;

  /**
   * The earliest time after `now` at which a pending message of an active endpoint becomes due or its
   * lease expires; `undefined` when nothing is waiting. It ignores ordering and caps (those change
   * only when an attempt ends, which wakes the dispatcher anyway), so it may be early, never late.
   */
  nextWakeAt(request: { now: EpochMs }): Promise<EpochMs | undefined>;

  /**
   * Disables an endpoint with a reason its owner can read. Idempotent: returns false, keeping the first
   * reason, when the endpoint was already inactive. Pending messages stay pending, not claimed.
   */
  disableEndpoint(request: { endpointId: string; reason: string; now: EpochMs }): Promise<boolean>;

  /** The endpoint with its current health, or `undefined`. `secrets` as {@link Endpoint.secrets}. */
  getEndpoint(endpointId: string): Promise<Endpoint | undefined>;

  /** A message, or `undefined`. */
  getMessage(messageId: string): Promise<OutboxMessage | undefined>;

  /** The attempt log of a message, oldest first. */
  listAttempts(messageId: string): Promise<AttemptRecord[]>;

  /**
   * "Send again now" (the resend route): makes the message `pending` and due at `now`, keeping its id
   * and counting attempts on. Returns false when there is no such message.
   */
  requeueMessage(request: { messageId: string; now: EpochMs }): Promise<boolean>;
}

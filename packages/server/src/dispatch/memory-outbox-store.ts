/**
 * @module dispatch/memory-outbox-store
 * An in-memory {@link OutboxStore} for tests, the bench and a single-process dev server without a
 * database. Each method runs to completion without yielding, which makes it atomic in one process.
 * It loses everything on exit; production uses the SQL store.
 */
import { randomUUID } from 'node:crypto';
import type {
  AttemptRecord,
  ClaimedMessage,
  ClaimRequest,
  Endpoint,
  EndpointSeed,
  EpochMs,
  Lease,
  NewOutboxMessage,
  OutboxMessage,
  OutboxStore,
  RecordAttemptRequest,
  RecordAttemptResult,
} from './outbox-store.js';

interface MessageRow extends OutboxMessage {
  lease: Lease | null;
}

/**
 * In-memory outbox. Beyond {@link OutboxStore} it has the seeding methods the ingest path and the
 * webhook routes would provide against SQL: {@link MemoryOutboxStore.addEndpoint},
 * {@link MemoryOutboxStore.enqueue}, {@link MemoryOutboxStore.updateEndpoint},
 * {@link MemoryOutboxStore.setApiKey}.
 *
 * @example
 * const store = new MemoryOutboxStore();
 * store.addEndpoint({ id: 'wh_1', url: 'http://127.0.0.1:3000/hook', secrets: ['s3cret'] });
 * store.enqueue({ id: randomUUID(), endpointId: 'wh_1', accountId: 1, payload: '{"account_id":1,"data_mutasi":[]}', createdAt: Date.now() });
 * dispatcher.notify();
 */
export class MemoryOutboxStore implements OutboxStore {
  readonly #endpoints = new Map<string, Endpoint>();
  readonly #messages = new Map<string, MessageRow>();
  // Pending rows only, in sequence order: claims scan this, not every message ever enqueued.
  #pending = new Map<string, MessageRow>();
  // Rows holding a lease (possibly expired), so counting in-flight per endpoint needs no full scan.
  readonly #leased = new Set<MessageRow>();
  readonly #attempts = new Map<string, AttemptRecord[]>();
  readonly #apiKeys = new Map<number, string>();
  #sequence = 0;

  /** Adds or replaces an endpoint. */
  addEndpoint(seed: EndpointSeed): Endpoint {
    const endpoint: Endpoint = {
      standardSignature: false,
      ordered: true,
      includeApiKey: true,
      isActive: true,
      disabledReason: null,
      failingSince: null,
      ...seed,
      secrets: [...seed.secrets],
    };
    this.#endpoints.set(endpoint.id, endpoint);
    return { ...endpoint };
  }

  /** Changes endpoint fields (re-enable, rotate secrets, opt out of ordering). */
  updateEndpoint(endpointId: string, patch: Partial<Omit<Endpoint, 'id'>>): void {
    const endpoint = this.#endpoints.get(endpointId);
    if (endpoint === undefined) throw new Error(`no endpoint ${endpointId}`);
    Object.assign(endpoint, patch);
  }

  /** Sets (or, with `undefined`, removes) the API token of an account's owner. */
  setApiKey(accountId: number, apiKey: string | undefined): void {
    if (apiKey === undefined) this.#apiKeys.delete(accountId);
    else this.#apiKeys.set(accountId, apiKey);
  }

  /** Adds a pending message, due at once; the store assigns `sequence`. */
  enqueue(input: NewOutboxMessage): OutboxMessage {
    if (this.#messages.has(input.id)) throw new Error(`duplicate message id ${input.id}`);
    if (!this.#endpoints.has(input.endpointId)) throw new Error(`no endpoint ${input.endpointId}`);
    this.#sequence += 1;
    const row: MessageRow = {
      ...input,
      sequence: this.#sequence,
      attempts: 0,
      nextAttemptAt: input.createdAt,
      status: 'pending',
      lease: null,
    };
    this.#messages.set(row.id, row);
    this.#pending.set(row.id, row);
    return toMessage(row);
  }

  async claimDue(request: ClaimRequest): Promise<ClaimedMessage[]> {
    const { now } = request;
    const held = new Map<string, number>();
    for (const row of this.#leased) {
      if (isLeased(row, now)) held.set(row.endpointId, (held.get(row.endpointId) ?? 0) + 1);
    }
    const claimed: ClaimedMessage[] = [];
    const take = (row: MessageRow, endpoint: Endpoint) => {
      const cap =
        endpoint.failingSince === null
          ? request.maxInFlightPerEndpoint
          : request.maxInFlightPerFailingEndpoint;
      const count = held.get(row.endpointId) ?? 0;
      if (count >= cap) return; // skipped, not waited for: other endpoints fill the limit
      held.set(row.endpointId, count + 1);
      claimed.push(this.#claim(row, endpoint, request));
    };
    const seenLines = new Map<string, Set<number>>();
    const retries: Array<[MessageRow, Endpoint]> = [];
    // #pending iterates in sequence order: the first row seen of an ordered line is its head, and
    // first attempts are claimed in order as they are met, so the scan stops once the limit is full.
    for (const row of this.#pending.values()) {
      if (claimed.length >= request.limit) break;
      const endpoint = this.#endpoints.get(row.endpointId);
      if (endpoint === undefined || !endpoint.isActive) continue;
      if (endpoint.ordered) {
        const accounts = seenLines.get(row.endpointId) ?? new Set<number>();
        seenLines.set(row.endpointId, accounts);
        if (accounts.has(row.accountId)) continue;
        accounts.add(row.accountId);
      }
      if (row.nextAttemptAt > now || isLeased(row, now)) continue;
      if (row.attempts === 0) {
        if (request.phase !== 'retry') take(row, endpoint);
      } else if (request.phase !== 'first') {
        retries.push([row, endpoint]);
      }
    }
    retries.sort(([a], [b]) => a.nextAttemptAt - b.nextAttemptAt || a.sequence - b.sequence);
    for (const [row, endpoint] of retries) {
      if (claimed.length >= request.limit) break;
      take(row, endpoint);
    }
    return claimed;
  }

  #claim(row: MessageRow, endpoint: Endpoint, request: ClaimRequest): ClaimedMessage {
    const lease: Lease = {
      token: randomUUID(),
      workerId: request.workerId,
      expiresAt: request.now + request.leaseMs,
    };
    row.attempts += 1;
    this.#setLease(row, lease);
    return {
      message: toMessage(row),
      endpoint: { ...endpoint, secrets: [...endpoint.secrets] },
      attemptNumber: row.attempts,
      lease: { ...lease },
      apiKey: endpoint.includeApiKey ? this.#apiKeys.get(row.accountId) : undefined,
    };
  }

  #setLease(row: MessageRow, lease: Lease | null): void {
    row.lease = lease;
    if (lease === null) this.#leased.delete(row);
    else this.#leased.add(row);
  }

  async recordAttempt(request: RecordAttemptRequest): Promise<RecordAttemptResult> {
    const { attempt, decision } = request;
    const row = this.#messages.get(attempt.messageId);
    const endpoint = this.#endpoints.get(attempt.endpointId);
    if (row === undefined || endpoint === undefined) throw new Error(`no message ${attempt.messageId}`);
    const log = this.#attempts.get(row.id) ?? [];
    log.push({ ...attempt });
    this.#attempts.set(row.id, log);

    if (attempt.outcome === 'delivered') endpoint.failingSince = null;
    else endpoint.failingSince ??= attempt.startedAt;

    const holdsLease = row.lease?.token === request.leaseToken;
    let applied = false;
    if (row.status === 'pending' && (decision.status === 'delivered' || holdsLease)) {
      applied = true;
      this.#setLease(row, null);
      if (decision.status === 'retry') row.nextAttemptAt = decision.nextAttemptAt;
      else {
        row.status = decision.status;
        this.#pending.delete(row.id);
      }
    }
    return { applied, status: row.status, endpoint: healthOf(endpoint) };
  }

  async releaseLease(request: { messageId: string; leaseToken: string }): Promise<boolean> {
    const row = this.#messages.get(request.messageId);
    if (row === undefined || row.status !== 'pending' || row.lease?.token !== request.leaseToken)
      return false;
    this.#setLease(row, null);
    row.attempts = Math.max(0, row.attempts - 1);
    return true;
  }

  async extendLease(request: {
    messageId: string;
    leaseToken: string;
    now: EpochMs;
    leaseMs: number;
  }): Promise<boolean> {
    const row = this.#messages.get(request.messageId);
    if (row === undefined || row.status !== 'pending' || row.lease?.token !== request.leaseToken)
      return false;
    row.lease.expiresAt = request.now + request.leaseMs;
    return true;
  }

  async nextWakeAt(request: { now: EpochMs }): Promise<EpochMs | undefined> {
    let earliest: EpochMs | undefined;
    for (const row of this.#pending.values()) {
      if (this.#endpoints.get(row.endpointId)?.isActive !== true) continue;
      const at = isLeased(row, request.now) && row.lease !== null ? row.lease.expiresAt : row.nextAttemptAt;
      if (at > request.now && (earliest === undefined || at < earliest)) earliest = at;
    }
    return earliest;
  }

  async disableEndpoint(request: { endpointId: string; reason: string; now: EpochMs }): Promise<boolean> {
    const endpoint = this.#endpoints.get(request.endpointId);
    if (endpoint === undefined || !endpoint.isActive) return false;
    endpoint.isActive = false;
    endpoint.disabledReason = request.reason;
    return true;
  }

  async getEndpoint(endpointId: string): Promise<Endpoint | undefined> {
    const endpoint = this.#endpoints.get(endpointId);
    return endpoint === undefined ? undefined : { ...endpoint, secrets: [...endpoint.secrets] };
  }

  async getMessage(messageId: string): Promise<OutboxMessage | undefined> {
    const row = this.#messages.get(messageId);
    return row === undefined ? undefined : toMessage(row);
  }

  async listAttempts(messageId: string): Promise<AttemptRecord[]> {
    return (this.#attempts.get(messageId) ?? []).map((attempt) => ({ ...attempt }));
  }

  async requeueMessage(request: { messageId: string; now: EpochMs }): Promise<boolean> {
    const row = this.#messages.get(request.messageId);
    if (row === undefined) return false;
    row.nextAttemptAt = request.now;
    if (row.status !== 'pending') {
      row.status = 'pending';
      this.#pending.set(row.id, row);
      this.#pending = new Map([...this.#pending].sort(([, a], [, b]) => a.sequence - b.sequence));
    }
    return true;
  }
}

function isLeased(row: MessageRow, now: EpochMs): boolean {
  return row.lease !== null && row.lease.expiresAt > now;
}

function toMessage(row: MessageRow): OutboxMessage {
  const { lease: _lease, ...message } = row;
  return message;
}

function healthOf(endpoint: Endpoint): RecordAttemptResult['endpoint'] {
  return {
    id: endpoint.id,
    isActive: endpoint.isActive,
    disabledReason: endpoint.disabledReason,
    failingSince: endpoint.failingSince,
  };
}

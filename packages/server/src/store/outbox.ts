/**
 * @module store/outbox
 * The webhook outbox on SQL: the {@link OutboxStore} the dispatcher drains, plus the inserts the
 * ingest transaction makes. Endpoint ids are webhook ids as text. Claims run in one write
 * transaction: SQLite admits one writer at a time, and on PostgreSQL a transaction-scoped advisory
 * lock serialises claimers, so the per-endpoint in-flight cap holds across nodes (claims are short;
 * the sends happen outside the transaction).
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Clock } from '../clock.js';
import type {
  AttemptRecord,
  ClaimedMessage,
  ClaimRequest,
  Endpoint,
  EndpointHealth,
  EpochMs,
  OutboxMessage,
  OutboxStore,
  RecordAttemptRequest,
  RecordAttemptResult,
} from '../dispatch/outbox-store.js';
import type { DeliveryKind, DeliveryOutcome } from '../dispatch/sender.js';
import type { SecretBox } from '../security/secret-box.js';
import type { StoreDatabase } from './dialects/dialect.js';
import type { Database, OutboxAttemptRow, OutboxMessageRow, WebhookRow } from './schema.js';
import type { UsersRepository } from './users.js';

/** A message as the ingest path inserts it. */
export interface NewMessage {
  id: string;
  endpointId: number;
  accountId: number;
  kind: string;
  payload: string;
  createdAt: number;
}

const CLAIM_LOCK = 727_310_001;

/** A claim candidate: the message row and its endpoint's columns (prefixed `w_`). */
type Candidate = OutboxMessageRow & {
  w_url: string;
  w_user_id: number;
  w_secret_sealed: string;
  w_previous_secret_sealed: string | null;
  w_previous_secret_expires_at: number | null;
  w_standard_signature: number;
  w_ordered: number;
  w_include_api_key: number;
  w_is_active: number;
  w_disabled_reason: string | null;
  w_failing_since: number | null;
};

type EndpointRow = Pick<
  WebhookRow,
  | 'id'
  | 'url'
  | 'user_id'
  | 'secret_sealed'
  | 'previous_secret_sealed'
  | 'previous_secret_expires_at'
  | 'standard_signature'
  | 'ordered'
  | 'include_api_key'
  | 'is_active'
  | 'disabled_reason'
  | 'failing_since'
>;

function toMessage(row: OutboxMessageRow): OutboxMessage {
  return {
    id: row.id,
    sequence: row.seq,
    endpointId: String(row.endpoint_id),
    accountId: row.account_id,
    createdAt: row.created_at,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    status: row.status,
    payload: row.payload,
  };
}

function toAttempt(row: OutboxAttemptRow): AttemptRecord {
  return {
    messageId: row.message_id,
    endpointId: String(row.endpoint_id),
    attemptNumber: row.attempt_number,
    startedAt: row.started_at,
    latencyMs: row.latency_ms,
    outcome: row.outcome as DeliveryOutcome,
    kind: row.kind as DeliveryKind,
    ...(row.status_code !== null && { statusCode: row.status_code }),
    ...(row.error !== null && { error: row.error }),
    ...(row.response_snippet !== null && { responseSnippet: row.response_snippet }),
    workerId: row.worker_id,
  };
}

function health(
  row: Pick<WebhookRow, 'id' | 'is_active' | 'disabled_reason' | 'failing_since'>,
): EndpointHealth {
  return {
    id: String(row.id),
    isActive: row.is_active === 1,
    disabledReason: row.disabled_reason,
    failingSince: row.failing_since,
  };
}

/** Parses an endpoint id; ids that are not webhook ids match nothing. */
function endpointNumber(id: string): number {
  return /^\d{1,10}$/.test(id) ? Number(id) : -1;
}

const ENDPOINT_COLUMNS = [
  'webhooks.id',
  'webhooks.url',
  'webhooks.user_id',
  'webhooks.secret_sealed',
  'webhooks.previous_secret_sealed',
  'webhooks.previous_secret_expires_at',
  'webhooks.standard_signature',
  'webhooks.ordered',
  'webhooks.include_api_key',
  'webhooks.is_active',
  'webhooks.disabled_reason',
  'webhooks.failing_since',
] as const;

/** The SQL outbox. */
export class SqlOutboxStore implements OutboxStore {
  constructor(
    private readonly database: StoreDatabase,
    private readonly box: SecretBox,
    private readonly users: UsersRepository,
    private readonly clock: Clock,
  ) {}

  get #db(): Kysely<Database> {
    return this.database.db;
  }

  #endpoint(row: EndpointRow): Endpoint {
    const secrets = [this.box.open(row.secret_sealed, 'webhook-secret')];
    // A previous secret signs alongside the new one until its grace period ends.
    if (row.previous_secret_sealed && (row.previous_secret_expires_at ?? 0) > this.clock.now()) {
      secrets.push(this.box.open(row.previous_secret_sealed, 'webhook-secret'));
    }
    return {
      id: String(row.id),
      url: row.url,
      secrets,
      standardSignature: row.standard_signature === 1,
      ordered: row.ordered === 1,
      includeApiKey: row.include_api_key === 1,
      isActive: row.is_active === 1,
      disabledReason: row.disabled_reason,
      failingSince: row.failing_since,
    };
  }

  /** Inserts new messages (inside the ingest transaction). */
  async insertMessages(trx: Kysely<Database>, messages: readonly NewMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await trx
      .insertInto('outbox_messages')
      .values(
        messages.map((m) => ({
          id: m.id,
          endpoint_id: m.endpointId,
          account_id: m.accountId,
          kind: m.kind,
          payload: m.payload,
          created_at: m.createdAt,
          attempts: 0,
          next_attempt_at: m.createdAt,
          status: 'pending' as const,
        })),
      )
      .execute();
  }

  async claimDue(request: ClaimRequest): Promise<ClaimedMessage[]> {
    const { now } = request;
    return this.#db.transaction().execute(async (trx) => {
      if (this.database.dialect === 'postgres')
        await sql`select pg_advisory_xact_lock(${CLAIM_LOCK})`.execute(trx);
      const held = new Map<number, number>();
      for (const r of await trx
        .selectFrom('outbox_messages')
        .select(['endpoint_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('lease_token', 'is not', null)
        .where('lease_expires_at', '>', now)
        .where('status', '=', 'pending')
        .groupBy('endpoint_id')
        .execute()) {
        held.set(r.endpoint_id, Number(r.n));
      }
      const full = [...held.entries()]
        .filter(
          ([, n]) => n >= Math.max(request.maxInFlightPerEndpoint, request.maxInFlightPerFailingEndpoint),
        )
        .map(([id]) => id);
      const claimed: ClaimedMessage[] = [];
      const apiKeys = new Map<number, string | undefined>();
      // Two lanes, each a plain indexed order: first attempts by creation, then retries by due time.
      const lanes: Array<'first' | 'retry'> = request.phase ? [request.phase] : ['first', 'retry'];
      for (const lane of lanes) {
        const room = request.limit - claimed.length;
        if (room <= 0) break;
        for (const c of await this.#candidates(trx, lane, now, full, room * 4 + 16)) {
          if (claimed.length >= request.limit) break;
          if (c.next_attempt_at > now) continue;
          const cap =
            c.w_failing_since === null
              ? request.maxInFlightPerEndpoint
              : request.maxInFlightPerFailingEndpoint;
          const count = held.get(c.endpoint_id) ?? 0;
          if (count >= cap) continue;
          held.set(c.endpoint_id, count + 1);
          claimed.push(await this.#lease(trx, c, request, apiKeys));
        }
      }
      return claimed;
    });
  }

  #candidates(trx: Kysely<Database>, lane: 'first' | 'retry', now: number, full: number[], limit: number) {
    let q = trx
      .selectFrom('outbox_messages as m')
      .innerJoin('webhooks', 'webhooks.id', 'm.endpoint_id')
      .selectAll('m')
      .select([
        'webhooks.url as w_url',
        'webhooks.user_id as w_user_id',
        'webhooks.secret_sealed as w_secret_sealed',
        'webhooks.previous_secret_sealed as w_previous_secret_sealed',
        'webhooks.previous_secret_expires_at as w_previous_secret_expires_at',
        'webhooks.standard_signature as w_standard_signature',
        'webhooks.ordered as w_ordered',
        'webhooks.include_api_key as w_include_api_key',
        'webhooks.is_active as w_is_active',
        'webhooks.disabled_reason as w_disabled_reason',
        'webhooks.failing_since as w_failing_since',
      ])
      .where('m.status', '=', 'pending')
      .where((eb) => eb.or([eb('m.lease_expires_at', 'is', null), eb('m.lease_expires_at', '<=', now)]))
      .where('webhooks.is_active', '=', 1)
      .where((eb) =>
        eb.or([
          eb('webhooks.ordered', '=', 0),
          eb.not(
            eb.exists(
              eb
                .selectFrom('outbox_messages as p')
                .select(sql`1`.as('one'))
                .whereRef('p.endpoint_id', '=', 'm.endpoint_id')
                .whereRef('p.account_id', '=', 'm.account_id')
                .where('p.status', '=', 'pending')
                .whereRef('p.seq', '<', 'm.seq'),
            ),
          ),
        ]),
      );
    if (full.length > 0) q = q.where('m.endpoint_id', 'not in', full);
    // First attempts are due from creation, so their lane has no due-time condition in SQL: with one,
    // the planner prefers the due-time index and sorts the whole backlog on every claim. A message
    // enqueued for later (rare) is skipped by the caller instead.
    q =
      lane === 'first'
        ? q.where('m.attempts', '=', 0).orderBy('m.seq')
        : q
            .where('m.next_attempt_at', '<=', now)
            .where('m.attempts', '>', 0)
            .orderBy('m.next_attempt_at')
            .orderBy('m.seq');
    return q.limit(limit).execute();
  }

  async #lease(
    trx: Kysely<Database>,
    c: Candidate,
    request: ClaimRequest,
    apiKeys: Map<number, string | undefined>,
  ): Promise<ClaimedMessage> {
    const token = randomUUID();
    const expiresAt = request.now + request.leaseMs;
    await trx
      .updateTable('outbox_messages')
      .set({
        attempts: c.attempts + 1,
        lease_token: token,
        lease_owner: request.workerId,
        lease_expires_at: expiresAt,
      })
      .where('seq', '=', c.seq)
      .execute();
    const endpoint = this.#endpoint({
      id: c.endpoint_id,
      url: c.w_url,
      user_id: c.w_user_id,
      secret_sealed: c.w_secret_sealed,
      previous_secret_sealed: c.w_previous_secret_sealed,
      previous_secret_expires_at: c.w_previous_secret_expires_at,
      standard_signature: c.w_standard_signature,
      ordered: c.w_ordered,
      include_api_key: c.w_include_api_key,
      is_active: c.w_is_active,
      disabled_reason: c.w_disabled_reason,
      failing_since: c.w_failing_since,
    });
    let apiKey: string | undefined;
    if (endpoint.includeApiKey) {
      if (!apiKeys.has(c.w_user_id))
        apiKeys.set(c.w_user_id, await this.users.webhookApiKey(trx, c.w_user_id));
      apiKey = apiKeys.get(c.w_user_id);
    }
    const message = toMessage({ ...c, attempts: c.attempts + 1 });
    return {
      message,
      endpoint,
      attemptNumber: message.attempts,
      lease: { token, workerId: request.workerId, expiresAt },
      ...(apiKey !== undefined && { apiKey }),
    };
  }

  async recordAttempt(request: RecordAttemptRequest): Promise<RecordAttemptResult> {
    const { attempt, decision, leaseToken } = request;
    return this.#db.transaction().execute(async (trx) => {
      const endpointId = endpointNumber(attempt.endpointId);
      await trx
        .insertInto('outbox_attempts')
        .values({
          message_id: attempt.messageId,
          endpoint_id: endpointId,
          attempt_number: attempt.attemptNumber,
          started_at: attempt.startedAt,
          latency_ms: Math.round(attempt.latencyMs),
          outcome: attempt.outcome,
          kind: attempt.kind,
          status_code: attempt.statusCode ?? null,
          error: attempt.error ?? null,
          response_snippet: attempt.responseSnippet ?? null,
          worker_id: attempt.workerId,
        })
        .execute();
      if (attempt.outcome === 'delivered') {
        await trx.updateTable('webhooks').set({ failing_since: null }).where('id', '=', endpointId).execute();
      } else {
        await trx
          .updateTable('webhooks')
          .set({ failing_since: attempt.startedAt })
          .where('id', '=', endpointId)
          .where('failing_since', 'is', null)
          .execute();
      }
      let update = trx
        .updateTable('outbox_messages')
        .set(
          decision.status === 'retry'
            ? {
                next_attempt_at: decision.nextAttemptAt,
                lease_token: null,
                lease_owner: null,
                lease_expires_at: null,
              }
            : {
                status: decision.status,
                finished_at: request.now,
                lease_token: null,
                lease_owner: null,
                lease_expires_at: null,
              },
        )
        .where('id', '=', attempt.messageId)
        .where('status', '=', 'pending');
      // "delivered" applies whoever holds the lease: the receiver has the message.
      if (decision.status !== 'delivered') update = update.where('lease_token', '=', leaseToken);
      const r = await update.executeTakeFirst();
      const message = await trx
        .selectFrom('outbox_messages')
        .select('status')
        .where('id', '=', attempt.messageId)
        .executeTakeFirstOrThrow();
      const endpoint = await trx
        .selectFrom('webhooks')
        .select(['id', 'is_active', 'disabled_reason', 'failing_since'])
        .where('id', '=', endpointId)
        .executeTakeFirstOrThrow();
      return { applied: Number(r.numUpdatedRows) > 0, status: message.status, endpoint: health(endpoint) };
    });
  }

  async releaseLease(request: { messageId: string; leaseToken: string }): Promise<boolean> {
    const r = await this.#db
      .updateTable('outbox_messages')
      .set((eb) => ({
        lease_token: null,
        lease_owner: null,
        lease_expires_at: null,
        attempts: eb
          .case()
          .when('attempts', '>', 0)
          .then(eb('attempts', '-', 1))
          .else(0)
          .end(),
      }))
      .where('id', '=', request.messageId)
      .where('status', '=', 'pending')
      .where('lease_token', '=', request.leaseToken)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async extendLease(request: {
    messageId: string;
    leaseToken: string;
    now: EpochMs;
    leaseMs: number;
  }): Promise<boolean> {
    const r = await this.#db
      .updateTable('outbox_messages')
      .set({ lease_expires_at: request.now + request.leaseMs })
      .where('id', '=', request.messageId)
      .where('status', '=', 'pending')
      .where('lease_token', '=', request.leaseToken)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async nextWakeAt(request: { now: EpochMs }): Promise<EpochMs | undefined> {
    const { now } = request;
    const at = sql<number>`case when m.lease_expires_at > ${now} then m.lease_expires_at else m.next_attempt_at end`;
    const row = await this.#db
      .selectFrom('outbox_messages as m')
      .innerJoin('webhooks', 'webhooks.id', 'm.endpoint_id')
      .select((eb) => eb.fn.min(at).as('at'))
      .where('m.status', '=', 'pending')
      .where('webhooks.is_active', '=', 1)
      .where(at, '>', now)
      .executeTakeFirst();
    return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
  }

  async disableEndpoint(request: { endpointId: string; reason: string; now: EpochMs }): Promise<boolean> {
    const r = await this.#db
      .updateTable('webhooks')
      .set({ is_active: 0, disabled_reason: request.reason, updated_at: request.now })
      .where('id', '=', endpointNumber(request.endpointId))
      .where('is_active', '=', 1)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async getEndpoint(endpointId: string): Promise<Endpoint | undefined> {
    const row = await this.#db
      .selectFrom('webhooks')
      .select(ENDPOINT_COLUMNS)
      .where('id', '=', endpointNumber(endpointId))
      .executeTakeFirst();
    return row ? this.#endpoint(row) : undefined;
  }

  async getMessage(messageId: string): Promise<OutboxMessage | undefined> {
    const row = await this.#db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('id', '=', messageId)
      .executeTakeFirst();
    return row ? toMessage(row) : undefined;
  }

  async listAttempts(messageId: string): Promise<AttemptRecord[]> {
    const rows = await this.#db
      .selectFrom('outbox_attempts')
      .selectAll()
      .where('message_id', '=', messageId)
      .orderBy('id')
      .execute();
    return rows.map(toAttempt);
  }

  async requeueMessage(request: { messageId: string; now: EpochMs }): Promise<boolean> {
    const r = await this.#db
      .updateTable('outbox_messages')
      .set({ status: 'pending', next_attempt_at: request.now, finished_at: null })
      .where('id', '=', request.messageId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** An endpoint's messages, newest first, with their attempts (the deliveries route). */
  async listDeliveries(
    endpointId: number,
    page: { limit: number; beforeSeq?: number },
  ): Promise<Array<OutboxMessageRow & { attemptLog: OutboxAttemptRow[] }>> {
    let q = this.#db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('endpoint_id', '=', endpointId)
      .orderBy('seq', 'desc')
      .limit(page.limit);
    if (page.beforeSeq !== undefined) q = q.where('seq', '<', page.beforeSeq);
    const messages = await q.execute();
    if (messages.length === 0) return [];
    const attempts = await this.#db
      .selectFrom('outbox_attempts')
      .selectAll()
      .where(
        'message_id',
        'in',
        messages.map((m) => m.id),
      )
      .orderBy('id', 'desc')
      .execute();
    return messages.map((m) => ({ ...m, attemptLog: attempts.filter((a) => a.message_id === m.id) }));
  }

  /** One message of an endpoint (for resend), or undefined. */
  async messageOfEndpoint(endpointId: number, messageId: string): Promise<OutboxMessageRow | undefined> {
    return this.#db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('endpoint_id', '=', endpointId)
      .where('id', '=', messageId)
      .executeTakeFirst();
  }
}

/**
 * @module store/webhooks
 * Webhook endpoints of a user's accounts. The secret is generated here, returned once by
 * {@link WebhooksRepository.create}, and otherwise kept sealed: the server must read it back to
 * sign deliveries, so it is encrypted, not hashed.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { SecretBox } from '../security/secret-box.js';
import type { Database, WebhookRow } from './schema.js';

/** A webhook without its sealed secrets. */
export type Webhook = Omit<WebhookRow, 'secret_sealed' | 'previous_secret_sealed'>;

/** Fields a webhook update may set. */
export interface WebhookFields {
  url?: string;
  account_id?: number;
  description?: string | null;
  is_active?: number;
  include_api_key?: number;
  standard_signature?: number;
  ordered?: number;
}

/** A new webhook secret: 64 lowercase hex characters (32 random bytes), as the dashboard shows. */
export function generateWebhookSecret(): string {
  return randomBytes(32).toString('hex');
}

function strip(row: WebhookRow): Webhook {
  const { secret_sealed: _s, previous_secret_sealed: _p, ...rest } = row;
  return rest;
}

/** Webhooks repository. */
export class WebhooksRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly box: SecretBox,
    private readonly clock: Clock,
  ) {}

  async list(userId: number): Promise<Webhook[]> {
    const rows = await this.db
      .selectFrom('webhooks')
      .selectAll()
      .where('user_id', '=', userId)
      .where('kind', '=', 'webhook')
      .orderBy('id')
      .execute();
    return rows.map(strip);
  }

  async get(userId: number, id: number): Promise<Webhook | undefined> {
    const row = await this.db
      .selectFrom('webhooks')
      .selectAll()
      .where('user_id', '=', userId)
      .where('kind', '=', 'webhook')
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? strip(row) : undefined;
  }

  /** Creates an endpoint and returns it with its secret, the only time the secret is returned. */
  async create(
    userId: number,
    input: Required<Pick<WebhookFields, 'url' | 'account_id'>> & WebhookFields,
  ): Promise<Webhook & { secret: string }> {
    const secret = generateWebhookSecret();
    const now = this.clock.now();
    const row = await this.db
      .insertInto('webhooks')
      .values({
        user_id: userId,
        account_id: input.account_id,
        url: input.url,
        description: input.description ?? null,
        is_active: input.is_active ?? 1,
        secret_sealed: this.box.seal(secret, 'webhook-secret'),
        include_api_key: input.include_api_key ?? 1,
        standard_signature: input.standard_signature ?? 0,
        ordered: input.ordered ?? 1,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { ...strip(row), secret };
  }

  async update(userId: number, id: number, fields: WebhookFields): Promise<boolean> {
    // Re-enabling an endpoint clears the reason it was disabled and its failure streak.
    const reset = fields.is_active === 1 ? { disabled_reason: null, failing_since: null } : {};
    const r = await this.db
      .updateTable('webhooks')
      .set({ ...fields, ...reset, updated_at: this.clock.now() })
      .where('user_id', '=', userId)
      .where('kind', '=', 'webhook')
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async delete(userId: number, id: number): Promise<boolean> {
    const r = await this.db
      .deleteFrom('webhooks')
      .where('user_id', '=', userId)
      .where('kind', '=', 'webhook')
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Active endpoints of an account, for the outbox (inside the ingest transaction). */
  async activeForAccount(db: Kysely<Database>, accountId: number): Promise<Webhook[]> {
    const rows = await db
      .selectFrom('webhooks')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('is_active', '=', 1)
      .orderBy('id')
      .execute();
    return rows.map(strip);
  }

  /**
   * The secrets that sign deliveries to an endpoint now: the current one first, then the previous
   * one while its rotation grace period lasts.
   */
  async signingSecrets(id: number, db: Kysely<Database> = this.db): Promise<string[]> {
    const row = await db
      .selectFrom('webhooks')
      .select(['secret_sealed', 'previous_secret_sealed', 'previous_secret_expires_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return [];
    const secrets = [this.box.open(row.secret_sealed, 'webhook-secret')];
    if (row.previous_secret_sealed && (row.previous_secret_expires_at ?? 0) > this.clock.now()) {
      secrets.push(this.box.open(row.previous_secret_sealed, 'webhook-secret'));
    }
    return secrets;
  }

  /** Replaces the secret; the old one keeps signing alongside for `graceMs`. Returns the new secret. */
  async rotateSecret(userId: number, id: number, graceMs: number): Promise<string | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('webhooks')
        .select('secret_sealed')
        .where('user_id', '=', userId)
        .where('kind', '=', 'webhook')
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) return undefined;
      const secret = generateWebhookSecret();
      const now = this.clock.now();
      await trx
        .updateTable('webhooks')
        .set({
          secret_sealed: this.box.seal(secret, 'webhook-secret'),
          previous_secret_sealed: row.secret_sealed,
          previous_secret_expires_at: now + graceMs,
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
      return secret;
    });
  }

  /**
   * Keeps an account's `url_callback` endpoint in step with the account: created (with a fresh
   * secret, returned this once) when a URL is set, moved when it changes, removed when cleared.
   */
  async syncCallback(
    db: Kysely<Database>,
    input: { userId: number; accountId: number; url: string | null },
  ): Promise<{ secret?: string }> {
    const now = this.clock.now();
    const existing = await db
      .selectFrom('webhooks')
      .select(['id', 'url'])
      .where('account_id', '=', input.accountId)
      .where('kind', '=', 'callback')
      .executeTakeFirst();
    if (input.url === null) {
      if (existing) await db.deleteFrom('webhooks').where('id', '=', existing.id).execute();
      return {};
    }
    if (existing) {
      if (existing.url !== input.url) {
        await db
          .updateTable('webhooks')
          .set({
            url: input.url,
            is_active: 1,
            disabled_reason: null,
            failing_since: null,
            updated_at: now,
          })
          .where('id', '=', existing.id)
          .execute();
      }
      return {};
    }
    const secret = generateWebhookSecret();
    await db
      .insertInto('webhooks')
      .values({
        user_id: input.userId,
        account_id: input.accountId,
        url: input.url,
        description: 'url_callback of the account',
        is_active: 1,
        secret_sealed: this.box.seal(secret, 'webhook-secret'),
        include_api_key: 1,
        standard_signature: 0,
        ordered: 1,
        kind: 'callback',
        created_at: now,
        updated_at: now,
      })
      .execute();
    return { secret };
  }
}

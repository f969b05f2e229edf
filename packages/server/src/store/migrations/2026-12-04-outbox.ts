/**
 * @module store/migrations/2026-12-04-outbox
 * The webhook outbox: messages (committed with the mutations they announce) and their attempt
 * log; and `webhooks.kind`, so an account's `url_callback` is an endpoint like any other (kind
 * `callback`, hidden from the webhook routes).
 */
import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../dialects/dialect.js';
import { bigIntegerType, identityColumn } from './column-types.js';

/** Builds the migration for one dialect. */
export function outboxMigration(dialect: DialectName) {
  const id = identityColumn(dialect);
  const ms = bigIntegerType(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('webhooks')
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo('webhook'))
        .execute();
      // One callback endpoint per account at most.
      await sql`create unique index webhooks_account_callback on webhooks (account_id) where kind = 'callback'`.execute(
        db,
      );

      await db.schema
        .createTable('outbox_messages')
        .addColumn('seq', ...id)
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('endpoint_id', 'integer', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', ms, (c) => c.notNull())
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('pending', 'delivered', 'failed')`),
        )
        .addColumn('lease_token', 'text')
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', ms)
        .addColumn('finished_at', ms)
        .execute();
      // claimDue: first attempts in creation order, retries by due time. The extra columns let the
      // claim's filters (lease, endpoint, line) run on the index alone, so a backlog for a capped or
      // dead endpoint costs an index scan per claim, not a row fetch per waiting message.
      await db.schema
        .createIndex('outbox_first')
        .on('outbox_messages')
        .columns([
          'status',
          'attempts',
          'seq',
          'endpoint_id',
          'account_id',
          'next_attempt_at',
          'lease_expires_at',
        ])
        .execute();
      await db.schema
        .createIndex('outbox_due')
        .on('outbox_messages')
        .columns([
          'status',
          'next_attempt_at',
          'seq',
          'attempts',
          'endpoint_id',
          'account_id',
          'lease_expires_at',
        ])
        .execute();
      await sql`create index outbox_leased on outbox_messages (lease_expires_at, endpoint_id) where lease_token is not null`.execute(
        db,
      );
      // ordering: the head of an (endpoint, account) line.
      await db.schema
        .createIndex('outbox_line')
        .on('outbox_messages')
        .columns(['endpoint_id', 'account_id', 'status', 'seq'])
        .execute();
      // the deliveries route: an endpoint's messages, newest first.
      await db.schema
        .createIndex('outbox_endpoint_seq')
        .on('outbox_messages')
        .columns(['endpoint_id', 'seq'])
        .execute();

      await db.schema
        .createTable('outbox_attempts')
        .addColumn('id', ...id)
        .addColumn('message_id', 'text', (c) =>
          c.notNull().references('outbox_messages.id').onDelete('cascade'),
        )
        .addColumn('endpoint_id', 'integer', (c) => c.notNull())
        .addColumn('attempt_number', 'integer', (c) => c.notNull())
        .addColumn('started_at', ms, (c) => c.notNull())
        .addColumn('latency_ms', 'integer', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('error', 'text')
        .addColumn('response_snippet', 'text')
        .addColumn('worker_id', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('outbox_attempts_message')
        .on('outbox_attempts')
        .columns(['message_id', 'id'])
        .execute();
    },
  };
}

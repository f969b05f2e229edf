/**
 * @module store/migrations/2026-12-03-initial
 * The first schema. Frozen: later changes go in new files, never here.
 */
import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../dialects/dialect.js';
import { bigIntegerType, identityColumn } from './column-types.js';

/** Builds the migration for one dialect (integer identity columns are spelled differently). */
export function initialMigration(dialect: DialectName) {
  const id = identityColumn(dialect);
  const ms = bigIntegerType(dialect);

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('users')
        .addColumn('id', ...id)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('saldo', ms, (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', ...id)
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('token_sealed', 'text', (c) => c.notNull())
        .addColumn('token_prefix', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('last_used_at', ms)
        .addColumn('revoked_at', ms)
        .execute();
      await db.schema.createIndex('api_tokens_user').on('api_tokens').columns(['user_id']).execute();

      await db.schema
        .createTable('accounts')
        .addColumn('id', ...id)
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('bank_id', 'integer', (c) => c.notNull())
        .addColumn('module', 'text', (c) => c.notNull())
        .addColumn('account_name', 'text', (c) => c.notNull())
        .addColumn('account_no', 'text', (c) => c.notNull())
        .addColumn('balance', ms, (c) => c.notNull().defaultTo(0))
        .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('schedule_minutes', 'integer', (c) => c.notNull().defaultTo(15))
        .addColumn('url_callback', 'text')
        .addColumn('email_notification', 'text')
        .addColumn('wa_number', 'text')
        .addColumn('telegram_id', 'text')
        .addColumn('note', 'text')
        .addColumn('credentials_sealed', 'text')
        .addColumn('credentials_fields', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('last_bot_activity', ms)
        .addColumn('next_bot_process', ms)
        .addColumn('bot_lease_owner', 'text')
        .addColumn('bot_lease_until', ms)
        .addColumn('bot_failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('accounts_user').on('accounts').columns(['user_id', 'id']).execute();
      await db.schema
        .createIndex('accounts_due')
        .on('accounts')
        .columns(['is_active', 'next_bot_process'])
        .execute();

      await db.schema
        .createTable('categories')
        .addColumn('id', ...id)
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('CR', 'DB')`))
        .addColumn('description', 'text')
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('categories_user').on('categories').columns(['user_id', 'id']).execute();

      await db.schema
        .createTable('mutations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('transaction_date', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('CR', 'DB')`))
        .addColumn('amount', ms, (c) => c.notNull().check(sql`amount > 0`))
        .addColumn('balance', ms, (c) => c.notNull().defaultTo(0))
        .addColumn('category_id', 'integer', (c) => c.references('categories.id').onDelete('set null'))
        .addColumn('bank_reference', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addUniqueConstraint('mutations_account_fingerprint', ['account_id', 'fingerprint'])
        .execute();
      // statements: one account, a date range, newest first.
      await db.schema
        .createIndex('mutations_account_date')
        .on('mutations')
        .columns(['account_id', 'transaction_date', 'created_at', 'id'])
        .execute();
      // match: one account, credits of one amount, newest first.
      await db.schema
        .createIndex('mutations_account_type_amount_date')
        .on('mutations')
        .columns(['account_id', 'type', 'amount', 'transaction_date', 'created_at'])
        .execute();

      await db.schema
        .createTable('webhooks')
        .addColumn('id', ...id)
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('secret_sealed', 'text', (c) => c.notNull())
        .addColumn('previous_secret_sealed', 'text')
        .addColumn('previous_secret_expires_at', ms)
        .addColumn('include_api_key', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('standard_signature', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('ordered', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('disabled_reason', 'text')
        .addColumn('failing_since', ms)
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('webhooks_user').on('webhooks').columns(['user_id', 'id']).execute();
      await db.schema.createIndex('webhooks_account').on('webhooks').columns(['account_id']).execute();

      await db.schema
        .createTable('bot_runs')
        .addColumn('id', ...id)
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('started_at', ms, (c) => c.notNull())
        .addColumn('finished_at', ms)
        .addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('rows_new', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .execute();
      await db.schema
        .createIndex('bot_runs_account')
        .on('bot_runs')
        .columns(['account_id', 'started_at'])
        .execute();

      await db.schema
        .createTable('topups')
        .addColumn('id', ...id)
        .addColumn('trans_id', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('payment_id', 'integer', (c) => c.notNull())
        .addColumn('jumlah', ms, (c) => c.notNull())
        .addColumn('kode_unik', 'integer', (c) => c.notNull())
        .addColumn('total', ms, (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('expires_at', ms, (c) => c.notNull())
        .addColumn('paid_at', ms)
        .execute();
      // Two pending top-ups to one payment account never share a total: the transfer of exactly
      // `total` must identify one of them.
      await sql`create unique index topups_pending_total on topups (payment_id, total) where status = 'pending'`.execute(
        db,
      );
    },
  };
}

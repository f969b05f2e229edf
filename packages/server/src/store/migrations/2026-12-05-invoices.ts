/**
 * @module store/migrations/2026-12-05-invoices
 * Invoices paid by unique-code transfers, the per-mutation match record, the billing accounts
 * that receive saldo top-ups; and the end of the old `topups` table (a top-up is now an invoice).
 *
 * The exactly-once rules live here, in indexes, so they hold across processes:
 * - `invoices_open_total`: an account's open invoices never share a total (allocation inserts
 *   with `on conflict do nothing` and tries another code);
 * - `invoices_open_reference`: nor a reference;
 * - `invoices_paid_mutation`: a mutation pays at most one invoice;
 * - `invoice_matches` primary key: one outcome per mutation; `invoice_matches_paid_invoice`: an
 *   invoice is paid by at most one mutation;
 * - the `check`s: a paid invoice names its mutation and nothing else does.
 */
import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../dialects/dialect.js';
import { bigIntegerType, identityColumn } from './column-types.js';

/** Builds the migration for one dialect. */
export function invoicesMigration(dialect: DialectName) {
  const id = identityColumn(dialect);
  const ms = bigIntegerType(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('invoices')
        .addColumn('id', ...id)
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('amount', ms, (c) => c.notNull().check(sql`amount > 0`))
        .addColumn('unique_code', 'integer', (c) => c.notNull().check(sql`unique_code >= 0`))
        .addColumn('total', ms, (c) => c.notNull().check(sql`total > 0`))
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('reference_key', 'text', (c) => c.notNull().check(sql`reference_key <> ''`))
        .addColumn('description', 'text')
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('open', 'review', 'paid', 'paid_late', 'expired', 'cancelled')`),
        )
        .addColumn('valid_from', ms, (c) => c.notNull())
        .addColumn('expires_at', ms, (c) => c.notNull())
        // No `on delete` action: a mutation is only deleted with its account, whose cascade removes
        // the invoice in the same statement; `set null` would trip the paid check first.
        .addColumn('paid_mutation_id', 'text', (c) => c.references('mutations.id'))
        .addColumn('paid_at', ms)
        .addColumn('paid_via', 'text', (c) => c.check(sql`paid_via in ('match', 'settle')`))
        .addColumn('review_reason', 'text')
        .addColumn('review_mutation_id', 'text')
        .addColumn('review_difference', ms)
        .addColumn('reviewed_at', ms)
        .addColumn('topup_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('closed_at', ms)
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .addCheckConstraint(
          'invoices_paid_names_mutation',
          sql`(status in ('paid', 'paid_late')) = (paid_mutation_id is not null)`,
        )
        .execute();
      await sql`create unique index invoices_open_total on invoices (account_id, total) where status in ('open', 'review')`.execute(
        db,
      );
      await sql`create unique index invoices_open_reference on invoices (account_id, reference_key) where status in ('open', 'review')`.execute(
        db,
      );
      await sql`create unique index invoices_paid_mutation on invoices (paid_mutation_id) where paid_mutation_id is not null`.execute(
        db,
      );
      // Matching: exact totals of any status (expired invoices stay payable for credits made in time).
      await db.schema
        .createIndex('invoices_account_total')
        .on('invoices')
        .columns(['account_id', 'total'])
        .execute();
      // References of any status (a second payment naming a paid invoice goes to review).
      await db.schema
        .createIndex('invoices_account_reference')
        .on('invoices')
        .columns(['account_id', 'reference_key'])
        .execute();
      // Listing by status, newest first.
      await db.schema
        .createIndex('invoices_account_status')
        .on('invoices')
        .columns(['account_id', 'status', 'id'])
        .execute();
      // The expiry sweep.
      await sql`create index invoices_open_expiry on invoices (expires_at) where status in ('open', 'review')`.execute(
        db,
      );

      await db.schema
        .createTable('invoice_matches')
        .addColumn('mutation_id', 'text', (c) =>
          c.primaryKey().references('mutations.id').onDelete('cascade'),
        )
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('outcome', 'text', (c) =>
          c.notNull().check(sql`outcome in ('paid', 'paid_late', 'settled', 'review')`),
        )
        .addColumn('reason', 'text')
        .addColumn('invoice_id', 'integer', (c) => c.references('invoices.id').onDelete('cascade'))
        .addColumn('invoice_ids', 'text', (c) => c.notNull())
        .addColumn('created_at', ms, (c) => c.notNull())
        .addColumn('updated_at', ms, (c) => c.notNull())
        .addCheckConstraint(
          'invoice_matches_paid_names_invoice',
          sql`(outcome in ('paid', 'paid_late', 'settled')) = (invoice_id is not null)`,
        )
        .execute();
      await sql`create unique index invoice_matches_paid_invoice on invoice_matches (invoice_id) where invoice_id is not null`.execute(
        db,
      );
      await db.schema
        .createIndex('invoice_matches_account')
        .on('invoice_matches')
        .columns(['account_id', 'created_at'])
        .execute();

      await db.schema
        .createTable('billing_accounts')
        .addColumn('payment_id', 'integer', (c) => c.primaryKey())
        .addColumn('account_id', 'integer', (c) =>
          c.notNull().unique().references('accounts.id').onDelete('cascade'),
        )
        .addColumn('created_at', ms, (c) => c.notNull())
        .execute();

      // Pending rows of the old table were never paid by anything (there was no matcher); a
      // top-up is an invoice on a billing account from now on.
      await db.schema.dropTable('topups').execute();
    },
  };
}

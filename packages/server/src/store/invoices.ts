/**
 * @module store/invoices
 * Invoices and what credits did to them. Every state change is one guarded statement (`where
 * status in (...)`, checked through `returning`), so two transactions (two processes, two nodes)
 * can never both pay, expire or cancel one invoice; the unique indexes of the migration
 * `2026-12-05-invoices` back that up. Reads for the API join through `accounts`, so another user's
 * invoice looks exactly like a missing one.
 */
import { type Kysely, type SqlBool, sql } from 'kysely';
import type { Clock } from '../clock.js';
import type { MutationWithCategory } from './mutations.js';
import type { Database, InvoiceMatchRow, InvoiceRow, InvoiceStatus, InvoicesTable } from './schema.js';

/** Statuses a person may settle by hand (an expired invoice can still be paid late). */
export const SETTLEABLE_INVOICE_STATUSES = [
  'open',
  'review',
  'expired',
] as const satisfies readonly InvoiceStatus[];

/**
 * "Holds its total", written out rather than bound: SQLite only uses a partial index
 * (`where status in ('open', 'review')`) when the query states the same predicate literally; with
 * bound parameters it scanned every open invoice of the account instead (50 times slower at
 * 20,000 invoices).
 */
const HOLDS_TOTAL = sql<SqlBool>`invoices.status in ('open', 'review')`;

/** A new open invoice. */
export type NewInvoice = Pick<
  InvoicesTable,
  | 'account_id'
  | 'amount'
  | 'unique_code'
  | 'total'
  | 'reference'
  | 'reference_key'
  | 'description'
  | 'valid_from'
  | 'expires_at'
  | 'topup_user_id'
>;

/** Why {@link InvoicesRepository.insertOpen} inserted nothing. */
export type InsertConflict = 'total_taken' | 'reference_taken';

/** A page of a listing. */
export interface Page {
  limit: number;
  offset: number;
}

/** Filters of {@link InvoicesRepository.list}. */
export interface InvoiceFilter {
  accountId?: number;
  status?: InvoiceStatus;
  referenceKey?: string;
}

/** How a payment is recorded. */
export interface PaymentRecord {
  mutationId: string;
  status: 'paid' | 'paid_late';
  via: 'match' | 'settle';
  /** Statuses the invoice may be in; anything else means someone else closed it first. */
  from: readonly InvoiceStatus[];
}

/** How a review is recorded on an invoice. */
export interface ReviewRecord {
  reason: string;
  mutationId: string;
  differenceRupiah: number | null;
}

/** Invoices repository. */
export class InvoicesRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /**
   * Inserts an open invoice unless an open invoice of the account has its total or its
   * reference: one `insert ... on conflict do nothing` against the partial unique indexes, so
   * concurrent inserts (any process) never both win. Says which one was taken otherwise.
   */
  async insertOpen(values: NewInvoice, db: Kysely<Database> = this.db): Promise<InvoiceRow | InsertConflict> {
    const now = this.clock.now();
    const row = await db
      .insertInto('invoices')
      .values({ ...values, status: 'open', created_at: now, updated_at: now })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (row) return row;
    const holder = await db
      .selectFrom('invoices')
      .select('id')
      .where('account_id', '=', values.account_id)
      .where('reference_key', '=', values.reference_key)
      .where(HOLDS_TOTAL)
      .executeTakeFirst();
    return holder ? 'reference_taken' : 'total_taken';
  }

  /** Totals held by the account's open invoices within [min, max], ascending. */
  async listOpenTotals(accountId: number, min: number, max: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('invoices')
      .select('total')
      .where('account_id', '=', accountId)
      .where(HOLDS_TOTAL)
      .where('total', '>=', min)
      .where('total', '<=', max)
      .orderBy('total')
      .execute();
    return rows.map((r) => r.total);
  }

  /** One invoice of one of `userId`'s accounts. */
  async getForUser(
    userId: number,
    id: number,
    db: Kysely<Database> = this.db,
  ): Promise<InvoiceRow | undefined> {
    return db
      .selectFrom('invoices')
      .innerJoin('accounts', 'accounts.id', 'invoices.account_id')
      .selectAll('invoices')
      .where('accounts.user_id', '=', userId)
      .where('invoices.id', '=', id)
      .executeTakeFirst();
  }

  /** One invoice, unscoped (events, tests). */
  async getById(id: number, db: Kysely<Database> = this.db): Promise<InvoiceRow | undefined> {
    return db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** `userId`'s invoices, newest first. */
  async list(userId: number, filter: InvoiceFilter, page: Page): Promise<InvoiceRow[]> {
    let q = this.db
      .selectFrom('invoices')
      .innerJoin('accounts', 'accounts.id', 'invoices.account_id')
      .selectAll('invoices')
      .where('accounts.user_id', '=', userId);
    if (filter.accountId !== undefined) q = q.where('invoices.account_id', '=', filter.accountId);
    if (filter.status !== undefined) q = q.where('invoices.status', '=', filter.status);
    if (filter.referenceKey !== undefined) q = q.where('invoices.reference_key', '=', filter.referenceKey);
    return q.orderBy('invoices.id', 'desc').limit(page.limit).offset(page.offset).execute();
  }

  /** Whether the account has ever had an invoice (the matcher skips accounts that have none). */
  async hasAny(db: Kysely<Database>, accountId: number): Promise<boolean> {
    const row = await db
      .selectFrom('invoices')
      .select('id')
      .where('account_id', '=', accountId)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Invoices a credit of exactly `total` may pay: the open ones, and expired ones whose expiry is
   * at or after `expiredSince` (an expired invoice is still paid by a credit made in its window
   * that reached us after the sweep). Cancelled and paid invoices are not candidates by amount.
   */
  async withTotal(db: Kysely<Database>, accountId: number, total: number, expiredSince: number) {
    return db
      .selectFrom('invoices')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('total', '=', total)
      .where((eb) =>
        eb.or([HOLDS_TOTAL, eb.and([eb('status', '=', 'expired'), eb('expires_at', '>=', expiredSince)])]),
      )
      .execute();
  }

  /** Invoices of any status whose reference key is one of `keys`. */
  async withReferenceKeys(db: Kysely<Database>, accountId: number, keys: readonly string[]) {
    if (keys.length === 0) return [];
    return db
      .selectFrom('invoices')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('reference_key', 'in', keys)
      .execute();
  }

  /** Open invoices with totals in [min, max], closest to `around` first. */
  async openNear(
    db: Kysely<Database>,
    accountId: number,
    range: { min: number; max: number; around: number; limit: number },
  ): Promise<InvoiceRow[]> {
    return db
      .selectFrom('invoices')
      .selectAll()
      .where('account_id', '=', accountId)
      .where(HOLDS_TOTAL)
      .where('total', '>=', range.min)
      .where('total', '<=', range.max)
      .orderBy(sql`abs(total - ${range.around})`)
      .orderBy('total')
      .limit(range.limit)
      .execute();
  }

  /**
   * Marks an invoice paid by a mutation if it is still in one of `record.from`; returns the
   * updated row, or undefined when another transaction closed it first. The status guard is what
   * makes "paid at most once" hold across processes; the unique index on `paid_mutation_id` is
   * what makes "a mutation pays at most one invoice" hold.
   */
  async markPaid(db: Kysely<Database>, id: number, record: PaymentRecord): Promise<InvoiceRow | undefined> {
    const now = this.clock.now();
    return db
      .updateTable('invoices')
      .set({
        status: record.status,
        paid_mutation_id: record.mutationId,
        paid_at: now,
        paid_via: record.via,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('status', 'in', record.from)
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * Records a review on invoices (any status: a second payment naming a paid invoice is worth a
   * look too); open ones move to `review`, which still holds their total and stays payable.
   */
  async markReview(
    db: Kysely<Database>,
    ids: readonly number[],
    review: ReviewRecord,
  ): Promise<InvoiceRow[]> {
    if (ids.length === 0) return [];
    const now = this.clock.now();
    return db
      .updateTable('invoices')
      .set({
        status: sql<InvoiceStatus>`case when status = 'open' then 'review' else status end`,
        review_reason: review.reason,
        review_mutation_id: review.mutationId,
        review_difference: review.differenceRupiah,
        reviewed_at: now,
        updated_at: now,
      })
      .where('id', 'in', ids)
      .returningAll()
      .execute();
  }

  /** Cancels an open invoice of `userId`; undefined when it is not theirs or not open. */
  async cancel(userId: number, id: number): Promise<InvoiceRow | undefined> {
    const now = this.clock.now();
    return this.db
      .updateTable('invoices')
      .set({ status: 'cancelled', closed_at: now, updated_at: now })
      .where('id', '=', id)
      .where(HOLDS_TOTAL)
      .where('account_id', 'in', (eb) => eb.selectFrom('accounts').select('id').where('user_id', '=', userId))
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * Expires up to `limit` open invoices whose `expires_at` is at or before `cutoff`, and returns
   * exactly the ones this call expired (a concurrent sweep gets the others).
   */
  async expireDue(db: Kysely<Database>, cutoff: number, limit: number): Promise<InvoiceRow[]> {
    const due = await db
      .selectFrom('invoices')
      .select('id')
      .where(HOLDS_TOTAL)
      .where('expires_at', '<=', cutoff)
      .orderBy('expires_at')
      .limit(limit)
      .execute();
    if (due.length === 0) return [];
    const now = this.clock.now();
    return db
      .updateTable('invoices')
      .set({ status: 'expired', closed_at: now, updated_at: now })
      .where(
        'id',
        'in',
        due.map((r) => r.id),
      )
      .where(HOLDS_TOTAL)
      .returningAll()
      .execute();
  }

  /** Records what a credit did. Throws on a second record for one mutation (the primary key). */
  async insertMatch(
    db: Kysely<Database>,
    match: Omit<InvoiceMatchRow, 'created_at' | 'updated_at'>,
  ): Promise<void> {
    const now = this.clock.now();
    await db
      .insertInto('invoice_matches')
      .values({ ...match, created_at: now, updated_at: now })
      .execute();
  }

  /**
   * Claims a mutation for a settlement by hand: inserts a `settled` record, or turns its `review`
   * record into one. False when it already paid an invoice (or a concurrent settle won).
   */
  async claimForSettlement(
    db: Kysely<Database>,
    match: { mutationId: string; accountId: number; invoiceId: number },
  ): Promise<boolean> {
    const now = this.clock.now();
    const existing = await db
      .selectFrom('invoice_matches')
      .select('outcome')
      .where('mutation_id', '=', match.mutationId)
      .executeTakeFirst();
    if (existing && existing.outcome !== 'review') return false;
    if (existing) {
      const moved = await db
        .updateTable('invoice_matches')
        .set({
          outcome: 'settled',
          invoice_id: match.invoiceId,
          invoice_ids: JSON.stringify([match.invoiceId]),
          updated_at: now,
        })
        .where('mutation_id', '=', match.mutationId)
        .where('outcome', '=', 'review')
        .returning('mutation_id')
        .executeTakeFirst();
      return moved !== undefined;
    }
    const inserted = await db
      .insertInto('invoice_matches')
      .values({
        mutation_id: match.mutationId,
        account_id: match.accountId,
        outcome: 'settled',
        reason: null,
        invoice_id: match.invoiceId,
        invoice_ids: JSON.stringify([match.invoiceId]),
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('mutation_id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  /** The match record of a mutation. */
  async getMatch(mutationId: string, db: Kysely<Database> = this.db): Promise<InvoiceMatchRow | undefined> {
    return db
      .selectFrom('invoice_matches')
      .selectAll()
      .where('mutation_id', '=', mutationId)
      .executeTakeFirst();
  }

  /**
   * Credits of `userId`'s accounts that paid nothing and are not in review (no match record),
   * newest first.
   */
  async unmatchedCredits(
    userId: number,
    filter: { accountId?: number },
    page: Page,
  ): Promise<MutationWithCategory[]> {
    let q = this.db
      .selectFrom('mutations')
      .innerJoin('accounts', 'accounts.id', 'mutations.account_id')
      .leftJoin('categories', 'categories.id', 'mutations.category_id')
      .leftJoin('invoice_matches', 'invoice_matches.mutation_id', 'mutations.id')
      .selectAll('mutations')
      .select('categories.name as category')
      .where('accounts.user_id', '=', userId)
      .where('mutations.type', '=', 'CR')
      .where('invoice_matches.mutation_id', 'is', null);
    if (filter.accountId !== undefined) q = q.where('mutations.account_id', '=', filter.accountId);
    return q
      .orderBy('mutations.transaction_date', 'desc')
      .orderBy('mutations.created_at', 'desc')
      .orderBy('mutations.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
  }
}

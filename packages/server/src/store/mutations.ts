/**
 * @module store/mutations
 * Statement rows. Reads join through `accounts` so that a user only ever sees rows of their own
 * accounts; writes happen only through the ingest path, inside its transaction.
 */
import type { Kysely } from 'kysely';
import type { Database, MutationRow } from './schema.js';

/** A mutation with its category name, as the API returns it. */
export type MutationWithCategory = MutationRow & { category: string | null };

/** A WIB timestamp range: `from` inclusive, `to` exclusive (`YYYY-MM-DD HH:mm:ss`). */
export interface WibRange {
  from: string;
  to: string;
}

// Chunked so a large import never exceeds SQLite's bound-parameter limit.
const INSERT_CHUNK = 400;

/** Mutations repository. */
export class MutationsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  #withCategory(db: Kysely<Database>) {
    return db
      .selectFrom('mutations')
      .leftJoin('categories', 'categories.id', 'mutations.category_id')
      .selectAll('mutations')
      .select('categories.name as category');
  }

  /**
   * Inserts rows whose fingerprint the account does not have yet, and returns exactly those (in
   * input order); rows already stored are skipped by the unique (account_id, fingerprint) index,
   * which is what makes re-reading a statement safe even from two processes at once.
   */
  async insertNew(trx: Kysely<Database>, rows: readonly MutationRow[]): Promise<MutationRow[]> {
    const inserted: MutationRow[] = [];
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = rows.slice(i, i + INSERT_CHUNK);
      const out = await trx
        .insertInto('mutations')
        .values(chunk)
        .onConflict((oc) => oc.columns(['account_id', 'fingerprint']).doNothing())
        .returningAll()
        .execute();
      const byId = new Map(out.map((r) => [r.id, r]));
      for (const r of chunk) {
        const got = byId.get(r.id);
        if (got) inserted.push(got);
      }
    }
    return inserted;
  }

  /** The latest transaction time stored for an account, if any. */
  async newestDate(db: Kysely<Database>, accountId: number): Promise<string | undefined> {
    const row = await db
      .selectFrom('mutations')
      .select('transaction_date')
      .where('account_id', '=', accountId)
      .orderBy('transaction_date', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.transaction_date;
  }

  /** Which of these fingerprints the account already has (for dry runs and import summaries). */
  async existingFingerprints(accountId: number, fingerprints: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < fingerprints.length; i += INSERT_CHUNK) {
      const rows = await this.db
        .selectFrom('mutations')
        .select('fingerprint')
        .where('account_id', '=', accountId)
        .where('fingerprint', 'in', fingerprints.slice(i, i + INSERT_CHUNK))
        .execute();
      for (const r of rows) found.add(r.fingerprint);
    }
    return found;
  }

  /** Rows of one account in a WIB range, newest first; `limit`/`offset` page through them. */
  async statements(
    accountId: number,
    range: WibRange,
    page: { limit?: number; offset?: number } = {},
  ): Promise<MutationWithCategory[]> {
    let q = this.#withCategory(this.db)
      .where('mutations.account_id', '=', accountId)
      .where('mutations.transaction_date', '>=', range.from)
      .where('mutations.transaction_date', '<', range.to)
      .orderBy('mutations.transaction_date', 'desc')
      .orderBy('mutations.created_at', 'desc')
      .orderBy('mutations.id', 'desc');
    if (page.limit !== undefined) q = q.limit(page.limit).offset(page.offset ?? 0);
    return q.execute();
  }

  /** Credits of exactly `amount` on one account within a WIB range, newest first. */
  async matchCredits(
    accountId: number,
    amount: number,
    range: WibRange,
    limit?: number,
  ): Promise<MutationWithCategory[]> {
    let q = this.#withCategory(this.db)
      .where('mutations.account_id', '=', accountId)
      .where('mutations.type', '=', 'CR')
      .where('mutations.amount', '=', amount)
      .where('mutations.transaction_date', '>=', range.from)
      .where('mutations.transaction_date', '<', range.to)
      .orderBy('mutations.transaction_date', 'desc')
      .orderBy('mutations.created_at', 'desc');
    if (limit !== undefined) q = q.limit(limit);
    return q.execute();
  }

  /** One mutation, when it belongs to an account of `userId`. */
  async getForUser(userId: number, id: string): Promise<MutationWithCategory | undefined> {
    return this.#withCategory(this.db)
      .innerJoin('accounts', 'accounts.id', 'mutations.account_id')
      .where('accounts.user_id', '=', userId)
      .where('mutations.id', '=', id)
      .executeTakeFirst();
  }
}

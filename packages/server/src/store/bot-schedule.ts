/**
 * @module store/bot-schedule
 * The scheduler's state in the database: which accounts are due, and a lease per account so
 * that, with several server processes on one database, an account's connector is never run by
 * two at once. A lease that outlives its process (a crash) expires and the account is due again.
 */
import type { Kysely } from 'kysely';
import type { StoreDatabase } from './dialects/dialect.js';
import type { Database } from './schema.js';

/** An account the scheduler claimed. */
export interface ClaimedAccount {
  id: number;
  user_id: number;
  module: string;
  account_no: string;
  account_name: string;
  schedule_minutes: number;
  bot_failures: number;
}

/** Scheduler state repository. */
export class BotScheduleRepository {
  constructor(private readonly database: StoreDatabase) {}

  get #db(): Kysely<Database> {
    return this.database.db;
  }

  /**
   * Claims up to `limit` active accounts whose next run is due and whose lease is free or
   * expired, leasing them to `owner` until `now + leaseMs`. One write transaction: SQLite lets one
   * writer in at a time, and PostgreSQL skips rows another claimer has locked.
   */
  async claimDue(input: {
    owner: string;
    now: number;
    leaseMs: number;
    limit: number;
  }): Promise<ClaimedAccount[]> {
    return this.#db.transaction().execute(async (trx) => {
      let q = trx
        .selectFrom('accounts')
        .select(['id', 'user_id', 'module', 'account_no', 'account_name', 'schedule_minutes', 'bot_failures'])
        .where('is_active', '=', 1)
        .where('next_bot_process', '<=', input.now)
        .where((eb) => eb.or([eb('bot_lease_until', 'is', null), eb('bot_lease_until', '<', input.now)]))
        .orderBy('next_bot_process')
        .limit(input.limit);
      if (this.database.supportsSkipLocked) q = q.forUpdate().skipLocked();
      const due = await q.execute();
      if (due.length === 0) return [];
      await trx
        .updateTable('accounts')
        .set({ bot_lease_owner: input.owner, bot_lease_until: input.now + input.leaseMs })
        .where(
          'id',
          'in',
          due.map((a) => a.id),
        )
        .execute();
      return due;
    });
  }

  /**
   * Ends a run: records the next run time and failure streak and frees the lease, but only if
   * `owner` still holds it (a run that overran its lease must not overwrite a newer run's state).
   */
  async release(input: {
    accountId: number;
    owner: string;
    nextRunAt: number;
    failures: number;
    lastActivity: number;
  }): Promise<boolean> {
    const r = await this.#db
      .updateTable('accounts')
      .set({
        next_bot_process: input.nextRunAt,
        bot_failures: input.failures,
        last_bot_activity: input.lastActivity,
        bot_lease_owner: null,
        bot_lease_until: null,
      })
      .where('id', '=', input.accountId)
      .where('bot_lease_owner', '=', input.owner)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Makes an account due now (rerun); returns false for a missing or switched-off account. */
  async makeDue(accountId: number, now: number): Promise<boolean> {
    const r = await this.#db
      .updateTable('accounts')
      .set({ next_bot_process: now })
      .where('id', '=', accountId)
      .where('is_active', '=', 1)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** When the lease of a running account ends (undefined when none is held). */
  async leaseUntil(accountId: number): Promise<number | undefined> {
    const row = await this.#db
      .selectFrom('accounts')
      .select('bot_lease_until')
      .where('id', '=', accountId)
      .executeTakeFirst();
    return row?.bot_lease_until ?? undefined;
  }

  /** The earliest next run among active accounts, to sleep until then. */
  async nextDueAt(): Promise<number | undefined> {
    const row = await this.#db
      .selectFrom('accounts')
      .select((eb) => eb.fn.min('next_bot_process').as('next'))
      .where('is_active', '=', 1)
      .executeTakeFirst();
    return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
  }
}

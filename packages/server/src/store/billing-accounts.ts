/**
 * @module store/billing-accounts
 * Which bank account receives the saldo top-ups of each configured payment account
 * (`topup_kredit`'s `payment_id`). A top-up is an invoice on that account; its owner (the operator)
 * reads it like any other account, so a transfer arriving there through any ingest path pays it.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database } from './schema.js';

/** Billing accounts repository. */
export class BillingAccountsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** The account that receives `paymentId`'s top-ups, if bound. */
  async accountFor(paymentId: number): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('billing_accounts')
      .select('account_id')
      .where('payment_id', '=', paymentId)
      .executeTakeFirst();
    return row?.account_id;
  }

  /** Every binding, by payment id. */
  async list(): Promise<Map<number, number>> {
    const rows = await this.db.selectFrom('billing_accounts').selectAll().execute();
    return new Map(rows.map((r) => [r.payment_id, r.account_id]));
  }

  /**
   * Binds a payment id to an account unless it is bound already (another process starting at the
   * same moment may have won); returns the account now bound.
   */
  async bind(paymentId: number, accountId: number): Promise<number> {
    await this.db
      .insertInto('billing_accounts')
      .values({ payment_id: paymentId, account_id: accountId, created_at: this.clock.now() })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const bound = await this.accountFor(paymentId);
    if (bound === undefined) throw new Error(`payment account ${paymentId} could not be bound`);
    return bound;
  }

  /** Points a payment id at another account (the operator configured `account_id`). */
  async rebind(paymentId: number, accountId: number): Promise<void> {
    await this.db
      .insertInto('billing_accounts')
      .values({ payment_id: paymentId, account_id: accountId, created_at: this.clock.now() })
      .onConflict((oc) => oc.column('payment_id').doUpdateSet({ account_id: accountId }))
      .execute();
  }
}

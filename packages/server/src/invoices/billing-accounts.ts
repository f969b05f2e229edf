/**
 * @module invoices/billing-accounts
 * The bank account that receives the top-ups of each configured payment account
 * (`MUTASIBANK_PAYMENT_ACCOUNTS`, `topup_kredit`'s `payment_id`). One named by `account_id` is
 * bound at start. Otherwise the first top-up to that payment account creates one for the
 * operator (the first user), inactive until its banking credentials are set: its connector (or
 * the dev simulator, or an import) then brings the transfers that pay top-ups. Created lazily so
 * that a server which never sells saldo shows its operator no extra accounts.
 */
import { BANKS, SIMULATOR_BANK_ID } from '../connectors/registry.js';
import type { PaymentAccount } from '../http/context.js';
import type { Store } from '../store/store.js';

function bankOf(payment: PaymentAccount): { bank_id: number; module: string } {
  const name = payment.name.trim().toLowerCase();
  const bank = BANKS.find((b) => b.module === name || b.bankName.toLowerCase() === name);
  return bank
    ? { bank_id: bank.id, module: bank.module }
    : { bank_id: SIMULATOR_BANK_ID, module: 'simulator' };
}

/**
 * Binds the payment accounts that name an `account_id`; throws when one names an account that
 * does not exist, so a typo fails the start instead of the first top-up.
 */
export async function bindConfiguredBillingAccounts(
  store: Store,
  payments: readonly PaymentAccount[],
): Promise<void> {
  const bound = await store.billingAccounts.list();
  for (const payment of payments) {
    if (payment.account_id === undefined || bound.get(payment.id) === payment.account_id) continue;
    if (!(await store.accounts.getById(payment.account_id))) {
      throw new Error(
        `MUTASIBANK_PAYMENT_ACCOUNTS: payment ${payment.id} names account_id ${payment.account_id}, which does not exist`,
      );
    }
    await store.billingAccounts.rebind(payment.id, payment.account_id);
  }
}

/**
 * The account that receives `payment`'s top-ups, created for the operator on first use. Safe
 * under concurrency (two first top-ups at once, two processes): the binding's primary key picks
 * one account and the loser deletes the one it created. Undefined when there is no user yet.
 */
export async function billingAccountFor(store: Store, payment: PaymentAccount): Promise<number | undefined> {
  const bound = await store.billingAccounts.accountFor(payment.id);
  if (bound !== undefined) return bound;
  const owner = await store.db.selectFrom('users').select('id').orderBy('id').limit(1).executeTakeFirst();
  if (!owner) return undefined;
  const created = await store.accounts.create(
    owner.id,
    {
      ...bankOf(payment),
      account_name: payment.account_name,
      account_no: payment.account_number,
      is_active: 0,
      note: `Receives saldo top-ups (payment_id ${payment.id})`,
    },
    {},
  );
  const winner = await store.billingAccounts.bind(payment.id, created.id);
  if (winner !== created.id) await store.accounts.delete(owner.id, created.id);
  return winner;
}

/**
 * @module store/store
 * The one storage interface the server uses: repositories over a typed Kysely database, for
 * whichever dialect opened it. Routes, ingest and the scheduler receive a {@link Store}; none of
 * them writes SQL or knows the dialect.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { SecretBox } from '../security/secret-box.js';
import { AccountsRepository } from './accounts.js';
import { BillingAccountsRepository } from './billing-accounts.js';
import { BotRunsRepository } from './bot-runs.js';
import { BotScheduleRepository } from './bot-schedule.js';
import { CategoriesRepository } from './categories.js';
import type { StoreDatabase } from './dialects/dialect.js';
import { InvoicesRepository } from './invoices.js';
import { migrateToLatest } from './migrations/index.js';
import { MutationsRepository } from './mutations.js';
import { SqlOutboxStore } from './outbox.js';
import type { Database } from './schema.js';
import { UsersRepository } from './users.js';
import { WebhooksRepository } from './webhooks.js';

/** Every repository, plus the database for transactions that span them. */
export interface Store {
  readonly database: StoreDatabase;
  readonly db: Kysely<Database>;
  readonly users: UsersRepository;
  readonly accounts: AccountsRepository;
  readonly mutations: MutationsRepository;
  readonly categories: CategoriesRepository;
  readonly webhooks: WebhooksRepository;
  readonly botRuns: BotRunsRepository;
  readonly botSchedule: BotScheduleRepository;
  readonly invoices: InvoicesRepository;
  readonly billingAccounts: BillingAccountsRepository;
  readonly outbox: SqlOutboxStore;
  /** Runs `fn` in one write transaction. */
  transaction<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Migrates the database to the latest schema and builds the repositories over it. */
export async function openStore(database: StoreDatabase, box: SecretBox, clock: Clock): Promise<Store> {
  await migrateToLatest(database.db, database.dialect, database.schema);
  const db = database.db;
  const users = new UsersRepository(db, box, clock);
  return {
    database,
    db,
    users,
    accounts: new AccountsRepository(db, box, clock),
    mutations: new MutationsRepository(db),
    categories: new CategoriesRepository(db, clock),
    webhooks: new WebhooksRepository(db, box, clock),
    botRuns: new BotRunsRepository(db),
    botSchedule: new BotScheduleRepository(database),
    invoices: new InvoicesRepository(db, clock),
    billingAccounts: new BillingAccountsRepository(db, clock),
    outbox: new SqlOutboxStore(database, box, users, clock),
    transaction: (fn) => db.transaction().execute(fn),
    close: () => database.close(),
  };
}

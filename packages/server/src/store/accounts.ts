/**
 * @module store/accounts
 * Bank accounts of a user. Every read and write is scoped by `user_id`: another user's account is
 * indistinguishable from a missing one. Banking credentials live sealed in one column and only
 * {@link AccountsRepository.credentials} opens them, for connectors.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import { CREDENTIAL_NAMES, type CredentialName } from '../connectors/connector.js';
import type { SecretBox } from '../security/secret-box.js';
import type { AccountRow, Database } from './schema.js';

/** Decrypted credentials. */
export type Credentials = Partial<Record<CredentialName, string>>;

/** Plain (non-secret) fields a create or update may set. */
export interface AccountFields {
  bank_id?: number;
  module?: string;
  account_name?: string;
  account_no?: string;
  schedule_minutes?: number;
  url_callback?: string | null;
  email_notification?: string | null;
  wa_number?: string | null;
  telegram_id?: string | null;
  note?: string | null;
  is_active?: number;
}

/** An account as the rest of the server sees it: no sealed blob, just which credentials are set. */
export type Account = Omit<AccountRow, 'credentials_sealed' | 'credentials_fields'> & {
  credentials_set: CredentialName[];
};

/** Accounts repository. */
export class AccountsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly box: SecretBox,
    private readonly clock: Clock,
  ) {}

  #open(sealed: string | null): Credentials {
    if (!sealed) return {};
    return JSON.parse(this.box.open(sealed, 'account-credentials')) as Credentials;
  }

  #seal(creds: Credentials): { credentials_sealed: string | null; credentials_fields: string } {
    const present = Object.fromEntries(Object.entries(creds).filter(([, v]) => v !== undefined && v !== ''));
    const names = CREDENTIAL_NAMES.filter((f) => f in present);
    return {
      credentials_sealed:
        names.length === 0 ? null : this.box.seal(JSON.stringify(present), 'account-credentials'),
      credentials_fields: names.join(','),
    };
  }

  #view(row: AccountRow): Account {
    const { credentials_sealed: _sealed, credentials_fields, ...rest } = row;
    const set = credentials_fields === '' ? [] : (credentials_fields.split(',') as CredentialName[]);
    return { ...rest, credentials_set: set };
  }

  async list(userId: number): Promise<Account[]> {
    const rows = await this.db
      .selectFrom('accounts')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('id')
      .execute();
    return rows.map((r) => this.#view(r));
  }

  async get(userId: number, id: number): Promise<Account | undefined> {
    const row = await this.db
      .selectFrom('accounts')
      .selectAll()
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? this.#view(row) : undefined;
  }

  /** Unscoped read, for the scheduler and delivery (which act for the owner). */
  async getById(id: number, db: Kysely<Database> = this.db): Promise<Account | undefined> {
    const row = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.#view(row) : undefined;
  }

  async create(
    userId: number,
    fields: Required<Pick<AccountFields, 'bank_id' | 'module' | 'account_name' | 'account_no'>> &
      AccountFields,
    credentials: Credentials,
  ): Promise<Account> {
    const now = this.clock.now();
    const sealed = this.#seal(credentials);
    const row = await this.db
      .insertInto('accounts')
      .values({
        user_id: userId,
        bank_id: fields.bank_id,
        module: fields.module,
        account_name: fields.account_name,
        account_no: fields.account_no,
        balance: 0,
        is_active: fields.is_active ?? 1,
        schedule_minutes: fields.schedule_minutes ?? 15,
        url_callback: fields.url_callback ?? null,
        email_notification: fields.email_notification ?? null,
        wa_number: fields.wa_number ?? null,
        telegram_id: fields.telegram_id ?? null,
        note: fields.note ?? null,
        credentials_sealed: sealed.credentials_sealed,
        credentials_fields: sealed.credentials_fields,
        next_bot_process: now,
        bot_failures: 0,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return this.#view(row);
  }

  /**
   * Updates plain fields and merges credentials (a field given as an empty string is removed).
   * Returns false when the account is not the user's.
   */
  async update(
    userId: number,
    id: number,
    fields: AccountFields,
    credentials: Credentials,
  ): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('accounts')
        .select('credentials_sealed')
        .where('user_id', '=', userId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) return false;
      const sealed =
        Object.keys(credentials).length > 0
          ? this.#seal({ ...this.#open(row.credentials_sealed), ...credentials })
          : {};
      const patch = { ...fields, ...sealed, updated_at: this.clock.now() };
      await trx.updateTable('accounts').set(patch).where('id', '=', id).execute();
      return true;
    });
  }

  async delete(userId: number, id: number): Promise<boolean> {
    const r = await this.db
      .deleteFrom('accounts')
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Sets `is_active` (or flips it when `active` is omitted); returns the new state, or undefined. */
  async setActive(userId: number, id: number, active?: boolean): Promise<number | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('accounts')
        .select('is_active')
        .where('user_id', '=', userId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) return undefined;
      const next = active === undefined ? (row.is_active ? 0 : 1) : active ? 1 : 0;
      const now = this.clock.now();
      await trx
        .updateTable('accounts')
        // Switching on schedules a run at once; switching off leaves the time for log readers.
        .set(
          next
            ? { is_active: 1, next_bot_process: now, bot_failures: 0, updated_at: now }
            : { is_active: 0, updated_at: now },
        )
        .where('id', '=', id)
        .execute();
      return next;
    });
  }

  /** Opens an account's credentials, for its connector. Never log the result. */
  async credentials(id: number): Promise<Credentials> {
    const row = await this.db
      .selectFrom('accounts')
      .select('credentials_sealed')
      .where('id', '=', id)
      .executeTakeFirst();
    return this.#open(row?.credentials_sealed ?? null);
  }

  /** Sets the balance the bank last reported. */
  async setBalance(db: Kysely<Database>, id: number, balance: number): Promise<void> {
    await db.updateTable('accounts').set({ balance }).where('id', '=', id).execute();
  }

  /** Adds to the balance (simulator rows that carry no balance of their own). */
  async addToBalance(db: Kysely<Database>, id: number, delta: number): Promise<number> {
    const row = await db
      .updateTable('accounts')
      .set((eb) => ({ balance: eb('balance', '+', delta) }))
      .where('id', '=', id)
      .returning('balance')
      .executeTakeFirstOrThrow();
    return row.balance;
  }
}

/**
 * @module client/client
 * {@link MutasibankClient}: one typed method per endpoint of the Mutasibank API, named as in the
 * sample PHP class. Each method checks its arguments, then goes through the one request path in
 * `request.ts`; the endpoint details live in `resources/`.
 */
import type { DateInput, Id } from './arguments.js';
import { type MutasibankClientOptions, resolveClientOptions } from './options.js';
import { type ApiSender, FetchApiSender, type RequestOptions } from './request.js';
import * as accounts from './resources/accounts.js';
import { type BankInfo, getListBank } from './resources/banks.js';
import * as categories from './resources/categories.js';
import type { MessageResult } from './resources/message.js';
import * as statements from './resources/statements.js';
import { type TopupPaymentId, type TopupResult, topupKredit } from './resources/topup.js';
import { getUser, type UserInfo } from './resources/user.js';
import * as webhooks from './resources/webhooks.js';

/**
 * A typed client for every endpoint of the Mutasibank API. Methods throw a `MutasibankError`
 * subclass on failure (never return one); every method takes per-call `{ signal, timeoutMs }` last.
 *
 * @example
 * const client = new MutasibankClient({ token: process.env.MUTASIBANK_TOKEN ?? '' });
 * const [account] = await client.getAccounts();
 * if (account) {
 *   const today = await client.getStatements(account.id); // no dates: today, WIB
 *   const { valid } = await client.matchTransaction(account.id, 150_123);
 * }
 */
export class MutasibankClient {
  readonly #api: ApiSender;

  constructor(options: MutasibankClientOptions) {
    this.#api = new FetchApiSender(resolveClientOptions(options));
  }

  /** The token's owner: name, email, credit (`saldo`, integer rupiah), package. `GET /user`. */
  getUser(options?: RequestOptions): Promise<UserInfo> {
    return getUser(this.#api, options);
  }

  /** Banks the service supports; their `id` is `createAccount`'s `bank_id`. `GET /list_bank`. */
  getListBank(options?: RequestOptions): Promise<BankInfo[]> {
    return getListBank(this.#api, options);
  }

  /** Every watched account. `GET /accounts`. */
  getAccounts(options?: RequestOptions): Promise<accounts.Account[]> {
    return accounts.getAccounts(this.#api, options);
  }

  /** One account; `MutasibankNotFoundError` if it is not yours. `GET /account/{id}`. */
  getAccount(id: Id, options?: RequestOptions): Promise<accounts.Account> {
    return accounts.getAccount(this.#api, id, options);
  }

  /**
   * Adds an account to watch. Not retried (a lost answer may still have created it).
   * `POST /account/create`, JSON.
   */
  createAccount(data: accounts.CreateAccountInput, options?: RequestOptions): Promise<accounts.Account> {
    return accounts.createAccount(this.#api, data, options);
  }

  /** Changes some of an account's fields (at least one). `PUT /account/{id}`, JSON. */
  updateAccount(id: Id, data: accounts.UpdateAccountInput, options?: RequestOptions): Promise<MessageResult> {
    return accounts.updateAccount(this.#api, id, data, options);
  }

  /** Stops watching an account and removes it. `DELETE /account/{id}`. */
  deleteAccount(id: Id, options?: RequestOptions): Promise<MessageResult> {
    return accounts.deleteAccount(this.#api, id, options);
  }

  /** Switches the bot on (`true`/`1`) or off (`false`/`0`). `POST /on_off/{id}`, form `status`. */
  toggleAccountStatus(id: Id, status: boolean | 0 | 1, options?: RequestOptions): Promise<MessageResult> {
    return accounts.toggleAccountStatus(this.#api, id, status, options);
  }

  /** Flips the bot on/off, whatever its state. `POST /account/{id}/toggle`, JSON `{}`. */
  toggleAccount(id: Id, options?: RequestOptions): Promise<MessageResult> {
    return accounts.toggleAccount(this.#api, id, options);
  }

  /** Enters the two KeyBCA token codes a BCA login asks for. `POST /input_token/{id}`, form. */
  inputToken(id: Id, token1: string, token2: string, options?: RequestOptions): Promise<MessageResult> {
    return accounts.inputToken(this.#api, id, token1, token2, options);
  }

  /** Asks the bot to check the account now. `GET /rerun/{id}`. */
  rerunCheck(id: Id, options?: RequestOptions): Promise<accounts.RerunResult> {
    return accounts.rerunCheck(this.#api, id, options);
  }

  /** The bot's recent runs for an account. `GET /log_bot/{id}`. */
  getLogBot(id: Id, options?: RequestOptions): Promise<accounts.BotLogEntry[]> {
    return accounts.getLogBot(this.#api, id, options);
  }

  /**
   * Statement rows of an account from `from` to `to` (both included; `YYYY-MM-DD` or `Date`,
   * read in WIB), or for today (WIB) when both are left out. `POST /statements/{id}`, form.
   */
  getStatements(
    id: Id,
    from?: DateInput,
    to?: DateInput,
    options?: RequestOptions,
  ): Promise<statements.StatementsResult> {
    return statements.getStatements(this.#api, id, from, to, options);
  }

  /**
   * Reads a long range window by window (default 31 days each), oldest first, one request at a
   * time. Arguments are checked at once, before the first request.
   *
   * @example
   * for await (const { dateFrom, result } of client.iterateStatements(42, '2025-01-01', '2025-06-30')) {
   *   console.log(dateFrom, result.data.length);
   * }
   */
  iterateStatements(
    id: Id,
    from: DateInput,
    to: DateInput,
    options?: statements.IterateStatementsOptions,
  ): AsyncGenerator<statements.StatementsChunk, void, undefined> {
    return statements.iterateStatements(this.#api, id, from, to, options);
  }

  /**
   * The first row with exactly `amount` rupiah, optionally within dates: is this payment in?
   * `POST /match/{id}`, form `amount`, `date_from?`, `date_to?`.
   */
  matchTransaction(
    id: Id,
    amount: number,
    from?: DateInput,
    to?: DateInput,
    options?: RequestOptions,
  ): Promise<statements.MatchResult> {
    return statements.matchTransaction(this.#api, id, amount, from, to, options);
  }

  /** Every row with exactly `amount` rupiah. `POST /matchs/{id}`, form `amount`. */
  matchTransactions(id: Id, amount: number, options?: RequestOptions): Promise<statements.MatchesResult> {
    return statements.matchTransactions(this.#api, id, amount, options);
  }

  /** Whether a transaction id is a real row, and the row. `GET /validate/{txId}`. */
  validateTransaction(txId: Id, options?: RequestOptions): Promise<statements.MatchResult> {
    return statements.validateTransaction(this.#api, txId, options);
  }

  /** Every category. `GET /categories`. */
  getCategories(options?: RequestOptions): Promise<categories.Category[]> {
    return categories.getCategories(this.#api, options);
  }

  /** One category. `GET /category/{id}`. */
  getCategory(id: Id, options?: RequestOptions): Promise<categories.Category> {
    return categories.getCategory(this.#api, id, options);
  }

  /** Creates a category for money in (`CR`) or out (`DB`). Not retried. `POST /category`, JSON. */
  createCategory(
    name: string,
    type: statements.MutationType,
    description?: string,
    options?: RequestOptions,
  ): Promise<categories.Category> {
    return categories.createCategory(this.#api, name, type, description, options);
  }

  /** Changes a category (at least one field). `PUT /category/{id}`, JSON. */
  updateCategory(
    id: Id,
    data: categories.UpdateCategoryInput,
    options?: RequestOptions,
  ): Promise<MessageResult> {
    return categories.updateCategory(this.#api, id, data, options);
  }

  /** Deletes a category. `DELETE /category/{id}`. */
  deleteCategory(id: Id, options?: RequestOptions): Promise<MessageResult> {
    return categories.deleteCategory(this.#api, id, options);
  }

  /** Every webhook (secrets hidden). `GET /webhooks`. */
  getWebhooks(options?: RequestOptions): Promise<webhooks.Webhook[]> {
    return webhooks.getWebhooks(this.#api, options);
  }

  /** One webhook (secret hidden). `GET /webhook/{id}`. */
  getWebhook(id: Id, options?: RequestOptions): Promise<webhooks.Webhook> {
    return webhooks.getWebhook(this.#api, id, options);
  }

  /**
   * Registers `url` for an account's new mutations. The answer holds the signing `secret`, shown
   * only this once: store it. Not retried. `POST /webhook`, JSON.
   */
  createWebhook(
    url: string,
    accountId: Id,
    description?: string,
    options?: RequestOptions,
  ): Promise<webhooks.CreatedWebhook> {
    return webhooks.createWebhook(this.#api, url, accountId, description, options);
  }

  /** Changes a webhook (at least one field). `PUT /webhook/{id}`, JSON. */
  updateWebhook(id: Id, data: webhooks.UpdateWebhookInput, options?: RequestOptions): Promise<MessageResult> {
    return webhooks.updateWebhook(this.#api, id, data, options);
  }

  /** Deletes a webhook. `DELETE /webhook/{id}`. */
  deleteWebhook(id: Id, options?: RequestOptions): Promise<MessageResult> {
    return webhooks.deleteWebhook(this.#api, id, options);
  }

  /**
   * Starts a credit top-up of `amount` rupiah (at least 10000) paid to BCA (`1`) or Mandiri (`2`);
   * transfer exactly the returned `total`. Never retried. `POST /topup_kredit`, form.
   */
  topupKredit(amount: number, paymentId: TopupPaymentId, options?: RequestOptions): Promise<TopupResult> {
    return topupKredit(this.#api, amount, paymentId, options);
  }
}

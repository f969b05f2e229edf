/**
 * @module store/schema
 * The database as Kysely sees it. Times are epoch milliseconds (UTC instants) except
 * `mutations.transaction_date`, which is the bank's WIB wall-clock time as `YYYY-MM-DD HH:mm:ss`
 * text: it sorts correctly, needs no zone conversion for date-range queries, and is what the API
 * returns. Money is integer rupiah everywhere. Booleans are 0/1 integers (portable to PostgreSQL
 * as `integer`, and what the hosted API returns for `is_active`).
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface UsersTable {
  id: Generated<number>;
  name: string;
  email: string;
  saldo: number;
  created_at: number;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** SHA-256 hex of the token: the only form used for lookup. */
  token_hash: string;
  /** The token sealed with the server key; only read to put `api_key` in webhook bodies. */
  token_sealed: string;
  /** First characters, to tell tokens apart in listings without revealing them. */
  token_prefix: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface AccountsTable {
  id: Generated<number>;
  user_id: number;
  bank_id: number;
  module: string;
  account_name: string;
  account_no: string;
  balance: number;
  is_active: number;
  schedule_minutes: number;
  url_callback: string | null;
  email_notification: string | null;
  wa_number: string | null;
  telegram_id: string | null;
  note: string | null;
  /** Banking credentials (passwords, api secrets, KeyBCA tokens) as one sealed JSON object. */
  credentials_sealed: string | null;
  /** Names of the stored credential fields, comma-separated, so listings need not decrypt. */
  credentials_fields: string;
  last_bot_activity: number | null;
  next_bot_process: number | null;
  /** Scheduler lease: which process runs this account's connector now, and until when. */
  bot_lease_owner: string | null;
  bot_lease_until: number | null;
  bot_failures: number;
  created_at: number;
  updated_at: number;
}

export interface MutationsTable {
  id: string;
  account_id: number;
  /** Stable per-account identity of a statement row; see `ingest/fingerprint.ts`. */
  fingerprint: string;
  transaction_date: string;
  description: string;
  type: 'CR' | 'DB';
  amount: number;
  balance: number;
  category_id: number | null;
  bank_reference: string | null;
  /** Where the row came from: a connector module, `import`, or `simulator`. */
  source: string;
  created_at: number;
}

export interface CategoriesTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  type: 'CR' | 'DB';
  description: string | null;
  created_at: number;
  updated_at: number;
}

export interface WebhooksTable {
  id: Generated<number>;
  user_id: number;
  account_id: number;
  url: string;
  description: string | null;
  is_active: number;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: number | null;
  /** 1: the body carries the owner's API token as `api_key`, as the sample receivers expect. */
  include_api_key: number;
  /** 1: also send Standard-Webhooks headers (`webhook-id`, `webhook-timestamp`, `webhook-signature`). */
  standard_signature: number;
  /** 1: messages of one account reach this endpoint in creation order. */
  ordered: number;
  disabled_reason: string | null;
  failing_since: number | null;
  /** `webhook` (the webhook routes), or `callback` (an account's `url_callback`). */
  kind: Generated<'webhook' | 'callback'>;
  created_at: number;
  updated_at: number;
}

export interface BotRunsTable {
  id: Generated<number>;
  account_id: number;
  trigger: 'schedule' | 'rerun' | 'import';
  started_at: number;
  finished_at: number | null;
  rows_read: number;
  rows_new: number;
  outcome: 'running' | 'ok' | 'error' | 'timeout';
  error: string | null;
}

/**
 * Invoice lifecycle. `open` and `review` hold their total (a review keeps the invoice payable:
 * an exact transfer later still pays it); `paid` and `paid_late` name the paying mutation.
 */
export type InvoiceStatus = 'open' | 'review' | 'paid' | 'paid_late' | 'expired' | 'cancelled';

export interface InvoicesTable {
  id: Generated<number>;
  account_id: number;
  /** The price before the code, integer rupiah. */
  amount: number;
  unique_code: number;
  /** What the customer transfers: amount plus (or minus) the code. */
  total: number;
  reference: string;
  /** `normalizeReference(reference)`: what descriptions are compared with. */
  reference_key: string;
  description: string | null;
  status: InvoiceStatus;
  valid_from: number;
  expires_at: number;
  paid_mutation_id: string | null;
  paid_at: number | null;
  /** `match` (the ingest path) or `settle` (by hand). */
  paid_via: 'match' | 'settle' | null;
  /** The latest review: why, which credit, and `amount - total` for under/overpaid. */
  review_reason: string | null;
  review_mutation_id: string | null;
  review_difference: number | null;
  reviewed_at: number | null;
  /** Set on a saldo top-up: the user whose saldo its payment raises. */
  topup_user_id: number | null;
  /** When it expired or was cancelled. */
  closed_at: number | null;
  created_at: number;
  updated_at: number;
}

/** What a credit did, one row per credit that paid or went to review (unmatched credits have none). */
export interface InvoiceMatchesTable {
  mutation_id: string;
  account_id: number;
  outcome: 'paid' | 'paid_late' | 'settled' | 'review';
  /** The review reason (`underpaid`, `reference_conflict`, ...); null when paid. */
  reason: string | null;
  /** The invoice it paid. */
  invoice_id: number | null;
  /** JSON array of the invoice ids involved, most relevant first. */
  invoice_ids: string;
  created_at: number;
  updated_at: number;
}

/** Which bank account receives the top-ups of a configured payment account (`payment_id`). */
export interface BillingAccountsTable {
  payment_id: number;
  account_id: number;
  created_at: number;
}

export interface OutboxMessagesTable {
  /** Creation order (the outbox's `sequence`). */
  seq: Generated<number>;
  /** UUID, stable across retries: X-Mutasibank-Webhook-Id. */
  id: string;
  endpoint_id: number;
  account_id: number;
  /** `mutations`, `test`, or an event name such as `invoice.paid`. */
  kind: string;
  /** The JSON body without `api_key` (added at send time from the sealed token). */
  payload: string;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  status: 'pending' | 'delivered' | 'failed';
  lease_token: string | null;
  lease_owner: string | null;
  lease_expires_at: number | null;
  finished_at: number | null;
}

export interface OutboxAttemptsTable {
  id: Generated<number>;
  message_id: string;
  endpoint_id: number;
  attempt_number: number;
  started_at: number;
  latency_ms: number;
  outcome: string;
  kind: string;
  status_code: number | null;
  error: string | null;
  response_snippet: string | null;
  worker_id: string;
}

/** Every table, keyed by name. */
export interface Database {
  users: UsersTable;
  api_tokens: ApiTokensTable;
  accounts: AccountsTable;
  mutations: MutationsTable;
  categories: CategoriesTable;
  webhooks: WebhooksTable;
  bot_runs: BotRunsTable;
  invoices: InvoicesTable;
  invoice_matches: InvoiceMatchesTable;
  billing_accounts: BillingAccountsTable;
  outbox_messages: OutboxMessagesTable;
  outbox_attempts: OutboxAttemptsTable;
}

export type UserRow = Selectable<UsersTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type AccountRow = Selectable<AccountsTable>;
export type NewAccount = Insertable<AccountsTable>;
export type AccountUpdate = Updateable<AccountsTable>;
export type MutationRow = Selectable<MutationsTable>;
export type CategoryRow = Selectable<CategoriesTable>;
export type WebhookRow = Selectable<WebhooksTable>;
export type BotRunRow = Selectable<BotRunsTable>;
export type InvoiceRow = Selectable<InvoicesTable>;
export type InvoiceMatchRow = Selectable<InvoiceMatchesTable>;
export type OutboxMessageRow = Selectable<OutboxMessagesTable>;
export type OutboxAttemptRow = Selectable<OutboxAttemptsTable>;

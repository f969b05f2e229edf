/**
 * @module client
 * The typed Mutasibank API client and the types of what it sends and returns. `MutationType`
 * (`'CR' | 'DB'`) is deliberately not re-exported here: the webhooks module exports the same
 * type under that name, and two `export *` of one name would clash in the package index.
 */
export type { DateInput, Id } from './arguments.js';
export { MutasibankClient } from './client.js';
export { DEFAULT_BASE_URL, type MutasibankClientOptions } from './options.js';
export type { FetchLike, RequestOptions } from './request.js';
export type {
  Account,
  BotLogEntry,
  CreateAccountInput,
  RerunResult,
  UpdateAccountInput,
} from './resources/accounts.js';
export type { BankInfo } from './resources/banks.js';
export type { Category, UpdateCategoryInput } from './resources/categories.js';
export type { MessageResult } from './resources/message.js';
export type {
  IterateStatementsOptions,
  MatchesResult,
  MatchResult,
  Mutation,
  StatementsChunk,
  StatementsResult,
} from './resources/statements.js';
export {
  TOPUP_MINIMUM_RUPIAH,
  type TopupPayment,
  type TopupPaymentId,
  type TopupResult,
} from './resources/topup.js';
export type { UserInfo } from './resources/user.js';
export type { CreatedWebhook, UpdateWebhookInput, Webhook } from './resources/webhooks.js';
export type { RetryOptions } from './retry.js';

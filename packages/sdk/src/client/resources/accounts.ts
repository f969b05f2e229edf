/**
 * @module client/resources/accounts
 * Watched bank accounts and their bot: list, read, create, update, delete, switch on/off, enter a
 * KeyBCA token, re-run a check, read the bot's log.
 */

import { MutasibankInvalidRequestError } from '../../errors.js';
import {
  checkFields,
  checkHttpUrl,
  checkId,
  checkOptionalString,
  checkPositiveInteger,
  checkText,
  checkUpdateFields,
  type Id,
} from '../arguments.js';
import { apiPath } from '../encode.js';
import type { ApiSender, RequestOptions } from '../request.js';
import { type JsonObject, readBalance, readObject, readObjects } from '../response-fields.js';
import { type MessageResult, readMessageResult } from './message.js';

/**
 * A watched bank account. Banking passwords, api secrets and client secrets are never returned.
 */
export interface Account {
  id: Id;
  /** Bank name as shown to users (`BCA`). */
  bank: string;
  /** Connector name (`bca`, `bri`, `bni`, `mandiri`, ...). */
  module: string;
  account_no: string;
  account_name: string;
  /** Last known balance in integer rupiah (0 when the service leaves it empty). */
  balance: number;
  /** Whether the bot checks this account; PHP services send `1`/`0` or booleans. */
  is_active: boolean | number;
  /** Last bot run, `YYYY-MM-DD HH:mm:ss` WIB. */
  last_bot_activity?: string | null;
  /** Next scheduled bot run, `YYYY-MM-DD HH:mm:ss` WIB. */
  next_bot_process?: string | null;
  url_callback?: string | null;
  schedule_minutes?: number | null;
  note?: string | null;
  [field: string]: unknown;
}

/** Fields of `createAccount`. Which credentials a bank needs depends on its connector. */
export interface CreateAccountInput {
  /** A bank `id` from `getListBank`. */
  bank_id: Id;
  account_name: string;
  account_no: string;
  user_banking?: string;
  password_banking?: string;
  api_key?: string;
  api_secret?: string;
  client_id?: string;
  client_secret?: string;
  corp_id?: string;
  /** Minutes between bot runs. */
  schedule_minutes?: number;
  /** URL the service POSTs new mutations to (besides webhooks). */
  url_callback?: string;
  email_notification?: string;
  wa_number?: string;
  telegram_id?: string;
  note?: string;
}

/** Fields of `updateAccount`: any `createAccount` field; at least one. */
export type UpdateAccountInput = Partial<CreateAccountInput>;

/** One bot run in `getLogBot`. The spec names no fields; these are the ones services tend to send. */
export interface BotLogEntry {
  id?: Id;
  /** `YYYY-MM-DD HH:mm:ss` WIB. */
  created_at?: string;
  status?: string;
  message?: string;
  [field: string]: unknown;
}

/** Answer of `rerunCheck`: a message and, when the service says, the next run time. */
export interface RerunResult extends MessageResult {
  /** Next scheduled run, `YYYY-MM-DD HH:mm:ss` WIB (field name inferred from Account). */
  next_bot_process?: string;
}

const TEXT_FIELDS = [
  'user_banking',
  'api_key',
  'client_id',
  'corp_id',
  'email_notification',
  'wa_number',
  'telegram_id',
  'note',
] as const;
// Checked like the others, but a bad value is never shown in the error message.
const SECRET_FIELDS = ['password_banking', 'api_secret', 'client_secret'] as const;

function checkAccountFields(fields: JsonObject, isCreate: boolean): void {
  if (isCreate || fields.bank_id !== undefined) checkId(fields.bank_id, 'bank_id');
  if (isCreate || fields.account_name !== undefined) checkText(fields.account_name, 'account_name');
  if (isCreate || fields.account_no !== undefined) checkText(fields.account_no, 'account_no');
  if (fields.schedule_minutes !== undefined)
    checkPositiveInteger(fields.schedule_minutes, 'schedule_minutes');
  if (fields.url_callback !== undefined && fields.url_callback !== '')
    checkHttpUrl(fields.url_callback, 'url_callback');
  for (const name of TEXT_FIELDS) checkOptionalString(fields[name], name);
  for (const name of SECRET_FIELDS) {
    if (fields[name] !== undefined && typeof fields[name] !== 'string') {
      throw new MutasibankInvalidRequestError(`${name} must be a string when given`);
    }
  }
}

/** Reads an Account, normalising `balance` to integer rupiah. */
export function readAccount(value: unknown, field: string): Account {
  const account = readObject(value, field);
  return { ...account, balance: readBalance(account.balance, `${field}.balance`) } as Account;
}

/** `GET /accounts`; see `MutasibankClient.getAccounts`. */
export async function getAccounts(api: ApiSender, options?: RequestOptions): Promise<Account[]> {
  return api.send(
    { method: 'GET', path: '/accounts' },
    (body) => readObjects(body.data, 'data').map((item, i) => readAccount(item, `data[${i}]`)),
    options,
  );
}

/** `GET /account/{id}`; see `MutasibankClient.getAccount`. */
export async function getAccount(api: ApiSender, id: Id, options?: RequestOptions): Promise<Account> {
  const path = apiPath`/account/${checkId(id, 'id')}`;
  return api.send({ method: 'GET', path }, (body) => readAccount(body.data, 'data'), options);
}

/** `POST /account/create` (JSON); see `MutasibankClient.createAccount`. */
export async function createAccount(
  api: ApiSender,
  data: CreateAccountInput,
  options?: RequestOptions,
): Promise<Account> {
  const fields = checkFields(data, 'data');
  checkAccountFields(fields, true);
  return api.send(
    { method: 'POST', path: '/account/create', json: fields },
    (body) => readAccount(body.data, 'data'),
    options,
  );
}

/** `PUT /account/{id}` (JSON); see `MutasibankClient.updateAccount`. */
export async function updateAccount(
  api: ApiSender,
  id: Id,
  data: UpdateAccountInput,
  options?: RequestOptions,
): Promise<MessageResult> {
  const path = apiPath`/account/${checkId(id, 'id')}`;
  const fields = checkUpdateFields(data, 'data');
  checkAccountFields(fields, false);
  return api.send({ method: 'PUT', path, json: fields }, readMessageResult, options);
}

/** `DELETE /account/{id}`; see `MutasibankClient.deleteAccount`. */
export async function deleteAccount(
  api: ApiSender,
  id: Id,
  options?: RequestOptions,
): Promise<MessageResult> {
  const path = apiPath`/account/${checkId(id, 'id')}`;
  return api.send({ method: 'DELETE', path }, readMessageResult, options);
}

/** `POST /on_off/{id}` (form `status=0|1`); see `MutasibankClient.toggleAccountStatus`. */
export async function toggleAccountStatus(
  api: ApiSender,
  id: Id,
  status: boolean | 0 | 1,
  options?: RequestOptions,
): Promise<MessageResult> {
  const path = apiPath`/on_off/${checkId(id, 'id')}`;
  if (status !== true && status !== false && status !== 0 && status !== 1) {
    throw new MutasibankInvalidRequestError(`status must be true, false, 1 or 0, got ${String(status)}`);
  }
  const form = { status: status === true || status === 1 ? '1' : '0' };
  return api.send({ method: 'POST', path, form }, readMessageResult, options);
}

/** `POST /account/{id}/toggle` (JSON `{}`); see `MutasibankClient.toggleAccount`. */
export async function toggleAccount(
  api: ApiSender,
  id: Id,
  options?: RequestOptions,
): Promise<MessageResult> {
  const path = apiPath`/account/${checkId(id, 'id')}/toggle`;
  return api.send({ method: 'POST', path, json: {} }, readMessageResult, options);
}

/** `POST /input_token/{id}` (form `token_1`, `token_2`); see `MutasibankClient.inputToken`. */
export async function inputToken(
  api: ApiSender,
  id: Id,
  token1: string,
  token2: string,
  options?: RequestOptions,
): Promise<MessageResult> {
  const path = apiPath`/input_token/${checkId(id, 'id')}`;
  const form = {
    token_1: checkText(token1, 'token1', { isSecret: true }),
    token_2: checkText(token2, 'token2', { isSecret: true }),
  };
  return api.send({ method: 'POST', path, form }, readMessageResult, options);
}

/** `GET /rerun/{id}`; see `MutasibankClient.rerunCheck`. */
export async function rerunCheck(api: ApiSender, id: Id, options?: RequestOptions): Promise<RerunResult> {
  const path = apiPath`/rerun/${checkId(id, 'id')}`;
  return api.send({ method: 'GET', path }, readMessageResult, options);
}

/** `GET /log_bot/{id}`; see `MutasibankClient.getLogBot`. */
export async function getLogBot(api: ApiSender, id: Id, options?: RequestOptions): Promise<BotLogEntry[]> {
  const path = apiPath`/log_bot/${checkId(id, 'id')}`;
  return api.send({ method: 'GET', path }, (body) => readObjects(body.data, 'data'), options);
}

/**
 * @module client/resources/statements
 * Statement rows ("mutasi") and payment matching: read a date range, find a transfer by amount,
 * validate a transaction by id. These POSTs only read, so they are retried like GETs.
 */
import { MutasibankInvalidRequestError } from '../../errors.js';
import {
  checkAmount,
  checkDate,
  checkDateOrder,
  checkId,
  checkOptionalDate,
  checkPositiveInteger,
  type DateInput,
  type Id,
} from '../arguments.js';
import { splitDateRange } from '../date-range.js';
import { apiPath } from '../encode.js';
import type { ApiSender, RequestOptions } from '../request.js';
import {
  isJsonObject,
  type JsonObject,
  readBalance,
  readFlag,
  readObject,
  readObjects,
  readRupiah,
} from '../response-fields.js';

/** `CR`: money in (credit); `DB`: money out (debit). */
export type MutationType = 'CR' | 'DB';

/** One statement row. */
export interface Mutation {
  /** UUID on our server; integers on some deployments. */
  id: Id;
  /** `YYYY-MM-DD HH:mm:ss` WIB (some banks give only the date). */
  transaction_date: string;
  description: string;
  type: MutationType;
  /** Integer rupiah, always positive; `type` says the direction. Normalised from `"100000.00"`. */
  amount: number;
  /** Balance after the row, integer rupiah; 0 where the bank does not say. */
  balance: number;
  category?: string | null;
  account_id?: Id;
  [field: string]: unknown;
}

/** Answer of `getStatements`: the account, its balance, and the rows of the range. */
export interface StatementsResult {
  account_name: string;
  account_number: string;
  /** Current balance in integer rupiah (0 when the service leaves it empty). */
  balance: number;
  data: Mutation[];
  [field: string]: unknown;
}

/** Answer of `matchTransaction` and `validateTransaction`. `data` is `null` when nothing matched. */
export interface MatchResult {
  valid: boolean;
  data: Mutation | null;
  [field: string]: unknown;
}

/** Answer of `matchTransactions`: every row with the amount (empty when none). */
export interface MatchesResult {
  valid: boolean;
  data: Mutation[];
  [field: string]: unknown;
}

/** One window of `iterateStatements`: the dates asked for and the service's answer. */
export interface StatementsChunk {
  dateFrom: string;
  dateTo: string;
  result: StatementsResult;
}

/** Options of `iterateStatements`: window size, plus the usual per-call options. */
export interface IterateStatementsOptions extends RequestOptions {
  /** Largest window per request, in days (both ends included). Default 31. */
  maxDaysPerRequest?: number;
}

/** Reads a statement row, normalising `amount` and `balance` to integer rupiah. */
export function readMutation(value: unknown, field: string): Mutation {
  const row = readObject(value, field);
  return {
    ...row,
    amount: readRupiah(row.amount, `${field}.amount`),
    balance: readBalance(row.balance, `${field}.balance`),
  } as Mutation;
}

function readMutations(value: unknown, field: string): Mutation[] {
  // A service with no rows may send null or omit the list; that is an empty answer, not a broken one.
  if (value === undefined || value === null) return [];
  return readObjects(value, field).map((row, i) => readMutation(row, `${field}[${i}]`));
}

function readStatements(body: JsonObject): StatementsResult {
  return {
    ...body,
    balance: readBalance(body.balance, 'balance'),
    data: readMutations(body.data, 'data'),
  } as StatementsResult;
}

function readMatch(body: JsonObject): MatchResult {
  // "No match" arrives as null, [] or {} depending on the deployment; all mean no row.
  const hasRow = isJsonObject(body.data) && Object.keys(body.data).length > 0;
  return {
    ...body,
    valid: readFlag(body.valid, 'valid'),
    data: hasRow ? readMutation(body.data, 'data') : null,
  };
}

function readMatches(body: JsonObject): MatchesResult {
  return { ...body, valid: readFlag(body.valid, 'valid'), data: readMutations(body.data, 'data') };
}

/** `POST /statements/{id}` (form `date_from`, `date_to`); see `MutasibankClient.getStatements`. */
export async function getStatements(
  api: ApiSender,
  id: Id,
  from?: DateInput,
  to?: DateInput,
  options?: RequestOptions,
): Promise<StatementsResult> {
  const path = apiPath`/statements/${checkId(id, 'id')}`;
  if ((from === undefined) !== (to === undefined)) {
    throw new MutasibankInvalidRequestError('getStatements takes both from and to, or neither (today, WIB)');
  }
  const dateFrom = checkOptionalDate(from, 'from');
  const dateTo = checkOptionalDate(to, 'to');
  checkDateOrder(dateFrom, dateTo);
  return api.send(
    { method: 'POST', path, form: { date_from: dateFrom, date_to: dateTo }, isReadOnly: true },
    readStatements,
    options,
  );
}

/**
 * Reads `from`..`to` window by window (see `MutasibankClient.iterateStatements`). Arguments are
 * checked before the first request; windows are requested one at a time, oldest first.
 */
export function iterateStatements(
  api: ApiSender,
  id: Id,
  from: DateInput,
  to: DateInput,
  options: IterateStatementsOptions = {},
): AsyncGenerator<StatementsChunk, void, undefined> {
  checkId(id, 'id');
  const dateFrom = checkDate(from, 'from');
  const dateTo = checkDate(to, 'to');
  checkDateOrder(dateFrom, dateTo);
  const { maxDaysPerRequest = 31, ...requestOptions } = options;
  const windows = splitDateRange(
    dateFrom,
    dateTo,
    checkPositiveInteger(maxDaysPerRequest, 'maxDaysPerRequest'),
  );
  // The checks above run when iterateStatements is called; a generator body would defer them to
  // the first next(), after the caller has moved on.
  return (async function* () {
    for (const window of windows) {
      const result = await getStatements(api, id, window.dateFrom, window.dateTo, requestOptions);
      yield { ...window, result };
    }
  })();
}

/** `POST /match/{id}` (form `amount`, `date_from?`, `date_to?`); see `MutasibankClient.matchTransaction`. */
export async function matchTransaction(
  api: ApiSender,
  id: Id,
  amount: number,
  from?: DateInput,
  to?: DateInput,
  options?: RequestOptions,
): Promise<MatchResult> {
  const path = apiPath`/match/${checkId(id, 'id')}`;
  const form = {
    amount: String(checkAmount(amount, 'amount')),
    date_from: checkOptionalDate(from, 'from'),
    date_to: checkOptionalDate(to, 'to'),
  };
  checkDateOrder(form.date_from, form.date_to);
  return api.send({ method: 'POST', path, form, isReadOnly: true }, readMatch, options);
}

/** `POST /matchs/{id}` (form `amount`); see `MutasibankClient.matchTransactions`. */
export async function matchTransactions(
  api: ApiSender,
  id: Id,
  amount: number,
  options?: RequestOptions,
): Promise<MatchesResult> {
  const path = apiPath`/matchs/${checkId(id, 'id')}`;
  const form = { amount: String(checkAmount(amount, 'amount')) };
  return api.send({ method: 'POST', path, form, isReadOnly: true }, readMatches, options);
}

/** `GET /validate/{txId}`; see `MutasibankClient.validateTransaction`. */
export async function validateTransaction(
  api: ApiSender,
  txId: Id,
  options?: RequestOptions,
): Promise<MatchResult> {
  const path = apiPath`/validate/${checkId(txId, 'txId')}`;
  return api.send({ method: 'GET', path }, readMatch, options);
}

/**
 * @module webhooks/payload
 * The webhook body: its types, and the parser that checks every field of the spec's body. Only
 * `account_id` and `data_mutasi` are required (the README's own test payload has nothing else);
 * the other fields are checked when present, and unknown extra fields are kept.
 */
import { WebhookVerificationError } from '../errors.js';
import { toRupiah } from '../money.js';
import { parseWibDateTime } from '../wib.js';

/** `CR` is money in (credit), `DB` money out (debit). */
export type MutationType = 'CR' | 'DB';

/** One mutation (bank statement row) in `data_mutasi`, amounts normalised to integer rupiah. */
export interface WebhookMutation {
  /** The mutation's id: stable across deliveries, the key for idempotent processing. */
  id: string;
  /** When the bank booked it, WIB wall time: `YYYY-MM-DD HH:mm:ss`. */
  transaction_date: string;
  /** The bank's description (where order references appear). */
  description?: string;
  type: MutationType;
  /** Integer rupiah, never negative; `type` gives the direction. */
  amount: number;
  /** Account balance after this mutation, integer rupiah, when sent. */
  balance?: number;
  [extra: string]: unknown;
}

/** The webhook body as sent, validated, with integer rupiah. */
export interface WebhookPayload {
  /** The account owner's API token (the sample receivers compare it). Redacted when logged. */
  api_key?: string;
  account_id: number;
  /** Bank module: `bca`, `bri`, `mandiri`, `bni`, ... */
  module?: string;
  account_name?: string;
  /** A string: account numbers keep their leading zeros. */
  account_number?: string;
  /** Integer rupiah. */
  balance?: number;
  data_mutasi: WebhookMutation[];
  [extra: string]: unknown;
}

/** A payload with each mutation's booking time, read in WIB while validating. */
export interface ParsedWebhookPayload {
  payload: WebhookPayload;
  /** `transactedAt[i]` is `payload.data_mutasi[i].transaction_date` as an instant. */
  transactedAt: Date[];
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isInteger(value)) return 'a number with a fraction';
  return `a ${typeof value}`;
}

/** Field errors name the path and the kind of value, never the value (it may be the api key). */
function invalid(path: string, expected: string, value: unknown): never {
  throw new WebhookVerificationError(
    'invalid_payload',
    `${path} must be ${expected} (got ${kindOf(value)}); the body is signed correctly but not a Mutasibank webhook payload`,
  );
}

function checkOptionalString(object: JsonObject, key: string, path: string): void {
  const value = object[key];
  if (value !== undefined && typeof value !== 'string') invalid(path, 'a string', value);
}

function normaliseRupiah(object: JsonObject, key: string, path: string, required: boolean): void {
  const value = object[key];
  if (value === undefined && !required) return;
  const rupiah = toRupiah(value);
  if (rupiah === undefined)
    invalid(path, 'integer rupiah (an integer or a decimal string like "100000.00")', value);
  object[key] = rupiah;
}

function parseAccountId(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value) && Number.isSafeInteger(Number(value))) {
    return Number(value);
  }
  return invalid('account_id', 'a positive integer', value);
}

function parseMutation(value: unknown, index: number): Date {
  const path = `data_mutasi[${index}]`;
  if (!isObject(value)) invalid(path, 'an object', value);
  const { id, type, transaction_date: transactionDate } = value;
  if (typeof id === 'number' && Number.isSafeInteger(id)) value.id = String(id);
  else if (typeof id !== 'string' || id === '') invalid(`${path}.id`, 'a non-empty string', id);
  if (type !== 'CR' && type !== 'DB') invalid(`${path}.type`, '"CR" or "DB"', type);
  normaliseRupiah(value, 'amount', `${path}.amount`, true);
  if ((value.amount as number) < 0) {
    invalid(`${path}.amount`, 'zero or more (the direction is in type)', value.amount);
  }
  normaliseRupiah(value, 'balance', `${path}.balance`, false);
  checkOptionalString(value, 'description', `${path}.description`);
  if (typeof transactionDate !== 'string') {
    return invalid(`${path}.transaction_date`, 'a WIB date-time "YYYY-MM-DD HH:mm:ss"', transactionDate);
  }
  const instant = parseWibDateTime(transactionDate);
  if (instant === undefined) {
    throw new WebhookVerificationError(
      'invalid_payload',
      `${path}.transaction_date must be a real WIB date-time "YYYY-MM-DD HH:mm:ss"`,
    );
  }
  return instant;
}

/**
 * Parses and validates a webhook body. Throws {@link WebhookVerificationError} with `invalid_json`
 * when the text is not JSON, `invalid_payload` when it is JSON of the wrong shape. Decimal-string
 * amounts (`"100000.00"`) are normalised to integer rupiah; a numeric mutation id becomes a string.
 *
 * Call it only on a body whose signature has been verified: it does not check signatures.
 *
 * @example
 * parseWebhookPayload('{"api_key":"test","account_id":1,"data_mutasi":[]}').payload.account_id; // 1
 */
export function parseWebhookPayload(text: string): ParsedWebhookPayload {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new WebhookVerificationError(
      'invalid_json',
      'the body is signed correctly but is not JSON; Mutasibank sends application/json',
    );
  }
  if (!isObject(body)) return invalid('the body', 'a JSON object', body);
  body.account_id = parseAccountId(body.account_id);
  checkOptionalString(body, 'api_key', 'api_key');
  checkOptionalString(body, 'module', 'module');
  checkOptionalString(body, 'account_name', 'account_name');
  checkOptionalString(body, 'account_number', 'account_number');
  normaliseRupiah(body, 'balance', 'balance', false);
  const mutations = body.data_mutasi;
  if (!Array.isArray(mutations)) return invalid('data_mutasi', 'an array', mutations);
  const transactedAt = mutations.map(parseMutation);
  return { payload: body as WebhookPayload, transactedAt };
}

/**
 * @module client/response-fields
 * Readers for success bodies. They check only what the client promises in its types (the
 * envelope, lists being lists, money being integer rupiah) and pass every other field through as
 * sent, because the hosted service adds fields over time and an over-strict reader would break
 * callers for no gain. A mismatch throws {@link ResponseShapeError}, which the request path turns
 * into a `MutasibankServerError` carrying the status and the raw body.
 */
import { toRupiah } from '../money.js';

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

/** A success body that does not have the shape the spec promises. Internal to the client. */
export class ResponseShapeError extends Error {
  override name = 'ResponseShapeError';
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

/** True for a JSON object (not `null`, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an object field, or throws naming the field. */
export function readObject(value: unknown, field: string): JsonObject {
  if (isJsonObject(value)) return value;
  throw new ResponseShapeError(`${field} is ${show(value)}, expected an object`);
}

/** Reads a list of objects, or throws naming the first bad element. */
export function readObjects(value: unknown, field: string): JsonObject[] {
  if (!Array.isArray(value)) throw new ResponseShapeError(`${field} is ${show(value)}, expected a list`);
  return value.map((item, index) => readObject(item, `${field}[${index}]`));
}

/**
 * Reads a required amount as integer rupiah: numbers and decimal strings such as `"100000.00"`
 * (seen from the hosted service) both become `100000`. A value with sen (`"100.50"`) throws rather
 * than being rounded: silently changing money is worse than a loud error.
 */
export function readRupiah(value: unknown, field: string): number {
  const rupiah = toRupiah(value);
  if (rupiah === undefined)
    throw new ResponseShapeError(`${field} is ${show(value)}, expected integer rupiah`);
  return rupiah;
}

/**
 * Reads a balance: like {@link readRupiah}, but an absent one (`null`, missing, `""`) reads as 0,
 * the spec's convention for "the bank did not say".
 */
export function readBalance(value: unknown, field: string): number {
  return value === undefined || value === null || value === '' ? 0 : readRupiah(value, field);
}

/**
 * Reads a yes/no flag. PHP services send booleans as `true`, `1` or `"1"`; all of those are true,
 * and `false`, `0`, `"0"`, `null` or a missing field are false.
 */
export function readFlag(value: unknown, field: string): boolean {
  if (value === true || value === 1 || value === '1' || value === 'true') return true;
  if (value === false || value === 0 || value === '0' || value === 'false' || value == null) return false;
  throw new ResponseShapeError(`${field} is ${show(value)}, expected a boolean`);
}

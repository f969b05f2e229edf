/**
 * @module client/arguments
 * Checks on method arguments that can never be valid. They run before any request is sent, so a
 * bad call costs no round trip and never reaches the bank; each throws
 * {@link MutasibankInvalidRequestError} (with `status` undefined). Messages name the argument and
 * show the bad value, except for secrets (passwords, KeyBCA tokens), which are never echoed.
 */
import { MutasibankInvalidRequestError } from '../errors.js';
import { isPositiveRupiah } from '../money.js';
import { toWibDate } from '../wib.js';

/** An API id: the hosted service uses integers, our server UUIDs; both are accepted everywhere. */
export type Id = string | number;

/** A date argument: a `YYYY-MM-DD` string (taken as is) or a `Date` (its calendar day in WIB). */
export type DateInput = string | Date;

// Control characters in an id would be percent-encoded anyway; refusing them catches a pasted
// newline or NUL early with a message, instead of a confusing 404.
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function show(value: unknown): string {
  if (typeof value === 'string')
    return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}...` : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value === null) return 'null';
  if (value instanceof Date) return 'an invalid Date';
  return Array.isArray(value) ? 'an array' : typeof value;
}

function invalid(message: string): MutasibankInvalidRequestError {
  return new MutasibankInvalidRequestError(message);
}

/**
 * Checks an id and returns it as the string that goes into the path. Numbers must be
 * non-negative safe integers; strings non-blank, without control characters, and not `.` or `..`
 * (which the URL parser would resolve to another route even when percent-encoded).
 */
export function checkId(value: unknown, name: string): string {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (
    typeof value === 'string' &&
    value.trim() !== '' &&
    value !== '.' &&
    value !== '..' &&
    !hasControlCharacter(value)
  ) {
    return value;
  }
  throw invalid(`${name} must be a non-blank string or a non-negative integer, got ${show(value)}`);
}

/** Checks a date argument and returns it as `YYYY-MM-DD` (a `Date` is read in WIB). */
export function checkDate(value: unknown, name: string): string {
  const date = typeof value === 'string' || value instanceof Date ? toWibDate(value) : undefined;
  if (date === undefined) {
    throw invalid(`${name} must be a real YYYY-MM-DD date or a valid Date, got ${show(value)}`);
  }
  return date;
}

/** Like {@link checkDate}, but `undefined` passes through (the argument was left out). */
export function checkOptionalDate(value: unknown, name: string): string | undefined {
  return value === undefined ? undefined : checkDate(value, name);
}

/** Refuses a range that ends before it starts (`YYYY-MM-DD` strings compare in date order). */
export function checkDateOrder(from: string | undefined, to: string | undefined): void {
  if (from !== undefined && to !== undefined && from > to) {
    throw invalid(`date range is reversed: from ${from} is after to ${to}`);
  }
}

/** Checks an amount: a positive safe integer of rupiah (`100000` is Rp 100.000). */
export function checkAmount(value: unknown, name: string): number {
  if (isPositiveRupiah(value)) return value;
  throw invalid(`${name} must be a positive whole number of rupiah (a safe integer), got ${show(value)}`);
}

/** Checks a positive safe integer that is not money (minutes, a payment method id). */
export function checkPositiveInteger(value: unknown, name: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  throw invalid(`${name} must be a positive integer, got ${show(value)}`);
}

/**
 * Checks a non-blank string. With `isSecret`, the message says only what was wrong, never the
 * value, because it may be a password or a one-time token.
 */
export function checkText(value: unknown, name: string, options: { isSecret?: boolean } = {}): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  const got = options.isSecret ? (typeof value === 'string' ? 'a blank string' : typeof value) : show(value);
  throw invalid(`${name} must be a non-blank string, got ${got}`);
}

/** Checks a boolean (`true` or `false`, not `1`/`0`: the JSON body carries it as is). */
export function checkBoolean(value: unknown, name: string): boolean {
  if (typeof value === 'boolean') return value;
  throw invalid(`${name} must be true or false, got ${show(value)}`);
}

/** Checks an optional string field: absent (`undefined`) or a string (possibly empty). */
export function checkOptionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  throw invalid(`${name} must be a string when given, got ${show(value)}`);
}

/** Checks an absolute `http:` or `https:` URL (a webhook target, a callback). */
export function checkHttpUrl(value: unknown, name: string): string {
  if (typeof value === 'string') {
    try {
      const url = new URL(value);
      if (url.protocol === 'http:' || url.protocol === 'https:') return value;
    } catch {
      // Falls through to the error below: an unparsable URL is the same mistake as a wrong scheme.
    }
  }
  throw invalid(`${name} must be an absolute http(s) URL, got ${show(value)}`);
}

/** Checks a plain object argument (not `null`, not an array) and returns it. */
export function checkFields(value: unknown, name: string): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  throw invalid(`${name} must be an object of fields, got ${show(value)}`);
}

/** Checks an update's fields: a plain object with at least one defined field. */
export function checkUpdateFields(value: unknown, name: string): Record<string, unknown> {
  const fields = checkFields(value, name);
  if (!Object.values(fields).some((field) => field !== undefined)) {
    throw invalid(`${name} must set at least one field; an empty update changes nothing`);
  }
  return fields;
}

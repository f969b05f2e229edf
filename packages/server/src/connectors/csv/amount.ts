/**
 * @module connectors/csv/amount
 * Amounts as the banks write them, read into integer sen without floating point. The rule of the
 * sources page: the decimal separator is the last `.` or `,` when exactly two digits follow it;
 * any other separator groups thousands (three digits per group). So `1,000,000.00` (en-US),
 * `1.000.000,00` (id-ID), `72100000.00` (none) and `.00` all read, while `1,5` or `1.0000` are
 * refused rather than guessed.
 */
import { quoteCell } from './cell-text.js';
import { type SignMarker, splitSignSuffix } from './sign-marker.js';

/** The outcome of reading an amount: integer sen, or a reason a person can act on. */
export type AmountResult = { ok: true; sen: number } | { ok: false; reason: string };

/** Options of {@link parseAmountSen}. */
export interface ParseAmountOptions {
  /** Accept a leading `-` (balances of an overdrawn account); amounts of rows are never negative. */
  allowNegative?: boolean;
}

const DIGITS_AND_SEPARATORS = /^[\d.,]+$/;
const PLAIN = /^\d{1,13}(?:\.\d\d)?$/;
const FIRST_GROUP = /^\d{1,3}$/;
const NEXT_GROUP = /^\d{3}$/;

function fail(reason: string): AmountResult {
  return { ok: false, reason };
}

/**
 * Reads an amount (without sign marker) into integer sen (1 rupiah = 100 sen).
 *
 * @example
 * parseAmountSen('1,000,000.00'); // { ok: true, sen: 100000000 }
 * parseAmountSen('1.000.000,00'); // { ok: true, sen: 100000000 }
 * parseAmountSen('1,5');          // { ok: false, reason: "..." }
 */
export function parseAmountSen(text: string, options: ParseAmountOptions = {}): AmountResult {
  // Fast path for the common ungrouped `150000.00` / `150000`, which the general rule reads alike.
  if (PLAIN.test(text)) {
    const dot = text.indexOf('.');
    const sen =
      dot === -1 ? Number(text) * 100 : Number(text.slice(0, dot)) * 100 + Number(text.slice(dot + 1));
    return { ok: true, sen };
  }
  let rest = text.trim();
  if (rest.startsWith("'")) rest = rest.slice(1).trim();
  if (rest === '') return fail('the amount is empty');
  let negative = false;
  if (rest.startsWith('-')) {
    if (!options.allowNegative)
      return fail(`amount ${quoteCell(text)} is negative; amounts carry a CR/DB marker instead`);
    negative = true;
    rest = rest.slice(1).trim();
  }
  const currency = /^(?:rp\.?|idr)\s*/i.exec(rest);
  if (currency) rest = rest.slice(currency[0].length);
  if (!DIGITS_AND_SEPARATORS.test(rest)) {
    return fail(`${quoteCell(text)} is not an amount (only digits, '.' and ',' are allowed)`);
  }
  const lastSeparator = Math.max(rest.lastIndexOf('.'), rest.lastIndexOf(','));
  let integerPart = rest;
  let senPart = '00';
  let decimalSeparator: string | undefined;
  if (lastSeparator !== -1) {
    const digitsAfter = rest.length - lastSeparator - 1;
    if (digitsAfter === 2) {
      decimalSeparator = rest[lastSeparator];
      integerPart = rest.slice(0, lastSeparator);
      senPart = rest.slice(lastSeparator + 1);
    } else if (digitsAfter !== 3) {
      return fail(
        `amount ${quoteCell(text)}: the last '${rest[lastSeparator]}' is followed by ${digitsAfter} digit(s); ` +
          'a decimal part has exactly 2 digits and a thousands group exactly 3',
      );
    }
  }
  let digits: string;
  if (integerPart === '') {
    if (decimalSeparator === undefined) return fail(`${quoteCell(text)} is not an amount`);
    digits = '0';
  } else {
    const hasDot = integerPart.includes('.');
    const hasComma = integerPart.includes(',');
    if (hasDot && hasComma)
      return fail(`amount ${quoteCell(text)} mixes '.' and ',' as thousands separators`);
    const groupSeparator = hasDot ? '.' : hasComma ? ',' : undefined;
    if (groupSeparator === undefined) {
      digits = integerPart;
    } else {
      if (groupSeparator === decimalSeparator) {
        return fail(
          `amount ${quoteCell(text)} uses '${groupSeparator}' both for thousands and for the decimals`,
        );
      }
      const groups = integerPart.split(groupSeparator);
      const [first, ...next] = groups;
      if (first === undefined || !FIRST_GROUP.test(first) || !next.every((g) => NEXT_GROUP.test(g))) {
        return fail(`amount ${quoteCell(text)} has misplaced thousands separators (groups must be 3 digits)`);
      }
      digits = groups.join('');
    }
  }
  const sen = Number(digits) * 100 + Number(senPart);
  if (!Number.isSafeInteger(sen)) return fail(`amount ${quoteCell(text)} is too large`);
  return { ok: true, sen: negative && sen !== 0 ? -sen : sen };
}

/** An amount cell that may carry its sign inside, like KlikBCA Bisnis `"799,700.00 CR"`. */
export type SignedAmountResult =
  | { ok: true; sen: number; marker: SignMarker | undefined }
  | { ok: false; reason: string };

/**
 * Reads an amount that may end in a sign marker (`287,490.00 DB`); `marker` is `undefined` when
 * the cell has none.
 *
 * @example
 * parseSignedAmountSen('"799,700.00 CR"'.slice(1, -1)); // { ok: true, sen: 79970000, marker: 'CR' }
 */
export function parseSignedAmountSen(text: string): SignedAmountResult {
  const { amountText, marker } = splitSignSuffix(text);
  const amount = parseAmountSen(amountText);
  return amount.ok ? { ok: true, sen: amount.sen, marker } : amount;
}

/**
 * Reads one of a Debit/Credit column pair, where an empty cell, `-` or `.00` means nothing moved.
 */
export function parseColumnAmountSen(text: string): AmountResult {
  const cleaned = text.trim().replace(/^'/, '').trim();
  if (cleaned === '' || cleaned === '-') return { ok: true, sen: 0 };
  return parseAmountSen(cleaned);
}

/**
 * Formats integer sen the way a person reads rupiah in Indonesia (`1.234.567,89`), for messages.
 *
 * @example
 * formatSen(123456789); // 'Rp 1.234.567,89'
 */
export function formatSen(sen: number): string {
  const negative = sen < 0;
  const abs = Math.abs(sen);
  const rupiah = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const cents = (abs % 100).toString().padStart(2, '0');
  return `${negative ? '-' : ''}Rp ${rupiah},${cents}`;
}

/**
 * @module money
 * Rupiah amounts as integers. The hosted service has been seen sending `"100000.00"` where the
 * spec says `100000`; everything the SDK returns is normalised to integer rupiah by {@link toRupiah}.
 */

const DECIMAL = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;

/**
 * Normalises an amount to integer rupiah: a safe integer passes through, a decimal string such as
 * `"100000.00"` or `"100000"` becomes `100000`. Returns `undefined` for anything else: floats with
 * a fraction, non-zero sen (`"100.50"`), grouping separators, empty strings, non-finite numbers.
 *
 * @example
 * toRupiah('150123.00'); // 150123
 * toRupiah(150123.5);    // undefined
 */
export function toRupiah(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = DECIMAL.exec(value.trim());
  if (!m) return undefined;
  if (m[3] !== undefined && !/^0+$/.test(m[3])) return undefined;
  const n = Number(m[2]);
  if (!Number.isSafeInteger(n)) return undefined;
  return m[1] ? -n : n;
}

/** True for a positive safe integer: the only valid amount to send to the API. */
export function isPositiveRupiah(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/**
 * @module connectors/csv/sign-marker
 * Credit/debit markers as statements write them: a separate column (`CR`, `DB`), a suffix in the
 * amount (`"287,490.00 DB"`), Indonesian words (`KREDIT`, `DEBET`) and single letters (`D`, `K`).
 */

/** `CR` money in, `DB` money out (the `StatementRow.type` values). */
export type SignMarker = 'CR' | 'DB';

// A Map, not an object literal: `MARKERS['constructor']` must not find Object.prototype's.
const MARKERS: ReadonlyMap<string, SignMarker> = new Map([
  ['CR', 'CR'],
  ['K', 'CR'],
  ['KR', 'CR'],
  ['KREDIT', 'CR'],
  ['CREDIT', 'CR'],
  ['DB', 'DB'],
  ['DR', 'DB'],
  ['D', 'DB'],
  ['DEBIT', 'DB'],
  ['DEBET', 'DB'],
]);

/**
 * Reads a marker cell, case-insensitively; `undefined` for anything that is not one of
 * CR, K, KR, KREDIT, CREDIT (money in) or DB, DR, D, DEBIT, DEBET (money out).
 *
 * @example
 * parseSignMarker('kredit'); // 'CR'
 * parseSignMarker('D');      // 'DB'
 */
export function parseSignMarker(text: string): SignMarker | undefined {
  return MARKERS.get(text) ?? MARKERS.get(text.trim().replace(/^'/, '').toUpperCase());
}

const SUFFIX = /^(.*?)\s*(CR|KR|K|KREDIT|CREDIT|DB|DR|D|DEBIT|DEBET)\.?$/i;

/**
 * Splits a trailing marker off an amount cell: `"287,490.00 DB"` gives `287,490.00` and `DB`.
 * A cell without a marker comes back whole with `marker: undefined`.
 */
export function splitSignSuffix(text: string): { amountText: string; marker: SignMarker | undefined } {
  const trimmed = text.trim();
  const last = trimmed.charCodeAt(trimmed.length - 1);
  if (last >= 48 && last <= 57) return { amountText: trimmed, marker: undefined };
  const m = SUFFIX.exec(trimmed);
  if (!m || m[1] === undefined || m[2] === undefined || !/\d$/.test(m[1])) {
    return { amountText: trimmed, marker: undefined };
  }
  return { amountText: m[1], marker: parseSignMarker(m[2]) };
}

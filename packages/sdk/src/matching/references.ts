/**
 * @module matching/references
 * Order references read out of bank descriptions ("TRANSFER DARI BUDI ORDER-123"). A reference
 * only ever confirms or questions a match made by amount; it never pays an order on its own, so a
 * false positive costs a review, not a wrong payment.
 */

/**
 * One way of finding a reference in a description.
 *
 * @example
 * // Shop references look like "SHOP-AB12".
 * const shop: ReferencePattern = {
 *   name: 'shop',
 *   regex: /\bSHOP[\s:#._/-]*([A-Z0-9]+)\b/i,
 *   toKey: (m) => `SHOP${m[1]}`,
 * };
 */
export interface ReferencePattern {
  /** Short name, for logs and docs. */
  readonly name: string;
  /** The pattern. The `g` flag is added if missing; other flags (`i`) are kept. */
  readonly regex: RegExp;
  /**
   * Builds the reference from a match; the result is passed through {@link normalizeReference}.
   * Default: the named group `ref`, else group 1, else the whole match.
   */
  readonly toKey?: (match: RegExpExecArray) => string;
}

/**
 * Canonical form used to compare a reference found in a description with an order's reference:
 * upper case, letters and digits only. `INV/2025/001`, `inv-2025-001` and `INV 2025 001` all
 * become `INV2025001`.
 *
 * @example
 * normalizeReference('order-123'); // 'ORDER123'
 */
export function normalizeReference(raw: string): string {
  return raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

// Separators customers and banks put between a prefix and its number.
const SEP = String.raw`[\s:#._/-]*`;

/**
 * The default patterns, in the order they are tried. Each one needs a prefix word or symbol before
 * the number, which is what keeps bank noise out: BCA descriptions such as
 * `TRSF E-BANKING CR 0101/FTSCY/WS95271 150000.00 BUDI` carry a transfer sequence
 * (`0101/FTSCY/WS95271`) and the amount (`150000.00`), and neither has a prefix these patterns know.
 *
 * | name      | matches                                  | key            | false-positive risk |
 * |-----------|------------------------------------------|----------------|---------------------|
 * | `order`   | `ORDER-123`, `order 123`, `ORDER#A12`    | `ORDER123`     | low: needs the word ORDER then a token with a digit; "REORDER 5" is not matched |
 * | `invoice` | `INV/2025/001`, `INV-2025-001`, `INVOICE 2025/001`, `INV001` | `INV2025001` | low: "INVESTASI 2025" is not matched (letters after INV) |
 * | `trf`     | `TRF 12345`, `trf:12345` (4-12 digits)   | `12345`        | medium: some banks (BRI, BNI) start descriptions with `TRF` followed by their own numbers; such keys only matter if they equal an order reference |
 * | `hash`    | `#12345` (3-12 digits, `#` not inside a word) | `12345`   | medium: any `#` number a customer types |
 *
 * The `invoice` key always starts with `INV` (`INVOICE 2025/001` gives `INV2025001`), so store
 * invoice references as `INV...`, not `INVOICE...`. `trf` and `hash` give bare numbers: they
 * match orders whose reference is that number (`12345`), not `ORDER-12345`.
 */
export const DEFAULT_REFERENCE_PATTERNS: readonly ReferencePattern[] = Object.freeze([
  {
    name: 'order',
    regex: new RegExp(String.raw`\bORDER${SEP}([A-Z0-9]*\d[A-Z0-9]*)\b`, 'gi'),
    toKey: (m: RegExpExecArray) => `ORDER${m[1] ?? ''}`,
  },
  {
    name: 'invoice',
    regex: new RegExp(String.raw`\bINV(?:OICE)?${SEP}(\d+(?:[._/-]\d+)*)\b`, 'gi'),
    toKey: (m: RegExpExecArray) => `INV${m[1] ?? ''}`,
  },
  { name: 'trf', regex: new RegExp(String.raw`\bTRF${SEP}(\d{4,12})\b`, 'gi') },
  { name: 'hash', regex: /(?<![A-Za-z0-9])#(\d{3,12})\b/g },
]);

const globalCache = new WeakMap<RegExp, RegExp>();

// matchAll needs a global regex; copying per call would recompile it, so the copy is cached.
function asGlobal(regex: RegExp): RegExp {
  if (regex.global) return regex;
  let copy = globalCache.get(regex);
  if (!copy) {
    copy = new RegExp(regex.source, `${regex.flags}g`);
    globalCache.set(regex, copy);
  }
  return copy;
}

function defaultKey(match: RegExpExecArray): string {
  return match.groups?.ref ?? match[1] ?? match[0];
}

/**
 * Every reference found in a description, normalised ({@link normalizeReference}), without
 * duplicates, in order of appearance. Empty keys are dropped.
 *
 * @example
 * extractReferences('TRANSFER DARI BUDI ORDER-12345'); // ['ORDER12345']
 * extractReferences('TRSF E-BANKING CR 0101/FTSCY/WS95271 150000.00 BUDI'); // []
 */
export function extractReferences(
  description: string,
  patterns: readonly ReferencePattern[] = DEFAULT_REFERENCE_PATTERNS,
): string[] {
  const found: { key: string; index: number }[] = [];
  for (const pattern of patterns) {
    for (const match of description.matchAll(asGlobal(pattern.regex))) {
      const key = normalizeReference((pattern.toKey ?? defaultKey)(match as RegExpExecArray));
      if (key !== '') found.push({ key, index: match.index ?? 0 });
    }
  }
  found.sort((a, b) => a.index - b.index);
  return [...new Set(found.map((f) => f.key))];
}

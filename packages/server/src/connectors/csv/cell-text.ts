/**
 * @module connectors/csv/cell-text
 * Cleaning of single cells: the leading apostrophe banks add to stop spreadsheets reformatting
 * (`'02/01`, `'0000`), whitespace in descriptions, and header cells compared loosely.
 */

/**
 * Trims a cell and drops one leading apostrophe (`'0123456789` becomes `0123456789`).
 *
 * @example
 * cleanCell(" '02/01 "); // '02/01'
 */
export function cleanCell(text: string): string {
  const trimmed = text.trim();
  return trimmed.startsWith("'") ? trimmed.slice(1).trim() : trimmed;
}

/** Collapses runs of whitespace (tabs, newlines inside quoted cells) to one space and trims. */
export function collapseWhitespace(text: string): string {
  return isCollapsed(text) ? text : text.replace(/\s+/g, ' ').trim();
}

/**
 * True when `text` has no leading, trailing or repeated space and no other whitespace: most
 * descriptions, for which a scan is cheaper than building a new string (hot in large imports).
 */
function isCollapsed(text: string): boolean {
  const n = text.length;
  if (n === 0) return true;
  if (text.charCodeAt(0) === 32 || text.charCodeAt(n - 1) === 32) return false;
  let wasSpace = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (wasSpace) return false;
      wasSpace = true;
    } else {
      // Any other whitespace (tab, line breaks, NBSP, Unicode spaces) takes the slow path.
      if (c < 32 || c === 0xa0 || c === 0x85 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)) return false;
      if (c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff)
        return false;
      wasSpace = false;
    }
  }
  return true;
}

/**
 * A header cell reduced for comparison: apostrophes and quotes dropped, lower case, whitespace
 * collapsed, and a trailing parenthesised hint removed (`Date (DD/MM/YY)` becomes `date`).
 */
export function normalizeHeaderCell(text: string): string {
  return collapseWhitespace(cleanCell(text).replace(/"/g, ''))
    .toLowerCase()
    .replace(/\s*\([^)]*\)$/, '');
}

/** The cells without the empty ones at the end (a trailing delimiter is common in exports). */
export function trimTrailingEmpty(cells: readonly string[]): readonly string[] {
  let end = cells.length;
  while (end > 0 && (cells[end - 1] ?? '').trim() === '') end--;
  return end === cells.length ? cells : cells.slice(0, end);
}

/** True when every cell is empty or whitespace (a spacer line). */
export function isBlankRecord(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/** A cell quoted for an error message, shortened so one huge cell cannot flood the report. */
export function quoteCell(text: string): string {
  const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return `'${shown}'`;
}

/**
 * True when a header line's cells, normalised and without trailing empty cells, are exactly
 * `expected` (already normalised, lower case).
 */
export function matchesHeader(cells: readonly string[], expected: readonly string[]): boolean {
  const normalized = trimTrailingEmpty(cells);
  return (
    normalized.length === expected.length &&
    normalized.every((cell, i) => normalizeHeaderCell(cell) === expected[i])
  );
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanCell, collapseWhitespace, matchesHeader, normalizeHeaderCell } from './cell-text.js';

describe('cell text', () => {
  it('drops one leading apostrophe and trims', () => {
    expect(cleanCell(" '0000 ")).toBe('0000');
    expect(cleanCell("''x")).toBe("'x");
  });

  it('collapses every kind of whitespace, exactly like a regex replace would', () => {
    expect(collapseWhitespace('  TRSF\tE-BANKING \u00a0CR\r\n BUDI ')).toBe('TRSF E-BANKING CR BUDI');
    expect(collapseWhitespace('ALREADY CLEAN')).toBe('ALREADY CLEAN');
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', ' ', '\t', '\n', '\u00a0', '\u2003', '\ufeff', 'b') }),
        (text) => {
          expect(collapseWhitespace(text)).toBe(text.replace(/\s+/g, ' ').trim());
        },
      ),
    );
  });

  it('compares header cells loosely', () => {
    expect(normalizeHeaderCell(' "Date (DD/MM/YY)" ')).toBe('date');
    expect(matchesHeader(['Tanggal  Transaksi', 'KETERANGAN', ''], ['tanggal transaksi', 'keterangan'])).toBe(
      true,
    );
    expect(matchesHeader(['Tanggal', 'Keterangan'], ['tanggal transaksi', 'keterangan'])).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REFERENCE_PATTERNS,
  extractReferences,
  normalizeReference,
  type ReferencePattern,
} from './references.js';

describe('extractReferences with the default patterns', () => {
  const cases: [description: string, expected: string[]][] = [
    // order
    ['TRANSFER FROM JOHN DOE ORDER-12345', ['ORDER12345']],
    ['order 12345', ['ORDER12345']],
    ['ORDER#77 terima kasih', ['ORDER77']],
    ['ORDER:A12B', ['ORDERA12B']],
    ['ORDER12345', ['ORDER12345']],
    ['REORDER 5', []],
    ['ORDER NOW', []],
    ['ORDER FROM BUDI', []],
    // invoice
    ['PEMBAYARAN INV/2025/001', ['INV2025001']],
    ['inv-2025-001', ['INV2025001']],
    ['INVOICE 2025/001 BUDI', ['INV2025001']],
    ['INV001', ['INV001']],
    ['INVESTASI 2025', []],
    // trf
    ['TRF 12345', ['12345']],
    ['trf:987654', ['987654']],
    ['TRF 123', []],
    ['TRSF E-BANKING CR 12345', []],
    // hash
    ['#12345', ['12345']],
    ['bayar #555 ya', ['555']],
    ['ABC#12345', []],
    ['#12', []],
    // several, in order of appearance, deduplicated
    ['INV/2025/001 ORDER-9 #4444 ORDER 9', ['INV2025001', 'ORDER9', '4444']],
    // bank noise that must not become references
    ['TRSF E-BANKING CR 0101/FTSCY/WS95271 150000.00 JOHN DOE', []],
    ['TRSF E-BANKING CR 1001/FTSCY/WS95031 150123.00 BUDI SANTOSO', []],
    ['BI-FAST CR BIF TRANSFER DR 014 BUDI 150000.00', []],
    ['SETORAN TUNAI 2501100012345', []],
    ['', []],
  ];
  it.each(cases)('%j -> %j', (description, expected) => {
    expect(extractReferences(description)).toEqual(expected);
  });

  it('finds the reference inside a BCA transfer description', () => {
    expect(extractReferences('TRSF E-BANKING CR 0101/FTSCY/WS95271 150123.00 JOHN DOE ORDER-12345')).toEqual([
      'ORDER12345',
    ]);
  });
  it('gives the same key as the order reference normalised', () => {
    for (const reference of ['ORDER-12345', 'INV/2025/001', 'INV-2025-001', '12345']) {
      const key = normalizeReference(reference);
      const description = reference === '12345' ? `TRF ${reference}` : `BAYAR ${reference.toLowerCase()}`;
      expect(extractReferences(description)).toContain(key);
    }
  });
});

describe('custom patterns', () => {
  it('uses toKey, the named group ref, group 1 or the whole match, and adds the g flag itself', () => {
    const patterns: ReferencePattern[] = [
      { name: 'shop', regex: /\bSHOP[\s-]*([A-Z0-9]+)\b/i, toKey: (m) => `SHOP${m[1]}` },
      { name: 'named', regex: /\bKODE (?<ref>\d+)/ },
      { name: 'group', regex: /\bPO(\d+)/ },
      { name: 'whole', regex: /\bQ-\d+/ },
    ];
    expect(extractReferences('shop-ab12 KODE 42 PO77 Q-9 SHOP CD34', patterns)).toEqual([
      'SHOPAB12',
      '42',
      '77',
      'Q9',
      'SHOPCD34',
    ]);
    expect(extractReferences('ORDER-1', patterns)).toEqual([]);
  });
  it('can extend the defaults', () => {
    const patterns = [...DEFAULT_REFERENCE_PATTERNS, { name: 'po', regex: /\bPO-(\d+)/ }];
    expect(extractReferences('ORDER-1 PO-2', patterns)).toEqual(['ORDER1', '2']);
  });
});

describe('normalizeReference', () => {
  it('upper-cases and keeps letters and digits only', () => {
    expect(normalizeReference(' inv/2025/001 ')).toBe('INV2025001');
    expect(normalizeReference('Order_#12-3')).toBe('ORDER123');
    expect(normalizeReference('---')).toBe('');
  });
});

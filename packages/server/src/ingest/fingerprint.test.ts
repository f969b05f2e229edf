import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StatementRow } from '../connectors/connector.js';
import { FingerprintSequence, fingerprintRows } from './fingerprint.js';

const row = (o: Partial<StatementRow> = {}): StatementRow => ({
  transactionDate: '2025-01-10 00:00:00',
  description: 'TRSF E-BANKING CR BUDI',
  type: 'CR',
  amount: 50000,
  balance: null,
  ...o,
});

describe('fingerprintRows', () => {
  it('is stable across reads of the same statement', () => {
    const rows = [row(), row({ amount: 1 }), row()];
    expect(fingerprintRows(1, rows)).toEqual(
      fingerprintRows(
        1,
        rows.map((r) => ({ ...r })),
      ),
    );
  });
  it('keeps two genuinely identical rows apart by their ordinal', () => {
    const [a, b] = fingerprintRows(1, [row(), row()]);
    expect(a).not.toBe(b);
  });
  it('differs per account and per field', () => {
    const base = fingerprintRows(1, [row()])[0];
    expect(fingerprintRows(2, [row()])[0]).not.toBe(base);
    for (const o of [
      { amount: 50001 },
      { type: 'DB' as const },
      { balance: 5 },
      { description: 'X' },
      { transactionDate: '2025-01-11 00:00:00' },
    ]) {
      expect(fingerprintRows(1, [row(o)])[0]).not.toBe(base);
    }
  });
  it('uses the bank reference alone when there is one', () => {
    const a = fingerprintRows(1, [row({ bankReference: 'TX1' })])[0];
    expect(fingerprintRows(1, [row({ bankReference: 'TX1', description: 'other text' })])[0]).toBe(a);
  });
  it('an overlapping re-read reproduces the ordinals of the shared day', () => {
    const day1 = [row({ transactionDate: '2025-01-09 00:00:00' })];
    const day2 = [row(), row()];
    const first = fingerprintRows(1, [...day1, ...day2]);
    const second = fingerprintRows(1, day2);
    expect(second).toEqual(first.slice(1));
  });
});

// The rule as first written: ordinals from a Map of full keys. The compact counter must agree.
function referenceFingerprints(accountId: number, rows: readonly StatementRow[]): string[] {
  const hash = (parts: readonly unknown[]) =>
    createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  const seen = new Map<string, number>();
  return rows.map((r) => {
    if (r.bankReference) return hash([accountId, 'ref', r.bankReference]);
    const key = hash([accountId, r.transactionDate, r.type, r.amount, r.balance, r.description]);
    const ordinal = seen.get(key) ?? 0;
    seen.set(key, ordinal + 1);
    return ordinal === 0 ? key : hash([key, ordinal]);
  });
}

// A small domain, so that identical rows are common.
const arbitraryRow: fc.Arbitrary<StatementRow> = fc.record({
  transactionDate: fc.constantFrom('2025-01-10 00:00:00', '2025-01-11 00:00:00'),
  description: fc.constantFrom('TRSF E-BANKING CR BUDI', 'BIAYA ADM'),
  type: fc.constantFrom('CR' as const, 'DB' as const),
  amount: fc.constantFrom(50000, 10000),
  balance: fc.constantFrom(null, 90000),
});

describe('FingerprintSequence', () => {
  it('gives the fingerprints of the original rule, ordinals included', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRow, { maxLength: 300 }), (rows) => {
        expect(fingerprintRows(7, rows)).toEqual(referenceFingerprints(7, rows));
      }),
    );
  });

  it('gives the same fingerprints however the batch is split into pieces', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryRow, { maxLength: 200 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (rows, cuts) => {
          const sequence = new FingerprintSequence(7);
          const points = [...new Set(cuts.map((c) => c % (rows.length + 1)))].sort((a, b) => a - b);
          let start = 0;
          const streamed = [...points, rows.length].flatMap((end) => {
            const piece = rows.slice(start, end);
            start = end;
            return piece.map((r) => sequence.next(r));
          });
          expect(streamed).toEqual(fingerprintRows(7, rows));
        },
      ),
    );
  });

  it('keeps counting correctly past many distinct rows (the table grows)', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => row({ amount: (i % 2500) + 1 }));
    const fingerprints = fingerprintRows(1, rows);
    expect(new Set(fingerprints).size).toBe(5000);
    expect(fingerprints).toEqual(referenceFingerprints(1, rows));
  });
});

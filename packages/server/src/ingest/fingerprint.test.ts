import { describe, expect, it } from 'vitest';
import type { StatementRow } from '../connectors/connector.js';
import { fingerprintRows } from './fingerprint.js';

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

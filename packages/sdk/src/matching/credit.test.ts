import { describe, expect, it } from 'vitest';
import { type MatchableMutation, readCredit } from './credit.js';

const row = (over: Partial<MatchableMutation> = {}): MatchableMutation => ({
  id: 'm1',
  type: 'CR',
  amount: 150123,
  description: 'TRF ORDER-7',
  transaction_date: '2025-01-10 14:30:00',
  ...over,
});

describe('readCredit', () => {
  it('reads a credit with its WIB time to the second', () => {
    expect(readCredit(row())).toEqual({
      ok: true,
      credit: {
        amount: 150123,
        transactedAt: new Date('2025-01-10T07:30:00.000Z'),
        timePrecision: 'second',
        description: 'TRF ORDER-7',
      },
    });
  });
  it('reads midnight and bare dates as day precision, unless told midnight is a real time', () => {
    const midnight = row({ transaction_date: '2025-01-10 00:00:00' });
    expect(readCredit(midnight)).toMatchObject({ ok: true, credit: { timePrecision: 'day' } });
    expect(readCredit(midnight, { midnightIsDateOnly: false })).toMatchObject({
      credit: { timePrecision: 'second' },
    });
    expect(readCredit(row({ transaction_date: '2025-01-10' }), { midnightIsDateOnly: false })).toMatchObject({
      credit: { timePrecision: 'day', transactedAt: new Date('2025-01-09T17:00:00.000Z') },
    });
  });
  it('reports debits, bad amounts and bad dates instead of throwing', () => {
    expect(readCredit(row({ type: 'DB' }))).toEqual({ ok: false, reason: 'debit' });
    for (const amount of [0, -1, 1.5, Number.NaN, '150123' as unknown as number]) {
      expect(readCredit(row({ amount }))).toEqual({ ok: false, reason: 'invalid_amount' });
    }
    for (const transaction_date of ['2025-02-30 10:00:00', '10/01/2025', '', 5 as unknown as string]) {
      expect(readCredit(row({ transaction_date }))).toEqual({ ok: false, reason: 'invalid_date' });
    }
  });
});

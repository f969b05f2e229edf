import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWibDateTime } from '../wib.js';
import type { Credit } from './credit.js';
import { decidePayment, type PayableOrder, positionInWindow } from './decide.js';
import { normalizeReference } from './references.js';

const wib = (s: string): Date => parseWibDateTime(s)!;
const HOUR = 3_600_000;

function order(over: Partial<PayableOrder> & { id: string; total: number }): PayableOrder {
  return {
    status: 'open',
    reference: null,
    validFrom: wib('2025-01-10 09:00:00'),
    expiresAt: wib('2025-01-10 21:00:00'),
    ...over,
  };
}

function credit(amount: number, description = 'TRANSFER DARI BUDI', at = '2025-01-10 14:30:00'): Credit {
  return { amount, transactedAt: wib(at), description };
}

describe('decidePayment: paying', () => {
  const a = order({ id: 'a', total: 150123, reference: 'ORDER-1' });
  const b = order({ id: 'b', total: 150456, reference: 'ORDER-2' });

  it('pays the open order whose total equals the amount inside its window', () => {
    expect(decidePayment(credit(150123), [a, b])).toEqual({
      outcome: 'paid',
      order: a,
      confirmedByReference: false,
      references: [],
    });
  });
  it('says when a reference in the description confirms it', () => {
    expect(decidePayment(credit(150123, 'TRF ORDER-1'), [a, a, b])).toMatchObject({
      outcome: 'paid',
      order: a,
      confirmedByReference: true,
      references: ['ORDER1'],
    });
  });
  it('ignores references that name no candidate', () => {
    expect(decidePayment(credit(150123, 'TRF 99999 ORDER-404'), [a, b])).toMatchObject({
      outcome: 'paid',
      order: a,
    });
  });
  it('pays late within the grace period, then sends to review', () => {
    const late = credit(150123, '', '2025-01-10 21:30:00');
    expect(decidePayment(late, [a], { gracePeriodMs: HOUR }).outcome).toBe('paid_late');
    expect(decidePayment(late, [{ ...a, gracePeriodMs: HOUR }]).outcome).toBe('paid_late');
    expect(decidePayment(late, [{ ...a, gracePeriodMs: 0 }], { gracePeriodMs: HOUR })).toMatchObject({
      outcome: 'review',
      reason: 'outside_window',
      orders: [{ id: 'a' }],
    });
    expect(decidePayment(late, [a])).toMatchObject({ outcome: 'review', reason: 'outside_window' });
  });
  it('pays at the exact edges of the window', () => {
    expect(decidePayment(credit(150123, '', '2025-01-10 09:00:00'), [a]).outcome).toBe('paid');
    expect(decidePayment(credit(150123, '', '2025-01-10 21:00:00'), [a]).outcome).toBe('paid');
  });
  it('never pays an order created after the transfer, nor a closed one', () => {
    expect(decidePayment(credit(150123, '', '2025-01-10 08:59:59'), [a])).toMatchObject({
      outcome: 'unmatched',
      reason: 'no_match',
    });
    for (const status of ['paid', 'cancelled', 'expired'] as const) {
      expect(decidePayment(credit(150123), [{ ...a, status }]).outcome).toBe('unmatched');
    }
  });
  it('pays an order without expiry at any time after validFrom', () => {
    expect(
      decidePayment(credit(150123, '', '2030-01-01 00:00:01'), [{ ...a, expiresAt: null }]).outcome,
    ).toBe('paid');
  });
});

describe('decidePayment: references that disagree', () => {
  const a = order({ id: 'a', total: 150123, reference: 'ORDER-1' });
  const b = order({ id: 'b', total: 150456, reference: 'ORDER-2' });

  it('sends both orders to review when the reference names another order than the amount', () => {
    expect(decidePayment(credit(150123, 'TRF ORDER-2'), [a, b])).toMatchObject({
      outcome: 'review',
      reason: 'reference_conflict',
      orders: [a, b],
    });
  });
  it('sends to review when the reference names an already paid order (a second payment)', () => {
    const old = order({ id: 'old', total: 150123, reference: 'ORDER-0', status: 'paid' });
    expect(decidePayment(credit(150123, 'ORDER-0'), [a, old])).toMatchObject({
      outcome: 'review',
      reason: 'reference_conflict',
      orders: [a, old],
    });
  });
  it('sends to review when the description names the matching order and another one', () => {
    expect(decidePayment(credit(150123, 'ORDER-1 ORDER-2'), [a, b])).toMatchObject({
      reason: 'reference_conflict',
      orders: [a, b],
    });
  });
  it('never pays on a reference alone: a different amount is under- or overpaid, whatever the difference', () => {
    expect(decidePayment(credit(100000, 'ORDER-1'), [a, b])).toEqual({
      outcome: 'review',
      reason: 'underpaid',
      orders: [a],
      differenceRupiah: -50123,
      references: ['ORDER1'],
    });
    expect(decidePayment(credit(900000, 'ORDER-1'), [a, b])).toMatchObject({
      reason: 'overpaid',
      orders: [a],
      differenceRupiah: 749877,
    });
  });
  it('reports a reference to a closed order, or to an order outside its window', () => {
    expect(decidePayment(credit(100, 'ORDER-1'), [{ ...a, status: 'cancelled' }])).toMatchObject({
      reason: 'order_closed',
    });
    expect(decidePayment(credit(150123, 'ORDER-1', '2025-01-11 10:00:00'), [a])).toMatchObject({
      reason: 'outside_window',
      orders: [a],
    });
    expect(decidePayment(credit(150123, 'ORDER-1', '2025-01-10 08:00:00'), [a])).toMatchObject({
      reason: 'outside_window',
    });
  });
  it('lists every named order when several are named and none matches the amount', () => {
    expect(decidePayment(credit(300579, 'ORDER-1 + ORDER-2'), [a, b])).toMatchObject({
      reason: 'reference_conflict',
      orders: [a, b],
    });
  });
});

describe('decidePayment: shared totals', () => {
  const a = order({ id: 'a', total: 150000, reference: 'ORDER-1' });
  const b = order({ id: 'b', total: 150000, reference: 'ORDER-2' });
  it('is ambiguous without a reference', () => {
    expect(decidePayment(credit(150000), [a, b])).toMatchObject({ reason: 'ambiguous', orders: [a, b] });
  });
  it('lets a reference pick one of them', () => {
    expect(decidePayment(credit(150000, 'ORDER-2'), [a, b])).toMatchObject({
      outcome: 'paid',
      order: b,
      confirmedByReference: true,
    });
  });
  it('stays ambiguous when the reference names both', () => {
    const twin = { ...b, reference: 'ORDER-1' };
    expect(decidePayment(credit(150000, 'ORDER-1'), [a, twin])).toMatchObject({ reason: 'ambiguous' });
  });
  it('only counts the orders whose window contains the credit', () => {
    const expired = { ...b, expiresAt: wib('2025-01-10 10:00:00') };
    expect(decidePayment(credit(150000), [a, expired])).toMatchObject({ outcome: 'paid', order: a });
  });
});

describe('decidePayment: close amounts', () => {
  const a = order({ id: 'a', total: 150123 });
  const b = order({ id: 'b', total: 150456 });
  it('reports a forgotten code as underpaid and a rounded one as overpaid, closest first', () => {
    expect(decidePayment(credit(150000), [b, a])).toMatchObject({
      reason: 'underpaid',
      orders: [a, b],
      differenceRupiah: -123,
    });
    expect(decidePayment(credit(151000), [a, b])).toMatchObject({
      reason: 'overpaid',
      orders: [b, a],
      differenceRupiah: 544,
    });
  });
  it('respects the tolerance, including turning it off', () => {
    expect(decidePayment(credit(148000), [a]).outcome).toBe('unmatched');
    expect(
      decidePayment(credit(150100), [a], { tolerance: { underpaidRupiah: 0, overpaidRupiah: 0 } }).outcome,
    ).toBe('unmatched');
    expect(
      decidePayment(credit(150000), [a], { tolerance: { underpaidRupiah: 50, overpaidRupiah: 5000 } })
        .outcome,
    ).toBe('unmatched');
    expect(
      decidePayment(credit(150200), [a], { tolerance: { underpaidRupiah: 0, overpaidRupiah: 100 } }),
    ).toMatchObject({ reason: 'overpaid' });
  });
  it('ignores close orders that are closed or outside their window', () => {
    expect(decidePayment(credit(150000), [{ ...a, status: 'paid' }]).outcome).toBe('unmatched');
    expect(decidePayment(credit(150000, '', '2025-01-12 10:00:00'), [a]).outcome).toBe('unmatched');
  });
});

describe('decidePayment: day-precision credits', () => {
  const a = order({
    id: 'a',
    total: 150123,
    validFrom: wib('2025-01-10 14:00:00'),
    expiresAt: wib('2025-01-11 14:00:00'),
  });
  const day = (date: string): Credit => ({ ...credit(150123, '', `${date} 00:00:00`), timePrecision: 'day' });
  it('compares WIB calendar days, so a date-only transfer on the creation day pays', () => {
    expect(decidePayment(credit(150123, '', '2025-01-10 00:00:00'), [a]).outcome).toBe('unmatched');
    expect(decidePayment(day('2025-01-10'), [a]).outcome).toBe('paid');
    expect(decidePayment(day('2025-01-11'), [a]).outcome).toBe('paid');
    expect(decidePayment(day('2025-01-12'), [a], { gracePeriodMs: 24 * HOUR }).outcome).toBe('paid_late');
    expect(decidePayment(day('2025-01-12'), [a])).toMatchObject({ reason: 'outside_window' });
    expect(decidePayment(day('2025-01-09'), [a]).outcome).toBe('unmatched');
  });
  it('positions by day in WIB, not UTC', () => {
    // 2025-01-10 23:30 WIB is 16:30 UTC on the same day; 2025-01-11 06:00 WIB is still the 10th in UTC.
    const o = order({ id: 'o', total: 1, validFrom: wib('2025-01-11 06:00:00'), expiresAt: null });
    expect(positionInWindow(o, { transactedAt: wib('2025-01-10 00:00:00'), timePrecision: 'day' })).toBe(
      'before',
    );
    expect(positionInWindow(o, { transactedAt: wib('2025-01-11 00:00:00'), timePrecision: 'day' })).toBe(
      'on_time',
    );
  });
});

describe('decidePayment: inputs', () => {
  const a = order({ id: 'a', total: 150123, reference: 'SHOP-9' });
  it('reports credits that cannot be read', () => {
    for (const amount of [0, -5, 1.5, Number.NaN]) {
      expect(decidePayment(credit(amount), [a])).toMatchObject({
        outcome: 'unmatched',
        reason: 'invalid_amount',
      });
    }
    expect(
      decidePayment({ amount: 150123, transactedAt: new Date(Number.NaN), description: '' }, [a]),
    ).toMatchObject({
      reason: 'invalid_date',
    });
  });
  it('uses custom patterns, and pre-extracted references instead of the description', () => {
    const shop = [{ name: 'shop', regex: /\bSHOP-(\d+)/, toKey: (m: RegExpExecArray) => `SHOP${m[1]}` }];
    expect(decidePayment(credit(1000, 'SHOP-9'), [a], { referencePatterns: shop })).toMatchObject({
      reason: 'underpaid',
    });
    expect(decidePayment({ ...credit(1000), references: ['SHOP9'] }, [a])).toMatchObject({
      reason: 'underpaid',
    });
    expect(decidePayment(credit(1000, 'SHOP-9'), [a]).outcome).toBe('unmatched');
  });
});

describe('decidePayment properties', () => {
  const start = wib('2025-01-10 00:00:00').getTime();
  const orderArb = fc.record({
    total: fc.integer({ min: 149_990, max: 150_010 }),
    reference: fc.option(fc.constantFrom('ORDER-1', 'ORDER-2', 'INV/2025/001', '12345'), { nil: null }),
    status: fc.constantFrom('open', 'open', 'open', 'paid', 'cancelled', 'expired'),
    validFromH: fc.integer({ min: 0, max: 48 }),
    lengthH: fc.option(fc.integer({ min: 1, max: 48 }), { nil: null }),
    graceH: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
  });
  const creditArb = fc.record({
    amount: fc.integer({ min: 149_990, max: 150_010 }),
    atH: fc.integer({ min: 0, max: 100 }),
    description: fc.constantFrom(
      '',
      'ORDER-1',
      'ORDER-2',
      'TRF 12345',
      'INV/2025/001 ORDER-1',
      'TRSF 0101/FTSCY/WS95271',
    ),
    isDay: fc.boolean(),
  });

  it('pays only an open order with exactly that total, inside its window, that no other reference contradicts', () => {
    fc.assert(
      fc.property(fc.array(orderArb, { maxLength: 6 }), creditArb, fc.nat(4), (rows, c, graceH) => {
        const orders: PayableOrder[] = rows.map((r, i) => ({
          id: `o${i}`,
          total: r.total,
          reference: r.reference,
          status: r.status,
          validFrom: new Date(start + r.validFromH * HOUR),
          expiresAt: r.lengthH === null ? null : new Date(start + (r.validFromH + r.lengthH) * HOUR),
          gracePeriodMs: r.graceH === undefined ? undefined : r.graceH * HOUR,
        }));
        const input: Credit = {
          amount: c.amount,
          transactedAt: new Date(start + c.atH * HOUR),
          description: c.description,
          timePrecision: c.isDay ? 'day' : 'second',
        };
        const decision = decidePayment(input, orders, { gracePeriodMs: graceH * HOUR });
        if (decision.outcome !== 'paid' && decision.outcome !== 'paid_late') return;
        const paid = decision.order;
        expect(paid.total).toBe(c.amount);
        expect(paid.status).toBe('open');
        const position = positionInWindow(paid, input, graceH * HOUR);
        expect(position).toBe(decision.outcome === 'paid' ? 'on_time' : 'late');
        const keys = new Set(decision.references);
        const named = orders.filter((o) => o.reference && keys.has(normalizeReference(o.reference)));
        for (const o of named) expect(o.id).toBe(paid.id);
        const isPayable = (o: PayableOrder) =>
          ['on_time', 'late'].includes(positionInWindow(o, input, graceH * HOUR));
        const rivals = orders.filter(
          (o) => o.id !== paid.id && o.status === 'open' && o.total === c.amount && isPayable(o),
        );
        if (rivals.length > 0) expect(decision.confirmedByReference).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

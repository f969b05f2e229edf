import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../connector.js';
import { parseResponseCode, snapErrorFor } from './snap-response-code.js';
import { mapSnapEntry, readSnapAmount, readStatementBalance, snapTimeToWib } from './snap-rows.js';

describe('snapTimeToWib', () => {
  it.each([
    ['2019-07-03T12:08:56+07:00', '2019-07-03 12:08:56'],
    ['2019-07-03T12:08:56.123+07:00', '2019-07-03 12:08:56'],
    ['2019-07-03T17:30:00Z', '2019-07-04 00:30:00'],
    ['2019-07-03T12:08:56+0800', '2019-07-03 11:08:56'],
  ])('reads %s as %s WIB', (text, wib) => {
    expect(snapTimeToWib(text)).toBe(wib);
  });

  it('refuses times without offset and impossible dates', () => {
    expect(snapTimeToWib('2019-07-03T12:08:56')).toBeUndefined();
    expect(snapTimeToWib('2019-02-30T12:08:56+07:00')).toBeUndefined();
    expect(snapTimeToWib(20190703)).toBeUndefined();
  });
});

describe('readSnapAmount', () => {
  it('reads {value: "10000.00"} as integer rupiah, and flags sen', () => {
    expect(readSnapAmount({ value: '10000.00', currency: 'IDR' })).toEqual({
      rupiah: 10000,
      currency: 'IDR',
    });
    expect(readSnapAmount({ value: '10000' })).toEqual({ rupiah: 10000, currency: 'IDR' });
    expect(readSnapAmount({ value: '10000.50', currency: 'IDR' })).toBe('sen');
    expect(readSnapAmount({ value: '1,000.00' })).toBeUndefined();
    expect(readSnapAmount({ value: 10000 })).toBeUndefined();
  });

  it('reads the ending balance of a statement', () => {
    expect(readStatementBalance([{ endingBalance: { value: '5000.00' }, amount: { value: '1.00' } }])).toBe(
      5000,
    );
    expect(readStatementBalance([{ amount: { value: '7000.00' } }])).toBe(7000);
    expect(readStatementBalance([])).toBeUndefined();
  });
});

describe('mapSnapEntry', () => {
  const entry = {
    amount: { value: '150000.00', currency: 'IDR' },
    transactionDate: '2025-03-10T08:15:00+07:00',
    remark: ' TRSF  E-BANKING CR  BUDI ',
    transactionId: 'T1',
    type: 'Credit',
    detailBalance: { endAmount: [{ amount: { value: '1150000.00', currency: 'IDR' } }] },
  };

  it('maps a Bank Statement entry', () => {
    expect(mapSnapEntry('BCA', 'bank-statement', entry)).toEqual({
      kind: 'row',
      time: '2025-03-10 08:15:00',
      row: {
        transactionDate: '2025-03-10 08:15:00',
        description: 'TRSF E-BANKING CR BUDI',
        type: 'CR',
        amount: 150000,
        balance: 1150000,
        bankReference: 'T1',
      },
    });
  });

  it('leaves out rows with sen or another currency with a warning, and unsettled ones', () => {
    expect(
      mapSnapEntry('BCA', 'bank-statement', { ...entry, amount: { value: '10.50', currency: 'IDR' } }),
    ).toEqual({
      kind: 'warning',
      time: '2025-03-10 08:15:00',
      warning:
        'left out CR 2025-03-10 08:15:00 "TRSF E-BANKING CR BUDI": its amount has non-zero sen, and rows are whole rupiah',
    });
    expect(
      mapSnapEntry('BCA', 'bank-statement', { ...entry, amount: { value: '10.00', currency: 'USD' } }),
    ).toMatchObject({
      kind: 'warning',
    });
    expect(
      mapSnapEntry('BCA', 'transaction-history', { dateTime: entry.transactionDate, status: 'PAYING' }),
    ).toEqual({
      kind: 'unsettled',
      time: '2025-03-10 08:15:00',
    });
  });

  it('fails the fetch on entries a bank should never send', () => {
    expect(() => mapSnapEntry('BCA', 'bank-statement', { ...entry, type: 'SIDEWAYS' })).toThrow(
      ConnectorError,
    );
    expect(() => mapSnapEntry('BCA', 'bank-statement', { ...entry, transactionDate: '03/10/2025' })).toThrow(
      'BCA sent a transactionDate that is not ISO 8601 with offset: 03/10/2025',
    );
  });
});

describe('SNAP response codes', () => {
  it('splits the seven characters into HTTP status, service and case', () => {
    expect(parseResponseCode('4011401')).toEqual({
      code: '4011401',
      httpStatus: 401,
      serviceCode: '14',
      caseCode: '01',
    });
    expect(parseResponseCode('401140')).toBeUndefined();
    expect(parseResponseCode(4011401)).toBeUndefined();
  });

  it.each([
    ['4017300', 'auth_failed', false],
    ['4001402', 'request_rejected', false],
    ['4031401', 'request_rejected', false],
    ['4041411', 'request_rejected', false],
    ['4091400', 'request_rejected', true],
    ['4291400', 'rate_limited', true],
    ['5001400', 'bank_unavailable', true],
    ['5041400', 'bank_unavailable', true],
    ['3021400', 'bad_response', false],
  ])('maps %s to %s', (code, expected, retryable) => {
    const error = snapErrorFor('BRI', parseResponseCode(code)!, 'Some Message');
    expect(error.code).toBe(expected);
    expect(error.retryable).toBe(retryable);
    expect(error.message).toContain(`${code} Some Message`);
  });
});

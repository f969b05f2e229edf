import { describe, expect, it } from 'vitest';
import { parseHhmmss, parseStatementDate, parseStatementPeriod } from './day-first-date.js';

const crossing = { period: { from: '2024-12-15', to: '2025-01-14' } };

describe('parseStatementDate', () => {
  it.each([
    ['02/01/2024', '2024-01-02', undefined],
    ['02/01/24', '2024-01-02', undefined],
    ["'02/01/2024", '2024-01-02', undefined],
    ['2/1/2024', '2024-01-02', undefined],
    ['02-01-2024 13:05', '2024-01-02', '13:05:00'],
    ['02/01/24 13.05.09', '2024-01-02', '13:05:09'],
    ['02 Jan 2024', '2024-01-02', undefined],
    ['02-Agu-24', '2024-08-02', undefined],
    ['2024-01-02', '2024-01-02', undefined],
    ['29/02/2024', '2024-02-29', undefined],
  ])('reads %s day first', (text, date, time) => {
    expect(parseStatementDate(text)).toEqual({ ok: true, date, time });
  });

  it('takes the year of DD/MM from a period that crosses New Year', () => {
    expect(parseStatementDate("'20/12", crossing)).toEqual({ ok: true, date: '2024-12-20', time: undefined });
    expect(parseStatementDate("'05/01", crossing)).toEqual({ ok: true, date: '2025-01-05', time: undefined });
  });

  it('refuses a DD/MM outside the period', () => {
    expect(parseStatementDate("'20/03", crossing)).toEqual({
      ok: false,
      reason: "date ''20/03' does not fall within the period 2024-12-15 to 2025-01-14",
    });
  });

  it('uses the given year only without a period', () => {
    expect(parseStatementDate('02/01', { year: 2023 })).toEqual({
      ok: true,
      date: '2023-01-02',
      time: undefined,
    });
    expect(parseStatementDate('02/01')).toEqual({
      ok: false,
      reason: "date '02/01' has no year and the file has no Periode line; pass the year",
    });
  });

  it('refuses a period longer than a year as ambiguous', () => {
    const long = { period: { from: '2023-01-01', to: '2024-06-30' } };
    expect(parseStatementDate('02/03', long)).toEqual({
      ok: false,
      reason: "date '02/03' is ambiguous: the period 2023-01-01 to 2024-06-30 is longer than a year",
    });
  });

  it.each([
    ['31/02/2024', "date '31/02/2024' is not a real date"],
    ['29/02/2023', "date '29/02/2023' is not a real date"],
    ['13/13/2024', "date '13/13/2024' is not a real date"],
    ['02/01/2024 25:00', "date '02/01/2024 25:00' has an impossible time"],
    ['01/02/2024x', "'01/02/2024x' is not a day-first date (DD/MM, DD/MM/YY or DD/MM/YYYY)"],
    ['02 Foo 2024', "date '02 Foo 2024' has an unknown month name"],
    ['02 valueOf 2024', "date '02 valueOf 2024' has an unknown month name"],
    ['PEND', "'PEND' is not a day-first date (DD/MM, DD/MM/YY or DD/MM/YYYY)"],
  ])('refuses %s', (text, reason) => {
    expect(parseStatementDate(text)).toEqual({ ok: false, reason });
  });

  it('never reads month first, whatever Date() would do', () => {
    expect(parseStatementDate('12/01/2024')).toEqual({ ok: true, date: '2024-01-12', time: undefined });
  });
});

describe('parseStatementPeriod', () => {
  it.each([
    ['01/01/2024 - 31/01/2024', { from: '2024-01-01', to: '2024-01-31' }],
    ["'15/12/2024 s/d 14/01/2025", { from: '2024-12-15', to: '2025-01-14' }],
    ['01/01/2024 sampai 31/01/2024', { from: '2024-01-01', to: '2024-01-31' }],
  ])('reads %s', (text, period) => {
    expect(parseStatementPeriod(text)).toEqual(period);
  });

  it('refuses a period without years or running backwards', () => {
    expect(parseStatementPeriod('01/01 - 31/01')).toBeUndefined();
    expect(parseStatementPeriod('31/01/2024 - 01/01/2024')).toBeUndefined();
  });
});

describe('parseHhmmss', () => {
  it.each([
    ['124141', '12:41:41'],
    ['91500', '09:15:00'],
    ['0', '00:00:00'],
    ['235959', '23:59:59'],
    ['124141.0', '12:41:41'],
    ['12:41:41', '12:41:41'],
    ['7:05', '07:05:00'],
  ])('reads %s as %s', (text, time) => {
    expect(parseHhmmss(text)).toEqual({ ok: true, time });
  });

  it('refuses impossible times', () => {
    expect(parseHhmmss('246000')).toEqual({ ok: false, reason: "time '246000' is impossible" });
    expect(parseHhmmss('1234567')).toEqual({
      ok: false,
      reason: "'1234567' is not a time (HHMMSS or HH:mm:ss)",
    });
  });
});

import { describe, expect, it } from 'vitest';
import { formatWibDate, formatWibDateTime, isWibDate, parseWibDateTime, toWibDate } from './wib.js';

describe('WIB dates', () => {
  it('formats instants in UTC+7 whatever the host zone', () => {
    expect(formatWibDate(new Date('2025-01-31T16:59:59Z'))).toBe('2025-01-31');
    expect(formatWibDate(new Date('2025-01-31T17:00:00Z'))).toBe('2025-02-01');
    expect(formatWibDateTime(new Date('2025-01-10T07:30:00Z'))).toBe('2025-01-10 14:30:00');
  });
  it('parses WIB timestamps to instants and refuses impossible ones', () => {
    expect(parseWibDateTime('2025-01-10 14:30:00')?.toISOString()).toBe('2025-01-10T07:30:00.000Z');
    expect(parseWibDateTime('2025-01-10T14:30')?.toISOString()).toBe('2025-01-10T07:30:00.000Z');
    expect(parseWibDateTime('2025-01-10')?.toISOString()).toBe('2025-01-09T17:00:00.000Z');
    for (const bad of ['2025-02-30 00:00:00', '2025-01-10 24:00:00', '10/01/2025', '2025-1-10', '']) {
      expect(parseWibDateTime(bad)).toBeUndefined();
    }
  });
  it('validates date arguments', () => {
    expect(isWibDate('2024-02-29')).toBe(true);
    expect(isWibDate('2025-02-29')).toBe(false);
    expect(toWibDate(new Date('2025-06-30T20:00:00Z'))).toBe('2025-07-01');
    expect(toWibDate('2025-13-01')).toBeUndefined();
    expect(toWibDate(new Date(Number.NaN))).toBeUndefined();
  });
});

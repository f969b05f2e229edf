import { describe, expect, it } from 'vitest';
import { resolveDateRange } from './date-range.js';

// 2025-01-01 02:00 WIB is still 2024-12-31 in UTC.
const nowMs = Date.UTC(2024, 11, 31, 19, 0);

describe('resolveDateRange', () => {
  it('defaults to the window ending today in WIB', () => {
    expect(resolveDateRange({}, { nowMs, defaultDays: 1 })).toEqual({
      dateFrom: '2025-01-01',
      dateTo: '2025-01-01',
      range: { from: '2025-01-01 00:00:00', to: '2025-01-02 00:00:00' },
    });
    expect(resolveDateRange({}, { nowMs, defaultDays: 7 }).dateFrom).toBe('2024-12-26');
  });
  it('takes explicit dates across month and year ends', () => {
    const r = resolveDateRange(
      { date_from: '2024-02-28', date_to: '2024-02-29' },
      { nowMs, defaultDays: 1, maxDays: 31 },
    );
    expect(r.range).toEqual({ from: '2024-02-28 00:00:00', to: '2024-03-01 00:00:00' });
  });
  it('refuses bad, reversed and too long ranges', () => {
    expect(() => resolveDateRange({ date_from: '2025-02-29' }, { nowMs, defaultDays: 1 })).toThrow(
      /real date/,
    );
    expect(() =>
      resolveDateRange({ date_from: '2025-01-05', date_to: '2025-01-01' }, { nowMs, defaultDays: 1 }),
    ).toThrow(/after/);
    expect(() =>
      resolveDateRange(
        { date_from: '2024-01-01', date_to: '2024-03-01' },
        { nowMs, defaultDays: 1, maxDays: 31 },
      ),
    ).toThrow(/61 days/);
  });
});

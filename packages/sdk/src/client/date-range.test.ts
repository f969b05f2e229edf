import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitDateRange } from './date-range.js';

describe('splitDateRange', () => {
  it('cuts at the window size, across month and leap-year ends', () => {
    expect(splitDateRange('2025-01-01', '2025-02-15', 31)).toEqual([
      { dateFrom: '2025-01-01', dateTo: '2025-01-31' },
      { dateFrom: '2025-02-01', dateTo: '2025-02-15' },
    ]);
    expect(splitDateRange('2024-02-28', '2024-03-01', 2)).toEqual([
      { dateFrom: '2024-02-28', dateTo: '2024-02-29' },
      { dateFrom: '2024-03-01', dateTo: '2024-03-01' },
    ]);
    expect(splitDateRange('2025-05-05', '2025-05-05', 31)).toEqual([
      { dateFrom: '2025-05-05', dateTo: '2025-05-05' },
    ]);
  });

  it('covers the range exactly: contiguous, in order, each window at most maxDays', () => {
    const day = fc
      .integer({ min: 0, max: 4000 })
      .map((n) => new Date(Date.UTC(2020, 0, 1 + n)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, fc.integer({ min: 1, max: 60 }), (a, b, maxDays) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const windows = splitDateRange(from, to, maxDays);
        expect(windows[0]?.dateFrom).toBe(from);
        expect(windows.at(-1)?.dateTo).toBe(to);
        for (const [i, w] of windows.entries()) {
          const days = (Date.parse(w.dateTo) - Date.parse(w.dateFrom)) / 86_400_000 + 1;
          expect(days).toBeGreaterThanOrEqual(1);
          expect(days).toBeLessThanOrEqual(maxDays);
          const next = windows[i + 1];
          if (next) expect(Date.parse(next.dateFrom) - Date.parse(w.dateTo)).toBe(86_400_000);
        }
      }),
    );
  });
});

/**
 * @module client/date-range
 * Splitting a long `YYYY-MM-DD` range into consecutive windows, for services that answer at most
 * so many days per statements request. Pure calendar arithmetic on UTC midnights, so the host
 * time zone and daylight saving never shift a day.
 */

/** An inclusive range of calendar days, both ends `YYYY-MM-DD`. */
export interface DateWindow {
  dateFrom: string;
  dateTo: string;
}

const DAY_MS = 86_400_000;

function toDayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Splits the inclusive range `from`..`to` (valid `YYYY-MM-DD`, `from <= to`) into windows of at
 * most `maxDays` days, oldest first, with no gaps and no overlaps.
 *
 * @example
 * splitDateRange('2025-01-01', '2025-02-15', 31);
 * // [{ dateFrom: '2025-01-01', dateTo: '2025-01-31' }, { dateFrom: '2025-02-01', dateTo: '2025-02-15' }]
 */
export function splitDateRange(from: string, to: string, maxDays: number): DateWindow[] {
  const windows: DateWindow[] = [];
  const last = toDayNumber(to);
  for (let start = toDayNumber(from); start <= last; start += maxDays) {
    windows.push({
      dateFrom: fromDayNumber(start),
      dateTo: fromDayNumber(Math.min(start + maxDays - 1, last)),
    });
  }
  return windows;
}

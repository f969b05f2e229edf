/**
 * @module http/date-range
 * Date arguments of the statement routes: `YYYY-MM-DD` in WIB, turned into the half-open WIB
 * timestamp range the mutations table is indexed by.
 */
import { formatWibDate, isWibDate } from 'mutasibank';
import { ApiError } from '../errors.js';
import type { WibRange } from '../store/mutations.js';

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** A resolved range: inclusive dates for the response, and the query range. */
export interface ResolvedRange {
  dateFrom: string;
  dateTo: string;
  range: WibRange;
}

/**
 * Resolves optional `date_from`/`date_to`: none means the default window ending today (WIB);
 * only one means that single day plus the default rule for the other end. Refuses malformed or
 * impossible dates, reversed ranges, and ranges longer than `maxDays`.
 */
export function resolveDateRange(
  input: { date_from?: string | undefined; date_to?: string | undefined },
  options: { nowMs: number; defaultDays: number; maxDays?: number },
): ResolvedRange {
  for (const key of ['date_from', 'date_to'] as const) {
    const v = input[key];
    if (v !== undefined && v !== '' && !isWibDate(v)) {
      throw new ApiError('validation_failed', `${key} must be a real date written YYYY-MM-DD`);
    }
  }
  const today = formatWibDate(new Date(options.nowMs));
  const to = input.date_to || (input.date_from ? today : today);
  const from = input.date_from || fromDayNumber(dayNumber(to) - (options.defaultDays - 1));
  const days = dayNumber(to) - dayNumber(from) + 1;
  if (days < 1) throw new ApiError('validation_failed', 'date_from must not be after date_to');
  if (options.maxDays !== undefined && days > options.maxDays) {
    throw new ApiError(
      'validation_failed',
      `the range is ${days} days; at most ${options.maxDays} days per request (split longer ranges)`,
    );
  }
  return {
    dateFrom: from,
    dateTo: to,
    range: { from: `${from} 00:00:00`, to: `${fromDayNumber(dayNumber(to) + 1)} 00:00:00` },
  };
}

/**
 * @module wib
 * Western Indonesia Time (WIB, UTC+7, no daylight saving). Banks and the API speak WIB: dates are
 * `YYYY-MM-DD` and timestamps `YYYY-MM-DD HH:mm:ss` in WIB. These helpers never use the host's
 * time zone, so they give the same answer on a laptop in Jakarta and a server in UTC.
 */

/** WIB's offset from UTC in milliseconds (+07:00, fixed). */
export const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True when the parts make a real calendar date (no 2025-02-30). A table, not a `Date`: this runs per mutation of every webhook. */
function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (DAYS_IN_MONTH[m - 1] ?? 0) + (leap ? 1 : 0);
}

/**
 * The calendar date of an instant as seen in WIB, as `YYYY-MM-DD`.
 *
 * @example
 * formatWibDate(new Date('2025-01-31T18:00:00Z')); // '2025-02-01' (01:00 WIB)
 */
export function formatWibDate(instant: Date): string {
  const t = new Date(instant.getTime() + WIB_OFFSET_MS);
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** An instant as a WIB timestamp `YYYY-MM-DD HH:mm:ss`. */
export function formatWibDateTime(instant: Date): string {
  const t = new Date(instant.getTime() + WIB_OFFSET_MS);
  return `${formatWibDate(instant)} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
}

/** True for a `YYYY-MM-DD` string that names a real calendar date. */
export function isWibDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * Reads a WIB timestamp (`YYYY-MM-DD HH:mm:ss`, `YYYY-MM-DDTHH:mm[:ss]`, or a bare `YYYY-MM-DD`
 * meaning midnight WIB) as an instant. Returns `undefined` for anything else, including impossible
 * dates and times; it never falls back to `Date.parse`.
 *
 * @example
 * parseWibDateTime('2025-01-10 14:30:00')?.toISOString(); // '2025-01-10T07:30:00.000Z'
 */
export function parseWibDateTime(value: string): Date | undefined {
  const m = DATETIME_RE.exec(value) ?? DATE_RE.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [h, mi, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (!isCalendarDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return undefined;
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s) - WIB_OFFSET_MS);
}

/**
 * Normalises a date argument to `YYYY-MM-DD`: strings must already be a real `YYYY-MM-DD` date,
 * `Date` objects are read in WIB (not UTC, not the host zone). Returns `undefined` when invalid.
 */
export function toWibDate(value: string | Date): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : formatWibDate(value);
  return isWibDate(value) ? value : undefined;
}

/**
 * @module connectors/csv/day-first-date
 * Day-first statement dates (`DD/MM`, `DD/MM/YY`, `DD/MM/YYYY`, `02 Jan 2024`, optionally with a
 * time), read by pattern and never by `Date()`, which would take `02/01` for February 1st. A date
 * without a year takes it from the statement period, so a period that crosses New Year
 * (`15/12/2024 - 14/01/2025`) puts `'20/12` in 2024 and `'05/01` in 2025.
 */
import { quoteCell } from './cell-text.js';

/** A statement period in WIB, both ends inclusive, as `YYYY-MM-DD`. */
export interface StatementPeriod {
  from: string;
  to: string;
}

/** Where a date without a year gets its year. */
export interface DateYearSource {
  /** From the file's `Periode` line; wins over `year`. */
  period?: StatementPeriod | undefined;
  /** Given by the caller for files without a period line. */
  year?: number | undefined;
}

/** A date read from a cell: `date` is `YYYY-MM-DD`, `time` is `HH:mm:ss` when the cell had one. */
export type DateResult = { ok: true; date: string; time: string | undefined } | { ok: false; reason: string };

// A Map, not an object literal: a cell reading `02 constructor 2024` must not find a prototype key.
const MONTH_NAMES: ReadonlyMap<string, number> = new Map([
  ['jan', 1],
  ['januari', 1],
  ['january', 1],
  ['feb', 2],
  ['februari', 2],
  ['february', 2],
  ['peb', 2],
  ['mar', 3],
  ['maret', 3],
  ['march', 3],
  ['apr', 4],
  ['april', 4],
  ['mei', 5],
  ['may', 5],
  ['jun', 6],
  ['juni', 6],
  ['june', 6],
  ['jul', 7],
  ['juli', 7],
  ['july', 7],
  ['agu', 8],
  ['agt', 8],
  ['aug', 8],
  ['agustus', 8],
  ['august', 8],
  ['sep', 9],
  ['sept', 9],
  ['september', 9],
  ['okt', 10],
  ['oct', 10],
  ['oktober', 10],
  ['october', 10],
  ['nov', 11],
  ['nop', 11],
  ['november', 11],
  ['des', 12],
  ['dec', 12],
  ['desember', 12],
  ['december', 12],
]);

const TIME = String.raw`(?:\s+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?`;
const NUMERIC = new RegExp(String.raw`^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?${TIME}$`);
const NAMED = new RegExp(String.raw`^(\d{1,2})[\s/.-]+([A-Za-z]{3,9})[\s/.-]+(\d{4}|\d{2})${TIME}$`);
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T\s](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** True when the parts make a real calendar date (no 30 February). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 9999) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

function readTime(
  h?: string,
  m?: string,
  s?: string,
): { ok: true; time: string | undefined } | { ok: false } {
  if (h === undefined || m === undefined) return { ok: true, time: undefined };
  const [hh, mm, ss] = [Number(h), Number(m), Number(s ?? 0)];
  if (hh > 23 || mm > 59 || ss > 59) return { ok: false };
  return { ok: true, time: `${pad2(hh)}:${pad2(mm)}:${pad2(ss)}` };
}

/**
 * The year of a `DD/MM` date: the one year of the period in which that day falls. Refused when no
 * year is known, when the day lies outside the period, or when a period longer than a year makes
 * it ambiguous.
 */
function resolveYear(day: number, month: number, source: DateYearSource, text: string): number | string {
  const { period, year } = source;
  if (period === undefined) {
    if (year === undefined) {
      return `date ${quoteCell(text)} has no year and the file has no Periode line; pass the year`;
    }
    return year;
  }
  const fromYear = Number(period.from.slice(0, 4));
  const toYear = Number(period.to.slice(0, 4));
  const candidates: number[] = [];
  for (let y = fromYear; y <= toYear; y++) {
    if (!isCalendarDate(y, month, day)) continue;
    const iso = isoDate(y, month, day);
    if (iso >= period.from && iso <= period.to) candidates.push(y);
  }
  if (candidates.length === 1) return candidates[0] as number;
  if (candidates.length === 0) {
    return `date ${quoteCell(text)} does not fall within the period ${period.from} to ${period.to}`;
  }
  return `date ${quoteCell(text)} is ambiguous: the period ${period.from} to ${period.to} is longer than a year`;
}

interface DateParts {
  day: number;
  month: number;
  year: number | undefined;
  time: { ok: true; time: string | undefined } | { ok: false };
}

/** The parts of a date cell in any accepted shape; a string is the reason it is none. */
function matchDateParts(cell: string, text: string): DateParts | string {
  const numeric = NUMERIC.exec(cell);
  if (numeric) {
    const y = numeric[3];
    return {
      day: Number(numeric[1]),
      month: Number(numeric[2]),
      year: y === undefined ? undefined : y.length === 2 ? 2000 + Number(y) : Number(y),
      time: readTime(numeric[4], numeric[5], numeric[6]),
    };
  }
  const named = NAMED.exec(cell);
  if (named) {
    const month = MONTH_NAMES.get((named[2] ?? '').toLowerCase());
    if (month === undefined) return `date ${quoteCell(text)} has an unknown month name`;
    const y = named[3] ?? '';
    return {
      day: Number(named[1]),
      month,
      year: y.length === 2 ? 2000 + Number(y) : Number(y),
      time: readTime(named[4], named[5], named[6]),
    };
  }
  const iso = ISO.exec(cell);
  if (iso) {
    return {
      day: Number(iso[3]),
      month: Number(iso[2]),
      year: Number(iso[1]),
      time: readTime(iso[4], iso[5], iso[6]),
    };
  }
  return `${quoteCell(text)} is not a day-first date (DD/MM, DD/MM/YY or DD/MM/YYYY)`;
}

/**
 * Reads a day-first date cell (a leading apostrophe is ignored). Two-digit years are 2000-2099.
 * ISO `YYYY-MM-DD` is accepted too, since it cannot be misread.
 *
 * @example
 * parseStatementDate("'05/01", { period: { from: '2024-12-15', to: '2025-01-14' } });
 * // { ok: true, date: '2025-01-05', time: undefined }
 * parseStatementDate('02/01/24 13.05.09'); // { ok: true, date: '2024-01-02', time: '13:05:09' }
 */
export function parseStatementDate(text: string, source: DateYearSource = {}): DateResult {
  const cell = text.trim().replace(/^'/, '').trim();
  const parts = matchDateParts(cell, text);
  if (typeof parts === 'string') return { ok: false, reason: parts };
  const { day, month, time } = parts;
  if (!time.ok) return { ok: false, reason: `date ${quoteCell(text)} has an impossible time` };
  let year = parts.year;
  if (year === undefined) {
    if (!isCalendarDate(2000, month, day))
      return { ok: false, reason: `date ${quoteCell(text)} is not a real date` };
    const resolved = resolveYear(day, month, source, text);
    if (typeof resolved === 'string') return { ok: false, reason: resolved };
    year = resolved;
  }
  if (!isCalendarDate(year, month, day))
    return { ok: false, reason: `date ${quoteCell(text)} is not a real date` };
  return { ok: true, date: isoDate(year, month, day), time: time.time };
}

const PERIOD = /^\s*(\S+)\s*(?:-|s\/d|sd|sampai|to|until)\s*(\S+)\s*$/i;

/**
 * Reads a period line value, `01/01/2024 - 31/01/2024` (also `s/d`, `sampai` or `to` between).
 * Both ends need their year. Returns `undefined` when the text is not such a period.
 */
export function parseStatementPeriod(text: string): StatementPeriod | undefined {
  const m = PERIOD.exec(text.replace(/'/g, ''));
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  const from = parseStatementDate(m[1]);
  const to = parseStatementDate(m[2]);
  if (!from.ok || !to.ok || from.date > to.date) return undefined;
  return { from: from.date, to: to.date };
}

/**
 * Reads a time cell: BRI's `JAM_TRAN` is HHMMSS written as a number, so `124141` is 12:41:41 and
 * `91500` (its leading zero lost) is 09:15:00; `HH:mm[:ss]` is accepted too.
 *
 * @example
 * parseHhmmss('124141'); // { ok: true, time: '12:41:41' }
 */
export function parseHhmmss(text: string): { ok: true; time: string } | { ok: false; reason: string } {
  const cell = text.trim().replace(/^'/, '').trim();
  let parts: [string, string, string] | undefined;
  const numeric = /^(\d{1,6})(?:\.0+)?$/.exec(cell);
  if (numeric?.[1] !== undefined) {
    const six = numeric[1].padStart(6, '0');
    parts = [six.slice(0, 2), six.slice(2, 4), six.slice(4, 6)];
  } else {
    const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(cell);
    if (clock?.[1] !== undefined && clock[2] !== undefined) parts = [clock[1], clock[2], clock[3] ?? '00'];
  }
  if (parts === undefined)
    return { ok: false, reason: `${quoteCell(text)} is not a time (HHMMSS or HH:mm:ss)` };
  const time = readTime(...parts);
  if (!time.ok || time.time === undefined)
    return { ok: false, reason: `time ${quoteCell(text)} is impossible` };
  return { ok: true, time: time.time };
}

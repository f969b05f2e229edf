/**
 * @module connectors/csv/statement-reader
 * The synchronous core of statement parsing: fed one physical line at a time, it finds the
 * header, collects preamble and footer figures, assembles quoted records that span lines, reads
 * rows through the detected format and keeps the counts, all in constant memory. The async shell
 * in `parse-statement.ts` only feeds it lines and hands rows on.
 */
import type { StatementRow } from '../connector.js';
import { formatSen, parseAmountSen } from './amount.js';
import { cleanCell, isBlankRecord, quoteCell } from './cell-text.js';
import { CSV_DELIMITERS, splitCsvRecord } from './csv-fields.js';
import {
  type DateResult,
  type DateYearSource,
  parseStatementDate,
  parseStatementPeriod,
} from './day-first-date.js';
import {
  ALL_STATEMENT_FORMATS,
  type DetectedHeader,
  describeBinary,
  detectHeader,
  getStatementFormat,
} from './detect.js';
import { FooterTotals } from './footer-check.js';
import { type KeyValueLine, readKeyValueLine } from './key-value-line.js';
import type { SourceLine } from './line-reader.js';
import { RunningBalance } from './running-balance.js';
import type { ReadRow, RowContext, StatementFormat, StatementFormatName } from './statement-format.js';
import { StatementFormatError } from './statement-format-error.js';
import type {
  ParsedStatementRow,
  RejectedLine,
  StatementAccountInfo,
  StatementSummary,
} from './statement-summary.js';

/** Options of a statement parse. */
export interface StatementReaderOptions {
  /** Force a format instead of detecting it (the file must still carry that format's header). */
  format?: StatementFormatName;
  /** Year for `DD/MM` dates in files without a Periode line; ignored when the file has one. */
  year?: number;
  /** How many rejected lines the summary lists (all are counted). Default 1000. */
  maxRejected?: number;
}

/** Non-blank lines searched for a header before giving up. */
export const HEADER_SEARCH_LINES = 50;
/** Physical lines one quoted record may span before its opening quote is taken as a stray. */
const MAX_RECORD_LINES = 20;

interface OpenRecord {
  first: number;
  texts: string[];
}

function createDateReader(source: DateYearSource): (text: string) => DateResult {
  let lastText: string | undefined;
  let lastResult: DateResult = { ok: false, reason: '' };
  return (text) => {
    if (text !== lastText) {
      lastText = text;
      lastResult = parseStatementDate(text, source);
    }
    return lastResult;
  };
}

function digitsOf(accountNo: string): string {
  return accountNo.replace(/\D/g, '');
}

/** Reads one statement, line by line. Single use. */
export class StatementReader {
  private readonly candidates: readonly StatementFormat[];
  private readonly forced: StatementFormat | undefined;
  private readonly maxRejected: number;
  private readonly year: number | undefined;
  private header: (DetectedHeader & { line: number }) | undefined;
  private ctx: RowContext | undefined;
  private nonBlankBeforeHeader = 0;
  private firstText: string | undefined;
  private otherFormatSeen: StatementFormat | undefined;
  private open: OpenRecord | undefined;
  private readonly account: StatementAccountInfo = {};
  private readonly footer = new FooterTotals();
  private readonly balance = new RunningBalance();
  private readonly rejected: RejectedLine[] = [];
  private readonly counts = {
    lines: 0,
    rows: 0,
    credits: 0,
    debits: 0,
    pending: 0,
    rejected: 0,
    balancesTruncated: 0,
  };
  private creditRupiah = 0;
  private debitRupiah = 0;

  constructor(options: StatementReaderOptions = {}) {
    this.forced = options.format === undefined ? undefined : getStatementFormat(options.format);
    this.candidates = this.forced === undefined ? ALL_STATEMENT_FORMATS : [this.forced];
    this.maxRejected = options.maxRejected ?? 1000;
    this.year = options.year;
  }

  /** Feeds one physical line; rows it completes are appended to `out`. */
  push(source: SourceLine, out: ParsedStatementRow[]): void {
    this.counts.lines = source.line;
    if (this.header === undefined) this.pushBeforeHeader(source);
    else this.pushTableLine(source, out);
  }

  /** Ends the input; returns the summary. Throws {@link StatementFormatError} when no table was found. */
  finish(out: ParsedStatementRow[]): StatementSummary {
    if (this.header === undefined) throw this.headerNotFound();
    if (this.open !== undefined) this.abandonOpenRecord(out);
    const { format, reader, delimiter, line } = this.header;
    const footer = this.footer.check(reader.hasFooter, format.label);
    return {
      format: format.name,
      variant: reader.variant,
      formatLabel: format.label,
      delimiter,
      headerLine: line,
      account: this.account,
      footer,
      runningBalance: this.balance.result(),
      counts: { ...this.counts },
      totals: { creditRupiah: this.creditRupiah, debitRupiah: this.debitRupiah },
      rejected: this.rejected,
      isComplete: this.counts.rejected === 0 && footer.status !== 'mismatch',
    };
  }

  private pushBeforeHeader({ line, text, isTooLong }: SourceLine): void {
    if (isTooLong || text.trim() === '') return;
    if (this.firstText === undefined) {
      this.firstText = text;
      const binary = describeBinary(text);
      if (binary !== undefined) throw new StatementFormatError('not_text', binary);
    }
    const detected = detectHeader(text, this.candidates);
    if (detected !== undefined) {
      this.header = { ...detected, line };
      this.ctx = {
        readDate: createDateReader({ period: this.account.period, year: this.year }),
        delimiter: detected.delimiter,
      };
      return;
    }
    if (this.forced !== undefined && this.otherFormatSeen === undefined) {
      this.otherFormatSeen = detectHeader(text, ALL_STATEMENT_FORMATS)?.format;
    }
    const keyValue = this.readKeyValue(text);
    if (keyValue !== undefined) this.applyPreamble(line, keyValue);
    this.nonBlankBeforeHeader++;
    if (this.nonBlankBeforeHeader >= HEADER_SEARCH_LINES) throw this.headerNotFound();
  }

  private readKeyValue(text: string): KeyValueLine | undefined {
    for (const delimiter of CSV_DELIMITERS) {
      if (!text.includes(delimiter)) continue;
      const split = splitCsvRecord(text, delimiter);
      if (split.kind !== 'fields') continue;
      const found = readKeyValueLine(split.fields, '');
      if (found !== undefined) return found;
    }
    return readKeyValueLine([text], text);
  }

  private applyPreamble(line: number, kv: KeyValueLine): void {
    if (kv.kind === 'accountNo') this.account.accountNo = cleanCell(kv.value);
    else if (kv.kind === 'accountName') this.account.accountName = kv.value;
    else if (kv.kind === 'currency') this.account.currency = kv.value;
    else if (kv.kind === 'period') {
      const period = parseStatementPeriod(kv.value);
      if (period === undefined) {
        this.reject(line, `the period ${quoteCell(kv.value)} is not 'DD/MM/YYYY - DD/MM/YYYY'`);
      } else this.account.period = period;
    }
  }

  private headerNotFound(): StatementFormatError {
    if (this.firstText === undefined) return new StatementFormatError('empty', 'the file is empty');
    const searched = `the first ${HEADER_SEARCH_LINES} lines`;
    if (this.forced !== undefined) {
      const hint =
        this.otherFormatSeen === undefined ? '' : `; it looks like a ${this.otherFormatSeen.name} file`;
      return new StatementFormatError(
        'header_not_found',
        `no ${this.forced.label} header in ${searched} (expected ${this.forced.headers.join(' or ')})${hint}`,
      );
    }
    const names = ALL_STATEMENT_FORMATS.map((f) => f.name).join(', ');
    return new StatementFormatError(
      'header_not_found',
      `no known statement header in ${searched}; supported formats: ${names}. ` +
        'Export the statement as CSV, or name the format if the header was renamed',
    );
  }

  private pushTableLine(source: SourceLine, out: ParsedStatementRow[]): void {
    const header = this.header as DetectedHeader;
    if (source.isTooLong) {
      if (this.open !== undefined) this.abandonOpenRecord(out);
      this.reject(source.line, 'the line is too long to be a statement row');
      return;
    }
    const open = this.open ?? { first: source.line, texts: [] };
    open.texts.push(source.text);
    const text = open.texts.length === 1 ? source.text : open.texts.join('\n');
    const split = splitCsvRecord(text, header.delimiter);
    if (split.kind === 'unterminated') {
      this.open = open;
      if (open.texts.length >= MAX_RECORD_LINES) this.abandonOpenRecord(out);
      return;
    }
    this.open = undefined;
    if (split.kind === 'malformed') this.reject(open.first, `malformed CSV: ${split.reason}`);
    else this.readRecord(open.first, split.fields, text, out);
  }

  /** A quote that never closes was a stray: refuse its line, read the lines after it afresh. */
  private abandonOpenRecord(out: ParsedStatementRow[]): void {
    const open = this.open as OpenRecord;
    this.open = undefined;
    this.reject(open.first, 'a quoted field opened on this line is never closed');
    open.texts.slice(1).forEach((text, i) => {
      this.pushTableLine({ line: open.first + 1 + i, text }, out);
    });
  }

  private readRecord(line: number, cells: string[], text: string, out: ParsedStatementRow[]): void {
    if (isBlankRecord(cells)) return;
    const second = cells[1]?.trim();
    // `key : value` lines need the raw text: an en-US amount in them contains the delimiter.
    const kv =
      second === '=' || second === ':'
        ? readKeyValueLine(cells, '')
        : text.includes(':') || text.includes('=')
          ? readKeyValueLine([], text)
          : undefined;
    if (kv !== undefined) {
      if (FooterTotals.isFooterKind(kv.kind)) this.applyFooter(line, kv);
      return;
    }
    const { format, reader } = this.header as DetectedHeader;
    const result = reader.readRow(cells, this.ctx as RowContext);
    if (result.kind === 'row') this.acceptRow(line, result, out);
    else if (result.kind === 'pending') {
      this.counts.pending++;
      this.footer.addPending(result.type, result.amountSen);
    } else if (format.matchHeader(cells) === undefined) this.reject(line, result.reason);
  }

  private applyFooter(line: number, kv: KeyValueLine): void {
    const amount = parseAmountSen(kv.value, { allowNegative: true });
    if (!amount.ok) {
      this.reject(line, `${kv.key}: ${amount.reason}`);
      return;
    }
    const count = kv.extra !== undefined && /^\d+$/.test(kv.extra) ? Number(kv.extra) : undefined;
    this.footer.addFooter(kv.kind, amount.sen, count);
  }

  private acceptRow(line: number, read: ReadRow, out: ParsedStatementRow[]): void {
    if (read.accountNo !== undefined) {
      const known = this.account.accountNo;
      if (known === undefined) this.account.accountNo = read.accountNo;
      else if (digitsOf(known) !== digitsOf(read.accountNo)) {
        this.reject(line, `the row is for account ${quoteCell(read.accountNo)}, not ${quoteCell(known)}`);
        return;
      }
    }
    this.footer.addRow(read.type, read.amountSen);
    this.balance.add(line, read.type, read.amountSen, read.balanceSen);
    const sen = read.amountSen % 100;
    if (sen !== 0) {
      this.reject(
        line,
        `amount ${formatSen(read.amountSen)} has ${sen} sen; rows are stored in whole rupiah, ` +
          'so this row cannot be stored exactly (enter it by hand, or import the rest with partial import)',
      );
      return;
    }
    let balance: number | null = null;
    if (read.balanceSen !== null) {
      if (read.balanceSen % 100 !== 0) this.counts.balancesTruncated++;
      balance = Math.trunc(read.balanceSen / 100) || 0;
    }
    const amount = read.amountSen / 100;
    const row: StatementRow = {
      transactionDate: `${read.date} ${read.time ?? '00:00:00'}`,
      description: read.description,
      type: read.type,
      amount,
      balance,
      ...(read.bankReference === undefined ? {} : { bankReference: read.bankReference }),
    };
    this.counts.rows++;
    if (read.type === 'CR') {
      this.counts.credits++;
      this.creditRupiah += amount;
    } else {
      this.counts.debits++;
      this.debitRupiah += amount;
    }
    out.push({ line, row });
  }

  private reject(line: number, reason: string): void {
    this.counts.rejected++;
    if (this.rejected.length < this.maxRejected) this.rejected.push({ line, reason });
  }
}

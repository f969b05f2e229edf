/**
 * @module connectors/csv/statement-summary
 * What a statement parse reports besides its rows. The parser never decides what is stored: the
 * ingest stores the rows in one transaction and keeps them only when `isComplete` is true or the
 * user asked for a partial import.
 */
import type { StatementRow } from '../connector.js';
import type { CsvDelimiter } from './csv-fields.js';
import type { StatementPeriod } from './day-first-date.js';
import type { FooterCheck } from './footer-check.js';
import type { RunningBalanceCheck } from './running-balance.js';
import type { StatementFormatName } from './statement-format.js';

/** A row of the file, normalised, with the physical line it started on (1-based). */
export interface ParsedStatementRow {
  line: number;
  row: StatementRow;
}

/** A line that could not be read, with a reason a person can act on. */
export interface RejectedLine {
  line: number;
  reason: string;
}

/** Account details from the file's preamble (or its account column), when it has them. */
export interface StatementAccountInfo {
  accountNo?: string;
  accountName?: string;
  currency?: string;
  period?: StatementPeriod;
}

/** Counts over the whole file. */
export interface StatementCounts {
  /** Physical lines read. */
  lines: number;
  /** Rows yielded (stored by the ingest). */
  rows: number;
  credits: number;
  debits: number;
  /** PEND rows: counted, never yielded (see docs/connectors.md, "PEND rows"). */
  pending: number;
  /** Lines refused; the first `maxRejected` are listed in `rejected`. */
  rejected: number;
  /** Rows whose balance had non-zero sen and was truncated to whole rupiah. */
  balancesTruncated: number;
}

/** The end-of-file report of one statement parse. */
export interface StatementSummary {
  format: StatementFormatName;
  /** `format/variant`, e.g. `klikbca/en`, `klikbca-bisnis/preview`. */
  variant: string;
  formatLabel: string;
  delimiter: CsvDelimiter;
  headerLine: number;
  account: StatementAccountInfo;
  footer: FooterCheck;
  runningBalance: RunningBalanceCheck;
  counts: StatementCounts;
  /** Integer rupiah of the yielded rows. */
  totals: { creditRupiah: number; debitRupiah: number };
  rejected: RejectedLine[];
  /** True when no line was refused and the footer check did not fail: the file can be stored whole. */
  isComplete: boolean;
}

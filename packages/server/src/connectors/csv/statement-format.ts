/**
 * @module connectors/csv/statement-format
 * The contract one statement file format implements: recognise its header line, then read each
 * table row into amounts in sen, a pending marker, or a precise reason for refusing the row.
 * Formats never see the stream, the footer or the summary; `parse-statement.ts` does that once.
 */
import type { DateResult } from './day-first-date.js';
import type { SignMarker } from './sign-marker.js';

/** The format names `parseStatement` accepts as an override, one per bank export family. */
export const STATEMENT_FORMATS = ['klikbca', 'klikbca-bisnis', 'mandiri-mcm', 'bni', 'bri'] as const;

/** One of {@link STATEMENT_FORMATS}. */
export type StatementFormatName = (typeof STATEMENT_FORMATS)[number];

/** True when `name` is one of {@link STATEMENT_FORMATS}. */
export function isStatementFormatName(name: string): name is StatementFormatName {
  return (STATEMENT_FORMATS as readonly string[]).includes(name);
}

/** What a row reader may use besides the row's cells. */
export interface RowContext {
  /**
   * Reads a date cell with the file's year source (its Periode line, else the caller's year).
   * Memoised on the last cell, since consecutive rows mostly share their date.
   */
  readDate(text: string): DateResult;
  /** The file's delimiter, to rejoin a description that held it unquoted. */
  delimiter: string;
}

/** A table row read successfully, money in sen (the orchestrator turns it into rupiah). */
export interface ReadRow {
  kind: 'row';
  /** `YYYY-MM-DD`, WIB. */
  date: string;
  /** `HH:mm:ss` when the file gives a time. */
  time: string | undefined;
  description: string;
  type: SignMarker;
  /** Positive integer sen. */
  amountSen: number;
  balanceSen: number | null;
  bankReference?: string;
  /** The account column of formats that repeat it on every row (Mandiri, BRI). */
  accountNo?: string;
}

/** A pending row (KlikBCA `PEND`): not posted yet; amount and type when the row shows them. */
export interface PendingRow {
  kind: 'pending';
  type: SignMarker | undefined;
  amountSen: number | undefined;
}

/** A row that cannot be read, with the reason shown to the user next to its line number. */
export interface RejectedRow {
  kind: 'rejected';
  reason: string;
}

/** What a row reader returns for one table line. */
export type RowReadResult = ReadRow | PendingRow | RejectedRow;

/** Reads the rows under one recognised header. */
export interface TableReader {
  /** `format/variant`, e.g. `klikbca/en`, `klikbca-bisnis/preview`, `mandiri-mcm/spreadsheet`. */
  readonly variant: string;
  /** Whether files of this variant carry a `Saldo Awal ... Saldo Akhir` footer to check. */
  readonly hasFooter: boolean;
  readRow(cells: readonly string[], ctx: RowContext): RowReadResult;
}

/** One file format: its name, how people call it, and its header recogniser. */
export interface StatementFormat {
  readonly name: StatementFormatName;
  /** Shown in messages: `KlikBCA (individual)`. */
  readonly label: string;
  /** The header lines it recognises, as written in the files (for error messages and docs). */
  readonly headers: readonly string[];
  /** A reader for the rows when `cells` is one of this format's header lines, else `undefined`. */
  matchHeader(cells: readonly string[]): TableReader | undefined;
}

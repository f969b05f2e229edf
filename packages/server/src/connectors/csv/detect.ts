/**
 * @module connectors/csv/detect
 * Format detection from the header line: every line before the table is tried with each
 * delimiter against each format's header; the first match fixes format, variant and delimiter.
 */
import { bniFormat } from './bni.js';
import { briFormat } from './bri.js';
import { CSV_DELIMITERS, type CsvDelimiter, splitCsvRecord } from './csv-fields.js';
import { klikbcaFormat } from './klikbca.js';
import { klikbcaBisnisFormat } from './klikbca-bisnis.js';
import { mandiriMcmFormat } from './mandiri-mcm.js';
import type { StatementFormat, StatementFormatName, TableReader } from './statement-format.js';

/** Every supported format, in the order of {@link STATEMENT_FORMATS}. */
export const ALL_STATEMENT_FORMATS: readonly StatementFormat[] = [
  klikbcaFormat,
  klikbcaBisnisFormat,
  mandiriMcmFormat,
  bniFormat,
  briFormat,
];

/** The format object of a name. */
export function getStatementFormat(name: StatementFormatName): StatementFormat {
  const format = ALL_STATEMENT_FORMATS.find((f) => f.name === name);
  if (format === undefined) throw new RangeError(`unknown statement format ${name}`);
  return format;
}

/** A recognised header line. */
export interface DetectedHeader {
  format: StatementFormat;
  reader: TableReader;
  delimiter: CsvDelimiter;
}

/** Tries `text` as a header line of one of `formats`. */
export function detectHeader(text: string, formats: readonly StatementFormat[]): DetectedHeader | undefined {
  for (const delimiter of CSV_DELIMITERS) {
    if (!text.includes(delimiter)) continue;
    const split = splitCsvRecord(text, delimiter);
    if (split.kind !== 'fields') continue;
    for (const format of formats) {
      const reader = format.matchHeader(split.fields);
      if (reader !== undefined) return { format, reader, delimiter };
    }
  }
  return undefined;
}

/**
 * A hint for text that is not CSV at all: a spreadsheet (ZIP), a PDF, or other binary content.
 * `undefined` when the first line looks like text.
 */
export function describeBinary(firstLine: string): string | undefined {
  if (firstLine.startsWith('PK\u0003\u0004')) {
    return 'this is a spreadsheet (XLSX/ZIP), not CSV: open it and save or export it as CSV';
  }
  if (firstLine.startsWith('%PDF-'))
    return 'this is a PDF; export the statement as CSV from the bank instead';
  if (firstLine.includes('\u0000')) return 'this file is binary (or UTF-16), not a UTF-8 CSV export';
  return undefined;
}

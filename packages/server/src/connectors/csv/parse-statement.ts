/**
 * @module connectors/csv/parse-statement
 * The entry point for statement files: stream in, rows out in file order, a summary at the end.
 */
import { type ReadLinesOptions, readLineBatches, type StatementSource } from './line-reader.js';
import { isStatementFormatName, STATEMENT_FORMATS } from './statement-format.js';
import { StatementFormatError } from './statement-format-error.js';
import { StatementReader } from './statement-reader.js';
import type { ParsedStatementRow, StatementSummary } from './statement-summary.js';

/** Options of {@link parseStatement}. */
export interface ParseStatementOptions extends ReadLinesOptions {
  /**
   * Force one of {@link STATEMENT_FORMATS} instead of detecting it from the header. Any other
   * string throws a {@link StatementFormatError} with code `unknown_format`.
   */
  format?: string | undefined;
  /** Year for `DD/MM` dates in files without a Periode line; ignored when the file has one. */
  year?: number | undefined;
  /** How many rejected lines the summary lists (all are counted). Default 1000. */
  maxRejected?: number | undefined;
}

/**
 * One parse of one statement file. Read it once, through `rows()` (or `for await` on the parse
 * itself) or through `batches()` (one array per input chunk, cheaper for bulk inserts); then call
 * `summary()`.
 */
export interface StatementParse extends AsyncIterable<ParsedStatementRow> {
  /** The rows, in file order. Throws {@link StatementFormatError} when the file is no statement. */
  rows(): AsyncGenerator<ParsedStatementRow, void, undefined>;
  /** The same rows, grouped as they complete per input chunk (never an empty batch). */
  batches(): AsyncGenerator<ParsedStatementRow[], void, undefined>;
  /** The end-of-file report; throws when called before the rows have been read to the end. */
  summary(): StatementSummary;
}

/**
 * Parses a bank statement file (KlikBCA, KlikBCA Bisnis, Mandiri MCM, BNI, BRI) as a stream, in
 * constant memory. The format is detected from the header unless `format` is given. Lines that
 * cannot be read are reported in the summary with their line number and reason; nothing is
 * stored here: the caller decides, with `summary().isComplete`, whether to keep the rows.
 *
 * @example
 * import { createReadStream } from 'node:fs';
 * const parse = parseStatement(createReadStream('mutasi.csv'));
 * for await (const { line, row } of parse.rows()) {
 *   console.log(line, row.transactionDate, row.type, row.amount);
 * }
 * const summary = parse.summary();
 * if (!summary.isComplete) console.log(summary.rejected, summary.footer);
 */
export function parseStatement(source: StatementSource, options: ParseStatementOptions = {}): StatementParse {
  const { year } = options;
  const format = options.format;
  if (format !== undefined && !isStatementFormatName(format)) {
    throw new StatementFormatError(
      'unknown_format',
      `unknown statement format '${format}'; use one of ${STATEMENT_FORMATS.join(', ')}`,
    );
  }
  if (year !== undefined && (!Number.isInteger(year) || year < 1900 || year > 9999)) {
    throw new RangeError(`year must be a four-digit integer, got ${year}`);
  }
  const formatName = format;
  let isStarted = false;
  let result: StatementSummary | undefined;

  async function* batches(): AsyncGenerator<ParsedStatementRow[], void, undefined> {
    if (isStarted) throw new Error('a statement parse can be read only once');
    isStarted = true;
    const reader = new StatementReader({
      ...(formatName === undefined ? {} : { format: formatName }),
      ...(year === undefined ? {} : { year }),
      ...(options.maxRejected === undefined ? {} : { maxRejected: options.maxRejected }),
    });
    for await (const lines of readLineBatches(source, options)) {
      const out: ParsedStatementRow[] = [];
      for (const line of lines) reader.push(line, out);
      if (out.length > 0) yield out;
    }
    const out: ParsedStatementRow[] = [];
    result = reader.finish(out);
    if (out.length > 0) yield out;
  }

  async function* rows(): AsyncGenerator<ParsedStatementRow, void, undefined> {
    for await (const batch of batches()) yield* batch;
  }

  return {
    rows,
    batches,
    [Symbol.asyncIterator]: rows,
    summary(): StatementSummary {
      if (result === undefined)
        throw new Error('summary() is available once the rows have been read to the end');
      return result;
    },
  };
}

/**
 * Reads a whole statement into memory: for tests, `--dry-run` previews and small uploads. Large
 * files should use {@link parseStatement} and stream.
 *
 * @example
 * const { rows, summary } = await collectStatement([csvText]);
 */
export async function collectStatement(
  source: StatementSource,
  options: ParseStatementOptions = {},
): Promise<{ rows: ParsedStatementRow[]; summary: StatementSummary }> {
  const parse = parseStatement(source, options);
  const rows: ParsedStatementRow[] = [];
  for await (const batch of parse.batches()) rows.push(...batch);
  return { rows, summary: parse.summary() };
}

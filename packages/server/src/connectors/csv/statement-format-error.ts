/**
 * @module connectors/csv/statement-format-error
 * The one error statement parsing throws: the file as a whole cannot be read as a statement.
 * Problems with single lines are never thrown; they are reported in the summary.
 */

/**
 * Thrown when no table can be read at all: an unknown format name (`unknown_format`), no known
 * header in the first lines (`header_not_found`), an empty file (`empty`), or a spreadsheet, PDF
 * or other binary file (`not_text`). The message says how to fix it; an HTTP route answers 422.
 */
export class StatementFormatError extends Error {
  override name = 'StatementFormatError';
  /** Stable reason. */
  readonly code: 'unknown_format' | 'header_not_found' | 'empty' | 'not_text';

  constructor(code: StatementFormatError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

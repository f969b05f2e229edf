/**
 * @module connectors/csv
 * Statement file importers: KlikBCA, KlikBCA Bisnis, Mandiri MCM/Kopra, BNI rekening koran, BRI.
 */
export { formatSen, parseAmountSen, parseSignedAmountSen } from './amount.js';
export type { CsvDelimiter } from './csv-fields.js';
export {
  parseHhmmss,
  parseStatementDate,
  parseStatementPeriod,
  type StatementPeriod,
} from './day-first-date.js';
export { ALL_STATEMENT_FORMATS, getStatementFormat } from './detect.js';
export type { FooterCheck, FooterFigures, RowTotals } from './footer-check.js';
export type { StatementSource } from './line-reader.js';
export {
  collectStatement,
  type ParseStatementOptions,
  parseStatement,
  type StatementParse,
} from './parse-statement.js';
export type { RunningBalanceCheck } from './running-balance.js';
export { parseSignMarker, type SignMarker } from './sign-marker.js';
export {
  isStatementFormatName,
  STATEMENT_FORMATS,
  type StatementFormat,
  type StatementFormatName,
} from './statement-format.js';
export { StatementFormatError } from './statement-format-error.js';
export type {
  ParsedStatementRow,
  RejectedLine,
  StatementAccountInfo,
  StatementCounts,
  StatementSummary,
} from './statement-summary.js';

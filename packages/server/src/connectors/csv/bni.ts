/**
 * @module connectors/csv/bni
 * BNI rekening koran CSV: `Posting Date, Effective Date, Branch, Journal, Transaction Description,
 * Amount, DB/CR, Balance`. The posting date (with its time, when given) is the row's date; the
 * journal number is kept as the bank reference.
 */
import { cleanCell, collapseWhitespace, matchesHeader } from './cell-text.js';
import { fitColumns, readAmountWithMarker, readBalance, reject } from './row-cells.js';
import type { ReadRow, RowContext, RowReadResult, StatementFormat, TableReader } from './statement-format.js';

const HEADER = [
  'posting date',
  'effective date',
  'branch',
  'journal',
  'transaction description',
  'amount',
  'db/cr',
  'balance',
];

function readRow(cells: readonly string[], ctx: RowContext): RowReadResult {
  const fitted = fitColumns(cells, 8, 4, ctx.delimiter);
  if (fitted.kind === 'rejected') return fitted;
  const [
    postingCell = '',
    ,
    ,
    journalCell = '',
    description = '',
    amountCell = '',
    markerCell = '',
    balanceCell = '',
  ] = fitted.cells;
  const date = ctx.readDate(postingCell);
  if (!date.ok) return reject(date.reason);
  if (cleanCell(markerCell) === '') return reject('the DB/CR column is empty');
  const movement = readAmountWithMarker(amountCell, markerCell);
  if (!movement.ok) return reject(movement.reason);
  const balance = readBalance(balanceCell, false);
  if (!balance.ok) return reject(balance.reason);
  const journal = cleanCell(journalCell);
  const row: ReadRow = {
    kind: 'row',
    date: date.date,
    time: date.time,
    description: collapseWhitespace(description),
    type: movement.type,
    amountSen: movement.sen,
    balanceSen: balance.sen,
  };
  return journal === '' ? row : { ...row, bankReference: journal };
}

const READER: TableReader = { variant: 'bni', hasFooter: false, readRow };

/** BNI rekening koran. */
export const bniFormat: StatementFormat = {
  name: 'bni',
  label: 'BNI rekening koran',
  headers: ['Posting Date,Effective Date,Branch,Journal,Transaction Description,Amount,DB/CR,Balance'],
  matchHeader(cells) {
    return matchesHeader(cells, HEADER) ? READER : undefined;
  },
};

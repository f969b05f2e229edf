/**
 * @module connectors/csv/mandiri-mcm
 * Mandiri MCM / Kopra CSV (`Account No, Date, Val. Date, Transaction Code, Description,
 * Description, Reference No., Debit, Credit`, dates `DD/MM/YY`, amounts like `"453,684.00"` or
 * `".00"`, no balance) and the spreadsheet export saved as CSV (`Tgl., Tgl. Val., Rincian
 * Transaksi, No. Referensi, Debit, Kredit, Saldo, Branch`).
 */
import { cleanCell, collapseWhitespace, matchesHeader } from './cell-text.js';
import { assembleRow, fitColumns, readBalance, readDebitCredit, reject } from './row-cells.js';
import type { ReadRow, RowContext, RowReadResult, StatementFormat, TableReader } from './statement-format.js';

const HEADER_MCM = [
  'account no',
  'date',
  'val. date',
  'transaction code',
  'description',
  'description',
  'reference no.',
  'debit',
  'credit',
];
const HEADER_SPREADSHEET = [
  'tgl.',
  'tgl. val.',
  'rincian transaksi',
  'no. referensi',
  'debit',
  'kredit',
  'saldo',
  'branch',
];

function withReference(row: ReadRow, referenceCell: string): ReadRow {
  const reference = cleanCell(referenceCell);
  return reference === '' ? row : { ...row, bankReference: reference };
}

function readMcmRow(cells: readonly string[], ctx: RowContext): RowReadResult {
  const fitted = fitColumns(cells, 9, undefined, ctx.delimiter);
  if (fitted.kind === 'rejected') return fitted;
  const [accountCell = '', dateCell = '', , , firstDescription = '', secondDescription = '', reference = ''] =
    fitted.cells;
  const [debitCell = '', creditCell = ''] = fitted.cells.slice(7);
  const date = ctx.readDate(dateCell);
  if (!date.ok) return reject(date.reason);
  const movement = readDebitCredit(debitCell, creditCell);
  if (!movement.ok) return reject(movement.reason);
  const accountNo = cleanCell(accountCell);
  const row: ReadRow = {
    kind: 'row',
    date: date.date,
    time: date.time,
    description: collapseWhitespace(`${firstDescription} ${secondDescription}`),
    type: movement.type,
    amountSen: movement.sen,
    balanceSen: null,
    ...(accountNo === '' ? {} : { accountNo }),
  };
  return withReference(row, reference);
}

function readSpreadsheetRow(cells: readonly string[], ctx: RowContext): RowReadResult {
  const fitted = fitColumns(cells, 8, 2, ctx.delimiter);
  if (fitted.kind === 'rejected') return fitted;
  const [
    dateCell = '',
    ,
    description = '',
    reference = '',
    debitCell = '',
    creditCell = '',
    balanceCell = '',
  ] = fitted.cells;
  const row = assembleRow(
    ctx.readDate(dateCell),
    description,
    readDebitCredit(debitCell, creditCell),
    readBalance(balanceCell, false),
  );
  return row.kind === 'row' ? withReference(row, reference) : row;
}

const MCM_READER: TableReader = { variant: 'mandiri-mcm/csv', hasFooter: false, readRow: readMcmRow };
const SPREADSHEET_READER: TableReader = {
  variant: 'mandiri-mcm/spreadsheet',
  hasFooter: false,
  readRow: readSpreadsheetRow,
};

/** Mandiri MCM/Kopra CSV and the Mandiri spreadsheet export. */
export const mandiriMcmFormat: StatementFormat = {
  name: 'mandiri-mcm',
  label: 'Mandiri MCM / Kopra',
  headers: [
    'Account No,Date,Val. Date,Transaction Code,Description,Description,Reference No.,Debit,Credit',
    'Tgl.,Tgl. Val.,Rincian Transaksi,No. Referensi,Debit,Kredit,Saldo,Branch',
  ],
  matchHeader(cells) {
    if (matchesHeader(cells, HEADER_MCM)) return MCM_READER;
    if (matchesHeader(cells, HEADER_SPREADSHEET)) return SPREADSHEET_READER;
    return undefined;
  },
};

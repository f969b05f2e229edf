/**
 * @module connectors/csv/klikbca
 * KlikBCA (individual) CSV: `Tanggal Transaksi,Keterangan,Cabang,Jumlah,,Saldo` (English screens:
 * `Date,Description,Branch,Amount,,Balance`). Dates are `'DD/MM` with the year from the Periode
 * line, or `'DD/MM/YYYY`, or `PEND` for a pending row; the sign is the column after the amount;
 * the file ends with a Saldo Awal / Mutasi Kredit / Mutasi Debet / Saldo Akhir footer.
 */
import { cleanCell, matchesHeader } from './cell-text.js';
import { assembleRow, fitColumns, readAmountWithMarker, readBalance } from './row-cells.js';
import type { RowContext, RowReadResult, StatementFormat, TableReader } from './statement-format.js';

const HEADER_ID = ['tanggal transaksi', 'keterangan', 'cabang', 'jumlah', '', 'saldo'];
const HEADER_EN = ['date', 'description', 'branch', 'amount', '', 'balance'];

/** A `PEND` row: its amount and sign when readable, so the footer check can account for them. */
function readPending(amountCell: string, markerCell: string): RowReadResult {
  const movement = readAmountWithMarker(amountCell, markerCell);
  return movement.ok
    ? { kind: 'pending', type: movement.type, amountSen: movement.sen }
    : { kind: 'pending', type: undefined, amountSen: undefined };
}

function readRow(cells: readonly string[], ctx: RowContext): RowReadResult {
  const fitted = fitColumns(cells, 6, 1, ctx.delimiter);
  if (fitted.kind === 'rejected') return fitted;
  const [dateCell = '', descriptionCell = '', , amountCell = '', markerCell = '', balanceCell = ''] =
    fitted.cells;
  if (cleanCell(dateCell).toUpperCase() === 'PEND') return readPending(amountCell, markerCell);
  return assembleRow(
    ctx.readDate(dateCell),
    descriptionCell,
    readAmountWithMarker(amountCell, markerCell),
    readBalance(balanceCell, true),
  );
}

const ID_READER: TableReader = { variant: 'klikbca/id', hasFooter: true, readRow };
const EN_READER: TableReader = { variant: 'klikbca/en', hasFooter: true, readRow };

/** KlikBCA individual CSV, Indonesian and English header. */
export const klikbcaFormat: StatementFormat = {
  name: 'klikbca',
  label: 'KlikBCA (individual)',
  headers: ['Tanggal Transaksi,Keterangan,Cabang,Jumlah,,Saldo', 'Date,Description,Branch,Amount,,Balance'],
  matchHeader(cells) {
    if (matchesHeader(cells, HEADER_ID)) return ID_READER;
    if (matchesHeader(cells, HEADER_EN)) return EN_READER;
    return undefined;
  },
};

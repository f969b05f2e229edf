/**
 * @module connectors/csv/klikbca-bisnis
 * KlikBCA Bisnis CSV in its two shapes: the classic fully quoted export
 * (`Tanggal Transaksi, Keterangan, Cabang, Jumlah, Saldo`, `DD/MM/YYYY`, the sign inside the
 * amount: `"799,700.00 CR"`), and the newer preview export, often tab-separated
 * (`No, Tanggal, Keterangan, Debit, Kredit, Saldo`).
 */
import { cleanCell, matchesHeader } from './cell-text.js';
import { assembleRow, fitColumns, readAmountWithMarker, readBalance, readDebitCredit } from './row-cells.js';
import type { RowContext, RowReadResult, StatementFormat, TableReader } from './statement-format.js';

const HEADER_QUOTED = ['tanggal transaksi', 'keterangan', 'cabang', 'jumlah', 'saldo'];
const HEADER_PREVIEW = ['no', 'tanggal', 'keterangan', 'debit', 'kredit', 'saldo'];

function pending(): RowReadResult {
  return { kind: 'pending', type: undefined, amountSen: undefined };
}

function readQuotedRow(cells: readonly string[], ctx: RowContext): RowReadResult {
  const fitted = fitColumns(cells, 5, 1, ctx.delimiter);
  if (fitted.kind === 'rejected') return fitted;
  const [dateCell = '', descriptionCell = '', , amountCell = '', balanceCell = ''] = fitted.cells;
  if (cleanCell(dateCell).toUpperCase() === 'PEND') return pending();
  return assembleRow(
    ctx.readDate(dateCell),
    descriptionCell,
    readAmountWithMarker(amountCell, undefined),
    readBalance(balanceCell, true),
  );
}

function readPreviewRow(cells: readonly string[], ctx: RowContext): RowReadResult {
  const fitted = fitColumns(cells, 6, 2, ctx.delimiter);
  if (fitted.kind === 'rejected') return fitted;
  const [, dateCell = '', descriptionCell = '', debitCell = '', creditCell = '', balanceCell = ''] =
    fitted.cells;
  if (cleanCell(dateCell).toUpperCase() === 'PEND') return pending();
  return assembleRow(
    ctx.readDate(dateCell),
    descriptionCell,
    readDebitCredit(debitCell, creditCell),
    readBalance(balanceCell, false),
  );
}

const QUOTED_READER: TableReader = {
  variant: 'klikbca-bisnis/quoted',
  hasFooter: true,
  readRow: readQuotedRow,
};
// The preview screen's export is not known to carry a footer; one is still checked when present.
const PREVIEW_READER: TableReader = {
  variant: 'klikbca-bisnis/preview',
  hasFooter: false,
  readRow: readPreviewRow,
};

/** KlikBCA Bisnis CSV, classic and preview exports. */
export const klikbcaBisnisFormat: StatementFormat = {
  name: 'klikbca-bisnis',
  label: 'KlikBCA Bisnis',
  headers: [
    '"Tanggal Transaksi","Keterangan","Cabang","Jumlah","Saldo"',
    'No<TAB>Tanggal<TAB>Keterangan<TAB>Debit<TAB>Kredit<TAB>Saldo',
  ],
  matchHeader(cells) {
    if (matchesHeader(cells, HEADER_QUOTED)) return QUOTED_READER;
    if (matchesHeader(cells, HEADER_PREVIEW)) return PREVIEW_READER;
    return undefined;
  },
};

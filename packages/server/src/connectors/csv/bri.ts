/**
 * @module connectors/csv/bri
 * BRI CSV (columns partly inferred): found by its column names, in any order: `NOREK`,
 * `TGL_TRAN` or `TGL_EFEKTIF`, `MUTASI_DEBET`, `MUTASI_KREDIT`; optionally `JAM_TRAN` (HHMMSS as a
 * number), a description (`DESK_TRAN`, `KETERANGAN`, `DESKRIPSI`, `URAIAN`, `REMARK`,
 * `DESCRIPTION`), `SALDO_AWAL_MUTASI` and `SALDO_AKHIR_MUTASI`. Because the money columns are
 * inferred, a row that has both balances must satisfy awal - debet + kredit = akhir, so a wrong
 * reading of the columns shows up as refused rows instead of wrong amounts.
 */
import { formatSen } from './amount.js';
import { cleanCell, collapseWhitespace, normalizeHeaderCell, trimTrailingEmpty } from './cell-text.js';
import { parseHhmmss } from './day-first-date.js';
import { fitColumns, readBalance, readDebitCredit, reject } from './row-cells.js';
import type { ReadRow, RowContext, RowReadResult, StatementFormat, TableReader } from './statement-format.js';

const DESCRIPTION_COLUMNS = ['desk_tran', 'keterangan', 'deskripsi', 'uraian', 'remark', 'description'];

interface BriColumns {
  count: number;
  accountNo: number;
  date: number;
  time: number | undefined;
  description: number | undefined;
  debit: number;
  credit: number;
  openingBalance: number | undefined;
  closingBalance: number | undefined;
}

function findColumns(cells: readonly string[]): BriColumns | undefined {
  const names = trimTrailingEmpty(cells).map((cell) => normalizeHeaderCell(cell).replace(/\s+/g, '_'));
  const at = (name: string): number | undefined => {
    const i = names.indexOf(name);
    return i === -1 ? undefined : i;
  };
  const accountNo = at('norek');
  const date = at('tgl_tran') ?? at('tgl_efektif');
  const debit = at('mutasi_debet');
  const credit = at('mutasi_kredit');
  if (accountNo === undefined || date === undefined || debit === undefined || credit === undefined)
    return undefined;
  const description = DESCRIPTION_COLUMNS.map(at).find((i) => i !== undefined);
  return {
    count: names.length,
    accountNo,
    date,
    time: at('jam_tran'),
    description,
    debit,
    credit,
    openingBalance: at('saldo_awal_mutasi'),
    closingBalance: at('saldo_akhir_mutasi'),
  };
}

function createReader(columns: BriColumns): TableReader {
  return {
    variant: 'bri',
    hasFooter: false,
    readRow(cells: readonly string[], ctx: RowContext): RowReadResult {
      const fitted = fitColumns(cells, columns.count, columns.description, ctx.delimiter);
      if (fitted.kind === 'rejected') return fitted;
      const cell = (i: number | undefined): string => (i === undefined ? '' : (fitted.cells[i] ?? ''));
      const date = ctx.readDate(cell(columns.date));
      if (!date.ok) return reject(date.reason);
      let time = date.time;
      if (columns.time !== undefined && cleanCell(cell(columns.time)) !== '') {
        const parsed = parseHhmmss(cell(columns.time));
        if (!parsed.ok) return reject(`JAM_TRAN: ${parsed.reason}`);
        time = parsed.time;
      }
      const movement = readDebitCredit(cell(columns.debit), cell(columns.credit));
      if (!movement.ok) return reject(movement.reason);
      const closing = readBalance(cell(columns.closingBalance), false);
      if (!closing.ok) return reject(`SALDO_AKHIR_MUTASI: ${closing.reason}`);
      const opening = readBalance(cell(columns.openingBalance), false);
      if (!opening.ok) return reject(`SALDO_AWAL_MUTASI: ${opening.reason}`);
      if (opening.sen !== null && closing.sen !== null) {
        const expected = opening.sen + (movement.type === 'CR' ? movement.sen : -movement.sen);
        if (expected !== closing.sen) {
          return reject(
            `SALDO_AWAL_MUTASI ${formatSen(opening.sen)} ${movement.type === 'CR' ? '+' : '-'} ` +
              `${formatSen(movement.sen)} is ${formatSen(expected)}, but SALDO_AKHIR_MUTASI says ${formatSen(closing.sen)}`,
          );
        }
      }
      const accountNo = cleanCell(cell(columns.accountNo));
      const row: ReadRow = {
        kind: 'row',
        date: date.date,
        time,
        description: collapseWhitespace(cell(columns.description)),
        type: movement.type,
        amountSen: movement.sen,
        balanceSen: closing.sen,
      };
      return accountNo === '' ? row : { ...row, accountNo };
    },
  };
}

/** BRI CSV, recognised by column names. */
export const briFormat: StatementFormat = {
  name: 'bri',
  label: 'BRI',
  headers: [
    'NOREK,TGL_TRAN,TGL_EFEKTIF,JAM_TRAN,DESK_TRAN,SALDO_AWAL_MUTASI,MUTASI_DEBET,MUTASI_KREDIT,SALDO_AKHIR_MUTASI',
  ],
  matchHeader(cells) {
    const columns = findColumns(cells);
    return columns === undefined ? undefined : createReader(columns);
  },
};

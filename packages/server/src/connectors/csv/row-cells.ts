/**
 * @module connectors/csv/row-cells
 * Cell readers the formats share: fitting a row to its column count, a debit/credit column pair,
 * a balance, an amount with a separate sign column. Each returns a reason instead of throwing.
 */
import { type AmountResult, parseAmountSen, parseColumnAmountSen, parseSignedAmountSen } from './amount.js';
import { cleanCell, collapseWhitespace, quoteCell } from './cell-text.js';
import type { DateResult } from './day-first-date.js';
import { parseSignMarker, type SignMarker } from './sign-marker.js';
import type { ReadRow, RejectedRow } from './statement-format.js';

/** A refused row. */
export function reject(reason: string): RejectedRow {
  return { kind: 'rejected', reason };
}

/**
 * The row's cells fitted to `columns`: empty cells past the end are dropped; when more remain and
 * the format has one free-text column (`freeTextIndex`), the surplus is joined back into it with
 * commas, because an unquoted description containing a comma is the only way a bank row grows.
 * Every other cell is still validated by the format, so a wrong join cannot pass unnoticed.
 */
export function fitColumns(
  cells: readonly string[],
  columns: number,
  freeTextIndex: number | undefined,
  delimiter: string,
): { kind: 'fitted'; cells: readonly string[] } | RejectedRow {
  let fitted = cells;
  while (fitted.length > columns && (fitted[fitted.length - 1] ?? '').trim() === '')
    fitted = fitted.slice(0, -1);
  if (fitted.length === columns) return { kind: 'fitted', cells: fitted };
  if (fitted.length < columns || freeTextIndex === undefined) {
    return reject(`expected ${columns} columns, found ${fitted.length}`);
  }
  const surplus = fitted.length - columns;
  const joined = fitted.slice(freeTextIndex, freeTextIndex + surplus + 1).join(delimiter);
  return {
    kind: 'fitted',
    cells: [...fitted.slice(0, freeTextIndex), joined, ...fitted.slice(freeTextIndex + surplus + 1)],
  };
}

/** A signed money movement read from the row. */
export type MovementResult = { ok: true; type: SignMarker; sen: number } | { ok: false; reason: string };

/**
 * Separate Debit and Credit columns: exactly one must hold a positive amount (the other empty,
 * `-`, `0` or `.00`).
 */
export function readDebitCredit(debitCell: string, creditCell: string): MovementResult {
  const debit = parseColumnAmountSen(debitCell);
  if (!debit.ok) return { ok: false, reason: `debit: ${debit.reason}` };
  const credit = parseColumnAmountSen(creditCell);
  if (!credit.ok) return { ok: false, reason: `credit: ${credit.reason}` };
  if (debit.sen > 0 && credit.sen > 0) {
    return {
      ok: false,
      reason: `both debit ${quoteCell(debitCell)} and credit ${quoteCell(creditCell)} are set`,
    };
  }
  if (debit.sen > 0) return { ok: true, type: 'DB', sen: debit.sen };
  if (credit.sen > 0) return { ok: true, type: 'CR', sen: credit.sen };
  return { ok: false, reason: 'neither debit nor credit holds an amount' };
}

/**
 * An amount cell with its sign in a separate column (`150000.00` + `CR`) or inside the amount
 * (`"799,700.00 CR"`); both may be present only when they agree.
 */
export function readAmountWithMarker(amountCell: string, markerCell: string | undefined): MovementResult {
  const amount = parseSignedAmountSen(amountCell);
  if (!amount.ok) return amount;
  let marker: SignMarker | undefined = amount.marker;
  if (markerCell !== undefined && cleanCell(markerCell) !== '') {
    const column = parseSignMarker(markerCell);
    if (column === undefined) {
      return {
        ok: false,
        reason: `${quoteCell(markerCell)} is not a credit/debit marker (CR, DB, D, K, ...)`,
      };
    }
    if (marker !== undefined && marker !== column) {
      return {
        ok: false,
        reason: `amount ${quoteCell(amountCell)} contradicts the marker ${quoteCell(markerCell)}`,
      };
    }
    marker = column;
  }
  if (marker === undefined)
    return { ok: false, reason: `amount ${quoteCell(amountCell)} has no CR/DB marker` };
  if (amount.sen <= 0) return { ok: false, reason: `amount ${quoteCell(amountCell)} is zero` };
  return { ok: true, type: marker, sen: amount.sen };
}

/**
 * A balance cell: may be negative (overdraft), may carry a `DB` suffix meaning negative; an
 * empty cell is a reason when `isRequired`, `null` otherwise.
 */
export function readBalance(
  cell: string,
  isRequired: boolean,
): { ok: true; sen: number | null } | AmountFailure {
  if (cleanCell(cell) === '')
    return isRequired ? { ok: false, reason: 'the balance is empty' } : { ok: true, sen: null };
  const signed = parseSignedAmountSen(cell);
  const plain: AmountResult = signed.ok ? signed : parseAmountSen(cell, { allowNegative: true });
  if (!plain.ok) return { ok: false, reason: `balance: ${plain.reason}` };
  const isDebit = signed.ok && signed.marker === 'DB';
  return { ok: true, sen: isDebit ? -plain.sen : plain.sen };
}

type AmountFailure = { ok: false; reason: string };

/**
 * The common end of a row reader: the parts read from the cells, checked in column order (date,
 * movement, balance) so the first failure is the one reported, then the row.
 */
export function assembleRow(
  date: DateResult,
  descriptionCell: string,
  movement: MovementResult,
  balance: ReturnType<typeof readBalance>,
): ReadRow | RejectedRow {
  if (!date.ok) return reject(date.reason);
  if (!movement.ok) return reject(movement.reason);
  if (!balance.ok) return reject(balance.reason);
  return {
    kind: 'row',
    date: date.date,
    time: date.time,
    description: collapseWhitespace(descriptionCell),
    type: movement.type,
    amountSen: movement.sen,
    balanceSen: balance.sen,
  };
}

/**
 * @module connectors/csv/key-value-line
 * The `key,=,value` lines KlikBCA puts above and below the table (`No. Rekening,=,'0123456789`,
 * `Saldo Awal,=,1000000.00`), and the `key : value` form of older exports, recognised by name.
 */
import { cleanCell, collapseWhitespace } from './cell-text.js';

/** What a key names, in the preamble (account details) or in the footer (totals). */
export type KeyValueKind =
  | 'accountNo'
  | 'accountName'
  | 'period'
  | 'currency'
  | 'openingBalance'
  | 'totalCredit'
  | 'totalDebit'
  | 'closingBalance';

/** A recognised key/value line; `extra` holds a cell after the value (some footers add a count). */
export interface KeyValueLine {
  kind: KeyValueKind;
  key: string;
  value: string;
  extra: string | undefined;
}

// A Map, not an object literal, so that a cell reading `constructor` is no key.
const KEYS: ReadonlyMap<string, KeyValueKind> = new Map<string, KeyValueKind>([
  ['no. rekening', 'accountNo'],
  ['no rekening', 'accountNo'],
  ['nomor rekening', 'accountNo'],
  ['account no.', 'accountNo'],
  ['account no', 'accountNo'],
  ['account number', 'accountNo'],
  ['nama', 'accountName'],
  ['nama rekening', 'accountName'],
  ['name', 'accountName'],
  ['account name', 'accountName'],
  ['periode', 'period'],
  ['period', 'period'],
  ['mata uang', 'currency'],
  ['kode mata uang', 'currency'],
  ['currency', 'currency'],
  ['saldo awal', 'openingBalance'],
  ['starting balance', 'openingBalance'],
  ['opening balance', 'openingBalance'],
  ['beginning balance', 'openingBalance'],
  ['mutasi kredit', 'totalCredit'],
  ['total kredit', 'totalCredit'],
  ['total credit', 'totalCredit'],
  ['credit', 'totalCredit'],
  ['mutasi debet', 'totalDebit'],
  ['mutasi debit', 'totalDebit'],
  ['total debet', 'totalDebit'],
  ['total debit', 'totalDebit'],
  ['debet', 'totalDebit'],
  ['debit', 'totalDebit'],
  ['saldo akhir', 'closingBalance'],
  ['ending balance', 'closingBalance'],
  ['closing balance', 'closingBalance'],
]);

function kindOf(key: string): KeyValueKind | undefined {
  return KEYS.get(collapseWhitespace(key).toLowerCase());
}

/**
 * Recognises a key/value line from its cells (`['Saldo Awal', '=', '1000.00']`) or, for the
 * `key : value` form that has no delimiter, from its raw text. `undefined` for any other line.
 *
 * @example
 * readKeyValueLine(['No. Rekening', '=', "'0123456789"], '');
 * // { kind: 'accountNo', key: 'No. Rekening', value: '0123456789', extra: undefined }
 */
export function readKeyValueLine(cells: readonly string[], rawText: string): KeyValueLine | undefined {
  const [key, separator, value, extra] = cells;
  if (key !== undefined && value !== undefined && (separator?.trim() === '=' || separator?.trim() === ':')) {
    const kind = kindOf(key);
    if (kind === undefined) return undefined;
    const extraCell = extra === undefined || extra.trim() === '' ? undefined : cleanCell(extra);
    return { kind, key: key.trim(), value: cleanCell(value), extra: extraCell };
  }
  const m = /^\s*([^:=]+?)\s*[:=]\s*(.*?)\s*$/.exec(rawText);
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  const kind = kindOf(m[1].replace(/"/g, ''));
  if (kind === undefined) return undefined;
  const valueText = m[2].replace(/"/g, '');
  const counted = kind === 'totalCredit' || kind === 'totalDebit' ? /^(\S+)\s+(\d+)$/.exec(valueText) : null;
  if (counted?.[1] !== undefined)
    return { kind, key: m[1].trim(), value: cleanCell(counted[1]), extra: counted[2] };
  return { kind, key: m[1].trim(), value: cleanCell(valueText), extra: undefined };
}

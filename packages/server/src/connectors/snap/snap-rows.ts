/**
 * @module connectors/snap/snap-rows
 * SNAP statement entries to `StatementRow`s: `{value: "10000.00"}` to integer rupiah, ISO 8601
 * times with any offset to WIB, `Credit`/`Debit` (and service 12's transaction types) to CR/DB.
 * A bank that sends something unreadable fails the fetch (`bad_response`); a row that is fine but
 * cannot be stored as integer rupiah is left out with a warning.
 */
import { WIB_OFFSET_MS } from 'mutasibank';
import { ConnectorError, type StatementRow } from '../connector.js';

/** A mapped entry: the row, a row left out with a warning, or a row that is not final yet. */
export type MappedEntry = (
  | { kind: 'row'; row: StatementRow }
  | { kind: 'warning'; warning: string }
  | { kind: 'unsettled' }
) & {
  /** The entry's WIB time, `YYYY-MM-DD HH:mm:ss`. */
  time: string;
};

const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * An ISO 8601 time with offset (`2019-07-03T12:08:56+07:00`, `...Z`) as a WIB timestamp
 * `YYYY-MM-DD HH:mm:ss`; `undefined` for anything else (no offset means no instant).
 *
 * @example
 * snapTimeToWib('2025-01-02T05:00:00Z'); // '2025-01-02 12:00:00'
 */
export function snapTimeToWib(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const m = ISO_WITH_OFFSET.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const calendar = new Date(Date.UTC(y, mo - 1, d));
  if (calendar.getUTCMonth() !== mo - 1 || calendar.getUTCDate() !== d || h > 23 || mi > 59 || s > 59)
    return undefined;
  const zone = m[7] as string;
  let offsetMs = 0;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMs = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  const utcMs = Date.UTC(y, mo - 1, d, h, mi, s) - offsetMs;
  const wib = new Date(utcMs + WIB_OFFSET_MS);
  return `${wib.getUTCFullYear()}-${pad(wib.getUTCMonth() + 1)}-${pad(wib.getUTCDate())} ${pad(wib.getUTCHours())}:${pad(wib.getUTCMinutes())}:${pad(wib.getUTCSeconds())}`;
}

/** A SNAP amount object: integer rupiah, `sen` when it has non-zero sen, `undefined` when unreadable. */
export function readSnapAmount(amount: unknown): { rupiah: number; currency: string } | 'sen' | undefined {
  if (amount === null || typeof amount !== 'object') return undefined;
  const { value, currency } = amount as { value?: unknown; currency?: unknown };
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{1,16})(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!m || m[1] === undefined) return undefined;
  if (m[2] !== undefined && !/^0+$/.test(m[2])) return 'sen';
  const rupiah = Number(m[1]);
  if (!Number.isSafeInteger(rupiah)) return undefined;
  return { rupiah, currency: typeof currency === 'string' ? currency.toUpperCase() : 'IDR' };
}

const CREDIT_TYPES = new Set([
  'CREDIT',
  'CR',
  'C',
  'K',
  'KREDIT',
  'TOP_UP',
  'TOPUP',
  'REFUND',
  'RECEIVE_MONEY',
  'INCOMING',
]);
const DEBIT_TYPES = new Set([
  'DEBIT',
  'DB',
  'D',
  'DR',
  'DEBET',
  'PAYMENT',
  'SEND_MONEY',
  'WITHDRAW',
  'WITHDRAWAL',
  'OUTGOING',
]);

function readType(type: unknown): 'CR' | 'DB' | undefined {
  if (typeof type !== 'string') return undefined;
  const upper = type.trim().toUpperCase();
  if (CREDIT_TYPES.has(upper)) return 'CR';
  if (DEBIT_TYPES.has(upper)) return 'DB';
  return undefined;
}

function balanceAfter(detail: Record<string, unknown>): number | null {
  const detailBalance = detail.detailBalance as { endAmount?: unknown } | undefined;
  const end = Array.isArray(detailBalance?.endAmount)
    ? (detailBalance.endAmount[0] as { amount?: unknown })
    : undefined;
  const amount = readSnapAmount(end?.amount);
  return amount === undefined || amount === 'sen' ? null : amount.rupiah;
}

/** Which fields an entry keeps its parts in: service 14 or service 12. */
export type SnapEntryShape = 'bank-statement' | 'transaction-history';

/** Maps one `detailData` entry. Throws `bad_response` for an entry a bank should never send. */
export function mapSnapEntry(bankName: string, shape: SnapEntryShape, entry: unknown): MappedEntry {
  if (entry === null || typeof entry !== 'object') {
    throw new ConnectorError('bad_response', `${bankName} sent a statement entry that is not an object`);
  }
  const detail = entry as Record<string, unknown>;
  const timeField = shape === 'bank-statement' ? 'transactionDate' : 'dateTime';
  const transactionDate = snapTimeToWib(detail[timeField]);
  if (transactionDate === undefined) {
    throw new ConnectorError(
      'bad_response',
      `${bankName} sent a ${timeField} that is not ISO 8601 with offset: ${String(detail[timeField])}`,
    );
  }
  const status = shape === 'bank-statement' ? detail.transactionDetailStatus : detail.status;
  if (typeof status === 'string' && status.toUpperCase() !== 'SUCCESS')
    return { kind: 'unsettled', time: transactionDate };
  const type = readType(detail.type);
  if (type === undefined)
    throw new ConnectorError('bad_response', `${bankName} sent an unknown entry type ${String(detail.type)}`);
  const description = typeof detail.remark === 'string' ? detail.remark.replace(/\s+/g, ' ').trim() : '';
  const amount = readSnapAmount(detail.amount);
  if (amount === undefined)
    throw new ConnectorError('bad_response', `${bankName} sent an unreadable amount at ${transactionDate}`);
  if (amount === 'sen') {
    return {
      kind: 'warning',
      time: transactionDate,
      warning: `left out ${type} ${transactionDate} "${description}": its amount has non-zero sen, and rows are whole rupiah`,
    };
  }
  if (amount.currency !== 'IDR') {
    return {
      kind: 'warning',
      time: transactionDate,
      warning: `left out ${type} ${transactionDate} "${description}": currency ${amount.currency}, not IDR`,
    };
  }
  if (amount.rupiah <= 0)
    return {
      kind: 'warning',
      time: transactionDate,
      warning: `left out ${type} ${transactionDate} "${description}": zero amount`,
    };
  const reference = detail.transactionId ?? detail.referenceNo;
  const row: StatementRow = {
    transactionDate,
    description,
    type,
    amount: amount.rupiah,
    balance: shape === 'bank-statement' ? balanceAfter(detail) : null,
    ...(typeof reference === 'string' && reference !== '' ? { bankReference: reference } : {}),
  };
  return { kind: 'row', row, time: transactionDate };
}

/** The current balance from a Bank Statement answer's `balance` list, when it gives one. */
export function readStatementBalance(balance: unknown): number | undefined {
  if (!Array.isArray(balance) || balance.length === 0) return undefined;
  const first = balance[0] as { endingBalance?: unknown; amount?: unknown } | undefined;
  for (const candidate of [first?.endingBalance, first?.amount]) {
    const read = readSnapAmount(candidate);
    if (read !== undefined && read !== 'sen') return read.rupiah;
    if (read === 'sen') {
      const value = (candidate as { value: string }).value;
      return Math.trunc(Number(value.split('.')[0]));
    }
  }
  return undefined;
}

/**
 * @module connectors/simulator/transaction-templates
 * What the fake bank's rows look like: Indonesian transfer descriptions as BCA, BI-FAST, QRIS and
 * tellers write them, with the order and invoice references that payment matching looks for.
 */
import type { SeededRandom } from './seeded-random.js';

const NAMES = [
  'BUDI SANTOSO',
  'SITI AMINAH',
  'ANDI WIJAYA',
  'RINA MARLINA',
  'DEWI LESTARI',
  'AGUS SETIAWAN',
  'NUR HIDAYAH',
  'EKO PRASETYO',
  'YULIANA PUTRI',
  'HENDRA GUNAWAN',
  'PT MAJU JAYA ABADI',
  'CV SUMBER REJEKI',
];

const BANKS = [
  { code: '008', name: 'MANDIRI' },
  { code: '009', name: 'BNI' },
  { code: '002', name: 'BRI' },
  { code: '451', name: 'BSI' },
  { code: '022', name: 'CIMB NIAGA' },
  { code: '013', name: 'PERMATA' },
];

const MERCHANTS = ['TOKOPEDIA', 'SHOPEE', 'INDOMARET', 'ALFAMART', 'PLN PREPAID', 'TELKOMSEL', 'GRAB'];

/** A row to be, before its time and balance are known. */
export interface RowTemplate {
  type: 'CR' | 'DB';
  amount: number;
  description: string;
}

function mmdd(date: string): string {
  return `${date.slice(5, 7)}${date.slice(8, 10)}`;
}

function reference(random: SeededRandom, date: string): string {
  return random.chance(0.5)
    ? `ORDER-${random.int(10000, 99999)}`
    : `INV/${date.slice(0, 4)}/${date.slice(5, 7)}/${String(random.int(1, 9999)).padStart(4, '0')}`;
}

/** A payment-like amount: round thousands, often plus a three-digit unique code. */
function paymentAmount(random: SeededRandom): number {
  const base = random.pick([25, 50, 75, 100, 150, 250, 500, 1000, 2500]) * 1000;
  return random.chance(0.6) ? base + random.int(1, 999) : base;
}

/** A credit (money in) for `date` (`YYYY-MM-DD`). */
export function creditTemplate(random: SeededRandom, date: string): RowTemplate {
  const name = random.pick(NAMES);
  const amount = paymentAmount(random);
  const ref = random.chance(0.45) ? ` ${reference(random, date)}` : '';
  const bank = random.pick(BANKS);
  const kind = random.int(0, 9);
  let description: string;
  if (kind <= 3) description = `TRSF E-BANKING CR ${mmdd(date)}/FTSCY/WS95271 ${amount}.00 ${name}${ref}`;
  else if (kind <= 6) description = `BI-FAST CR BIF TRANSFER DR ${bank.code} ${name}${ref}`;
  else if (kind === 7) description = `QRIS CR ${random.int(93600000, 93609999)} ${name}`;
  else if (kind === 8) description = `SWITCHING CR TRF DARI ${bank.name} ${name}${ref}`;
  else description = `SETORAN TUNAI ${name}`;
  return { type: 'CR', amount, description };
}

/**
 * A debit (money out) of at most `maxAmount` rupiah, or `undefined` when the balance is too low
 * for any; a BI-FAST transfer out is followed by its fee, so it comes back as two rows.
 */
export function debitTemplates(random: SeededRandom, date: string, maxAmount: number): RowTemplate[] {
  const amount = Math.min(random.int(1, 200) * 5000, maxAmount - 2500);
  if (amount < 10_000) return [];
  const name = random.pick(NAMES);
  const bank = random.pick(BANKS);
  const kind = random.int(0, 4);
  if (kind === 0) {
    return [{ type: 'DB', amount, description: `TRSF E-BANKING DB ${mmdd(date)}/FTFVA/WS95031 ${name}` }];
  }
  if (kind === 1) {
    return [
      { type: 'DB', amount, description: `BI-FAST DB BIF TRANSFER KE ${bank.code} ${name}` },
      { type: 'DB', amount: 2500, description: 'BIAYA TXN BI-FAST' },
    ];
  }
  if (kind === 2) {
    const cash = Math.max(50_000, Math.floor(amount / 50_000) * 50_000);
    return cash <= maxAmount
      ? [{ type: 'DB', amount: cash, description: `TARIKAN ATM ${date.slice(8, 10)}/${date.slice(5, 7)}` }]
      : [];
  }
  return [{ type: 'DB', amount, description: `KARTU DEBIT ${random.pick(MERCHANTS)}` }];
}

/** The monthly administration fee, charged on the last day of each month. */
export const MONTHLY_FEE: RowTemplate = { type: 'DB', amount: 15_000, description: 'BIAYA ADM' };

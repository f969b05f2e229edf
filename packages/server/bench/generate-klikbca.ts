/**
 * @module bench/generate-klikbca
 * Writes a large, valid KlikBCA individual CSV (preamble, rows, footer that adds up) as a stream,
 * for the parse benchmark here and the server's full import benchmark. Deterministic per seed.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SeededRandom } from '../src/connectors/simulator/seeded-random.js';

/** Options of {@link generateKlikbcaCsv}. */
export interface KlikbcaCsvOptions {
  /** Number of statement rows. */
  rows: number;
  /** PRNG seed. Default `'bench'`. */
  seed?: string;
  /** Calendar year the rows fall in (Periode 01/01 - 31/12). Default 2025. */
  year?: number;
  /** Opening balance in rupiah. Default 500,000,000. */
  openingRupiah?: number;
}

/** What a generated file holds, to compare with the import's summary. */
export interface KlikbcaCsvFacts {
  rows: number;
  creditRupiah: number;
  debitRupiah: number;
  closingRupiah: number;
}

const NAMES = ['BUDI SANTOSO', 'SITI AMINAH', 'ANDI WIJAYA', 'RINA MARLINA', 'PT MAJU JAYA', 'CV ANUGRAH'];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function dayOfYear(index: number, rows: number, year: number): string {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = leap ? 366 : 365;
  let day = Math.floor((index * days) / rows);
  let month = 0;
  for (;;) {
    const length = (DAYS_IN_MONTH[month] ?? 31) + (month === 1 && leap ? 1 : 0);
    if (day < length) break;
    day -= length;
    month++;
  }
  return `${String(day + 1).padStart(2, '0')}/${String(month + 1).padStart(2, '0')}`;
}

/**
 * Yields the CSV text in chunks of about 64 KiB; `facts` is filled in when the generator ends.
 *
 * @example
 * const facts = { rows: 0, creditRupiah: 0, debitRupiah: 0, closingRupiah: 0 };
 * await pipeline(Readable.from(generateKlikbcaCsv({ rows: 1000 }, facts)), createWriteStream('x.csv'));
 */
export async function* generateKlikbcaCsv(
  options: KlikbcaCsvOptions,
  facts?: KlikbcaCsvFacts,
): AsyncGenerator<string> {
  const year = options.year ?? 2025;
  const random = new SeededRandom(options.seed ?? 'bench');
  const opening = options.openingRupiah ?? 500_000_000;
  let balance = opening;
  let credit = 0;
  let debit = 0;
  let chunk = [
    "No. Rekening,=,'0123456789",
    'Nama,=,PT BENCHMARK SEJAHTERA',
    `Periode,=,01/01/${year} - 31/12/${year}`,
    'Mata Uang,=,IDR',
    '',
    'Tanggal Transaksi,Keterangan,Cabang,Jumlah,,Saldo',
    '',
  ].join('\r\n');
  for (let i = 0; i < options.rows; i++) {
    const amount = random.int(1, 5_000) * 1_000 + random.int(0, 999);
    const isCredit = random.chance(0.6) || amount > balance;
    const name = random.pick(NAMES);
    const date = dayOfYear(i, options.rows, year);
    let description: string;
    if (isCredit) {
      balance += amount;
      credit += amount;
      description = random.chance(0.1)
        ? `"TRSF E-BANKING CR ${date.replace('/', '')}/FTSCY/WS95271 ${amount}.00 ${name}, ORDER-${i}"`
        : `TRSF E-BANKING CR ${date.replace('/', '')}/FTSCY/WS95271 ${amount}.00 ${name}`;
    } else {
      balance -= amount;
      debit += amount;
      description = `TRSF E-BANKING DB ${date.replace('/', '')}/FTFVA/WS95031 INV/${year}/${i} ${name}`;
    }
    chunk += `'${date},${description},'0000,${amount}.00,${isCredit ? 'CR' : 'DB'},${balance}.00\r\n`;
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  chunk += `\r\nSaldo Awal,=,${opening}.00\r\nMutasi Kredit,=,${credit}.00\r\nMutasi Debet,=,${debit}.00\r\nSaldo Akhir,=,${balance}.00\r\n`;
  yield chunk;
  if (facts !== undefined) {
    Object.assign(facts, {
      rows: options.rows,
      creditRupiah: credit,
      debitRupiah: debit,
      closingRupiah: balance,
    });
  }
}

/** Writes a generated file to `path`, streaming with back-pressure; returns what it holds. */
export async function writeKlikbcaCsv(path: string, options: KlikbcaCsvOptions): Promise<KlikbcaCsvFacts> {
  const facts: KlikbcaCsvFacts = { rows: 0, creditRupiah: 0, debitRupiah: 0, closingRupiah: 0 };
  await pipeline(Readable.from(generateKlikbcaCsv(options, facts)), createWriteStream(path));
  return facts;
}

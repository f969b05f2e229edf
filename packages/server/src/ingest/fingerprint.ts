/**
 * @module ingest/fingerprint
 * The identity of a statement row within its account, so that a row read twice (the bot reading
 * an overlapping range, a file imported twice) is stored once.
 *
 * The rule: a row is identified by its account, WIB timestamp, type, amount, balance after it,
 * description and bank reference, plus its **ordinal**: how many identical rows came before it in
 * the same batch. Two genuinely identical rows on one day (two Rp 50.000 transfers from the same
 * person, on a bank that gives no time and no balance) get ordinals 0 and 1 and stay two; reading
 * the same statement again yields the same ordinals and so the same fingerprints. When the bank
 * gives its own unique id for a row (`bankReference`, e.g. SNAP's `transactionId`), that id alone
 * identifies it. Sources must therefore deliver whole days; every connector and importer does.
 *
 * A batch may arrive in pieces (a statement file streamed in chunks): {@link FingerprintSequence}
 * carries the ordinals across them, so a file gives the same fingerprints however it is split.
 */
import { createHash } from 'node:crypto';
import type { StatementRow } from '../connectors/connector.js';

function digest(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * Counts row keys by the first 64 bits of their digest, in typed arrays. A `Map` of the full hex
 * keys costs about 100 bytes a row (a million-row import would hold 100 MB for this alone); this
 * table costs 12 to 24. Two different keys sharing 64 bits (odds about 1 in 37 million within a
 * million-row file) only shift an ordinal, deterministically, so re-reads still give the same
 * fingerprints; and every batch, streamed or not, counts through this same table.
 */
class OrdinalCounter {
  #hi = new Uint32Array(64);
  #lo = new Uint32Array(64);
  #seen = new Uint32Array(64);
  #size = 0;

  /** How many times the key was counted before; counts it once more. */
  next(key: string): number {
    if ((this.#size + 1) * 2 > this.#seen.length) this.#grow();
    const hi = Number.parseInt(key.slice(0, 8), 16);
    const lo = Number.parseInt(key.slice(8, 16), 16);
    const mask = this.#seen.length - 1;
    for (let i = lo & mask; ; i = (i + 1) & mask) {
      const seen = this.#seen[i]!;
      if (seen === 0) {
        this.#hi[i] = hi;
        this.#lo[i] = lo;
        this.#seen[i] = 1;
        this.#size++;
        return 0;
      }
      if (this.#hi[i] === hi && this.#lo[i] === lo) {
        this.#seen[i] = seen + 1;
        return seen;
      }
    }
  }

  #grow(): void {
    const [hi, lo, seen] = [this.#hi, this.#lo, this.#seen];
    const capacity = seen.length * 2;
    this.#hi = new Uint32Array(capacity);
    this.#lo = new Uint32Array(capacity);
    this.#seen = new Uint32Array(capacity);
    const mask = capacity - 1;
    for (let j = 0; j < seen.length; j++) {
      if (seen[j] === 0) continue;
      let i = lo[j]! & mask;
      while (this.#seen[i] !== 0) i = (i + 1) & mask;
      this.#hi[i] = hi[j]!;
      this.#lo[i] = lo[j]!;
      this.#seen[i] = seen[j]!;
    }
  }
}

/**
 * Fingerprints the rows of one batch of one account in order, across as many calls as the batch
 * arrives in: identical rows get ordinals 0, 1, ... whichever piece each one is in.
 *
 * @example
 * const sequence = new FingerprintSequence(accountId);
 * for await (const rows of chunks) stored.push(...rows.map((r) => sequence.next(r)));
 */
export class FingerprintSequence {
  readonly #accountId: number;
  readonly #ordinals = new OrdinalCounter();

  constructor(accountId: number) {
    this.#accountId = accountId;
  }

  /** The fingerprint of the next row of the batch. */
  next(row: StatementRow): string {
    if (row.bankReference) return digest([this.#accountId, 'ref', row.bankReference]);
    const key = digest([
      this.#accountId,
      row.transactionDate,
      row.type,
      row.amount,
      row.balance,
      row.description,
    ]);
    const ordinal = this.#ordinals.next(key);
    return ordinal === 0 ? key : digest([key, ordinal]);
  }
}

/** Fingerprints a batch of rows of one account, in order. */
export function fingerprintRows(accountId: number, rows: readonly StatementRow[]): string[] {
  const sequence = new FingerprintSequence(accountId);
  return rows.map((r) => sequence.next(r));
}

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
 */
import { createHash } from 'node:crypto';
import type { StatementRow } from '../connectors/connector.js';

function digest(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** Fingerprints a batch of rows of one account, in order. */
export function fingerprintRows(accountId: number, rows: readonly StatementRow[]): string[] {
  const seen = new Map<string, number>();
  return rows.map((r) => {
    if (r.bankReference) return digest([accountId, 'ref', r.bankReference]);
    const key = digest([accountId, r.transactionDate, r.type, r.amount, r.balance, r.description]);
    const ordinal = seen.get(key) ?? 0;
    seen.set(key, ordinal + 1);
    return ordinal === 0 ? key : digest([key, ordinal]);
  });
}

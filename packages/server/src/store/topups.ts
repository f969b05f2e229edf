/**
 * @module store/topups
 * Saldo top-ups: a pending top-up is paid by a transfer of exactly `total` (amount plus a unique
 * code, "kode unik") to one of the server's payment accounts.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import { ApiError } from '../errors.js';
import type { Database, TopupRow } from './schema.js';

/** Top-ups repository. */
export class TopupsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates a pending top-up with a kode unik in `[codeMin, codeMax]` that no other pending top-up
   * to the same payment account shares as a total. The partial unique index decides races; a
   * collision just picks another code. Throws 409 when every code is taken.
   */
  async create(input: {
    userId: number;
    paymentId: number;
    amount: number;
    ttlMs: number;
    codeMin?: number;
    codeMax?: number;
  }): Promise<TopupRow> {
    const min = input.codeMin ?? 1;
    const max = input.codeMax ?? 999;
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('topups')
        .set({ status: 'expired' })
        .where('status', '=', 'pending')
        .where('expires_at', '<=', now)
        .execute();
      const taken = new Set(
        (
          await trx
            .selectFrom('topups')
            .select('total')
            .where('payment_id', '=', input.paymentId)
            .where('status', '=', 'pending')
            .where('total', '>=', input.amount + min)
            .where('total', '<=', input.amount + max)
            .execute()
        ).map((r) => r.total - input.amount),
      );
      const free: number[] = [];
      for (let c = min; c <= max; c++) if (!taken.has(c)) free.push(c);
      if (free.length === 0) {
        throw new ApiError(
          'conflict',
          'every unique code for this amount is in use; try another amount or later',
        );
      }
      const code = free[randomInt(free.length)]!;
      return trx
        .insertInto('topups')
        .values({
          trans_id: `TOPUP-${randomUUID().slice(0, 8).toUpperCase()}`,
          user_id: input.userId,
          payment_id: input.paymentId,
          jumlah: input.amount,
          kode_unik: code,
          total: input.amount + code,
          status: 'pending',
          created_at: now,
          expires_at: now + input.ttlMs,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  }
}

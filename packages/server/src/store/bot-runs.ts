/**
 * @module store/bot-runs
 * The log of connector runs that `log_bot` shows.
 */
import type { Kysely } from 'kysely';
import type { BotRunRow, BotRunsTable, Database } from './schema.js';

/** Bot run log repository. */
export class BotRunsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async start(accountId: number, trigger: BotRunsTable['trigger'], startedAt: number): Promise<number> {
    const row = await this.db
      .insertInto('bot_runs')
      .values({
        account_id: accountId,
        trigger,
        started_at: startedAt,
        outcome: 'running',
        rows_read: 0,
        rows_new: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async finish(
    id: number,
    result: {
      finishedAt: number;
      outcome: 'ok' | 'error' | 'timeout';
      rowsRead: number;
      rowsNew: number;
      error?: string;
    },
  ): Promise<void> {
    await this.db
      .updateTable('bot_runs')
      .set({
        finished_at: result.finishedAt,
        outcome: result.outcome,
        rows_read: result.rowsRead,
        rows_new: result.rowsNew,
        error: result.error ?? null,
      })
      .where('id', '=', id)
      .execute();
  }

  /** The newest runs of an account first. */
  async list(accountId: number, limit = 50): Promise<BotRunRow[]> {
    return this.db
      .selectFrom('bot_runs')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }
}

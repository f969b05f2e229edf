/**
 * @module ingest/ingest
 * The one path every new statement row takes, whatever its source (a connector run, a file
 * import, the dev simulator): fingerprint, store what is new, update the balance, then run the
 * hooks (payment matching, the webhook outbox) in the same transaction, so a crash can never
 * leave a stored mutation without its webhook messages, or messages for a mutation not stored.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { StatementRow } from '../connectors/connector.js';
import type { Account } from '../store/accounts.js';
import type { Database, MutationRow } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { fingerprintRows } from './fingerprint.js';

/** What a hook gets: the transaction and the rows that were new. */
export interface IngestBatch {
  trx: Kysely<Database>;
  account: Account;
  /** Newly stored rows, in source order. Never empty when hooks run. */
  mutations: MutationRow[];
  source: string;
}

/** Runs inside the ingest transaction; throwing rolls the whole batch back. */
export type IngestHook = (batch: IngestBatch) => Promise<void>;

/** Options of one ingest call. */
export interface IngestInput {
  accountId: number;
  rows: readonly StatementRow[];
  /** A connector module, `import`, or `simulator`. */
  source: string;
  /** The balance the bank reports now, when it says. */
  balance?: number;
  /**
   * Each row is a new event (the dev simulator): identity comes from a fresh id instead of the
   * fingerprint rule, and rows without a balance get the running balance.
   */
  alwaysNew?: boolean;
  /** Rolls back after counting (dry runs). */
  dryRun?: boolean;
}

/** The outcome of one ingest call. */
export interface IngestResult {
  read: number;
  inserted: MutationRow[];
  duplicates: number;
}

class DryRunRollback extends Error {
  constructor(readonly result: IngestResult) {
    super('dry run');
  }
}

/** Stores new statement rows and hands them to the hooks, in one transaction per call. */
export class Ingestor {
  readonly #hooks: IngestHook[] = [];
  readonly #afterCommit: Array<(result: IngestResult, accountId: number) => void> = [];

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Adds a hook run in the transaction (matching before the outbox: order of registration). */
  use(hook: IngestHook): this {
    this.#hooks.push(hook);
    return this;
  }

  /** Adds a listener called after a commit that stored rows (the dispatcher's wake-up). */
  onCommitted(listener: (result: IngestResult, accountId: number) => void): this {
    this.#afterCommit.push(listener);
    return this;
  }

  async ingest(input: IngestInput): Promise<IngestResult> {
    let result: IngestResult;
    try {
      result = await this.store.transaction((trx) => this.#ingestIn(trx, input));
    } catch (err) {
      if (err instanceof DryRunRollback) return err.result;
      throw err;
    }
    if (result.inserted.length > 0) for (const l of this.#afterCommit) l(result, input.accountId);
    return result;
  }

  async #ingestIn(trx: Kysely<Database>, input: IngestInput): Promise<IngestResult> {
    const account = await this.store.accounts.getById(input.accountId, trx);
    if (!account) throw new Error(`account ${input.accountId} does not exist`);
    const now = this.clock.now();
    const fingerprints = input.alwaysNew
      ? input.rows.map(() => randomUUID())
      : fingerprintRows(account.id, input.rows);

    let running = account.balance;
    const candidates: MutationRow[] = input.rows.map((r, i) => {
      running += r.type === 'CR' ? r.amount : -r.amount;
      return {
        id: randomUUID(),
        account_id: account.id,
        fingerprint: fingerprints[i]!,
        transaction_date: r.transactionDate,
        description: r.description,
        type: r.type,
        amount: r.amount,
        balance: r.balance ?? (input.alwaysNew ? running : 0),
        category_id: null,
        bank_reference: r.bankReference ?? null,
        source: input.source,
        created_at: now,
      };
    });
    const previousNewest = await this.store.mutations.newestDate(trx, account.id);
    const inserted = await this.store.mutations.insertNew(trx, candidates);
    const result: IngestResult = {
      read: input.rows.length,
      inserted,
      duplicates: input.rows.length - inserted.length,
    };
    if (input.dryRun) throw new DryRunRollback(result);

    await this.#updateBalance(trx, account, input, inserted, previousNewest);
    if (inserted.length > 0) {
      const batch: IngestBatch = { trx, account, mutations: inserted, source: input.source };
      for (const hook of this.#hooks) await hook(batch);
    }
    return result;
  }

  async #updateBalance(
    trx: Kysely<Database>,
    account: Account,
    input: IngestInput,
    inserted: MutationRow[],
    previousNewest: string | undefined,
  ) {
    if (input.balance !== undefined) return this.store.accounts.setBalance(trx, account.id, input.balance);
    if (input.alwaysNew) {
      const delta = inserted.reduce((s, m) => s + (m.type === 'CR' ? m.amount : -m.amount), 0);
      if (delta !== 0) await this.store.accounts.addToBalance(trx, account.id, delta);
      return;
    }
    // An old file imported today must not overwrite today's balance: only rows at least as new as
    // everything stored before carry the current balance. Among rows sharing the newest timestamp
    // the last in source order wins (statements list a day's rows oldest first).
    let newestDate = '';
    for (const m of inserted) if (m.transaction_date > newestDate) newestDate = m.transaction_date;
    if (newestDate === '' || (previousNewest !== undefined && newestDate < previousNewest)) return;
    const newest = inserted.filter((m) => m.transaction_date === newestDate && m.balance !== 0).at(-1);
    if (newest) await this.store.accounts.setBalance(trx, account.id, newest.balance);
  }
}

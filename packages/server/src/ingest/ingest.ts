/**
 * @module ingest/ingest
 * The one path every new statement row takes, whatever its source (a connector run, a file
 * import, the dev simulator): fingerprint, store what is new, update the balance, then run the
 * hooks (payment matching, the webhook outbox) in the same transaction, so a crash can never
 * leave a stored mutation without its webhook messages, or messages for a mutation not stored.
 *
 * `ingest()` takes the rows of one call at once. `ingestStream()` takes rows as they are read
 * (a statement file of any size) into one transaction, hands the hooks the new rows in pieces of
 * bounded size while it goes, and commits or rolls back at the end, when the caller knows whether
 * the file passed its checks.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { StatementRow } from '../connectors/connector.js';
import type { Account } from '../store/accounts.js';
import type { Database, MutationRow } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { FingerprintSequence, fingerprintRows } from './fingerprint.js';

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

/** Options of {@link Ingestor.ingestStream}. */
export interface IngestStreamInput {
  accountId: number;
  /** The rows in source order, in pieces of any size (empty pieces are fine). */
  batches: AsyncIterable<readonly StatementRow[]>;
  /** `import`, usually. */
  source: string;
  /**
   * Called once, inside the transaction, after the last piece: commit what was stored, or roll
   * all of it back (hooks' writes included). Default: commit.
   */
  decide?: (outcome: IngestStreamOutcome) => 'commit' | 'rollback' | Promise<'commit' | 'rollback'>;
  /** Counts what would be new, then rolls back; hooks do not run (as with `ingest()`). */
  dryRun?: boolean;
  /** Most new rows handed to the hooks at once (the outbox sends one message per call). Default 500. */
  hookBatchRows?: number;
}

/** What {@link IngestStreamInput.decide} sees. */
export interface IngestStreamOutcome {
  account: Account;
  read: number;
  insertedCount: number;
  duplicates: number;
}

/** The outcome of {@link Ingestor.ingestStream}: counts only, since a file's rows are never held at once. */
export interface IngestStreamResult {
  read: number;
  /** Rows new to the account (stored when `committed`; would be stored, in a dry run). */
  insertedCount: number;
  duplicates: number;
  /** False after a dry run or a `rollback` decision. */
  committed: boolean;
}

/** Default of {@link IngestStreamInput.hookBatchRows}. */
export const HOOK_BATCH_ROWS = 500;

class DryRunRollback extends Error {
  constructor(readonly result: IngestResult) {
    super('dry run');
  }
}

class StreamRollback extends Error {
  constructor(readonly result: IngestStreamResult) {
    super('rolled back');
  }
}

/**
 * Follows which inserted row carries the account's current balance. An old file imported today
 * must not overwrite today's balance: only rows at least as new as everything stored before
 * carry it. Among rows sharing the newest timestamp the last in source order with a balance wins
 * (statements list a day's rows oldest first).
 */
class NewestBalance {
  #date = '';
  #balance: number | undefined;

  observe(inserted: readonly MutationRow[]): void {
    for (const m of inserted) {
      if (m.transaction_date > this.#date) {
        this.#date = m.transaction_date;
        this.#balance = m.balance !== 0 ? m.balance : undefined;
      } else if (m.transaction_date === this.#date && m.balance !== 0) this.#balance = m.balance;
    }
  }

  /** The balance to set, unless the rows are older than what was stored before (an old file). */
  current(previousNewest: string | undefined): number | undefined {
    if (this.#date === '' || (previousNewest !== undefined && this.#date < previousNewest)) return undefined;
    return this.#balance;
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

  /**
   * Adds a listener called after a commit that stored rows (the dispatcher's wake-up). After an
   * `ingestStream()` it is called once, with `inserted` empty and `read`/`duplicates` for the
   * whole stream (new rows: `read - duplicates`).
   */
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

  /**
   * Ingests a stream of rows in one transaction: each piece is fingerprinted (ordinals counted
   * across the whole stream, so the fingerprints equal those of one `ingest()` call with all the
   * rows), the new rows are stored and handed to the hooks in pieces of at most `hookBatchRows`
   * as they accumulate, and after the last piece `decide` commits or rolls everything back.
   * Memory stays bounded by the piece size, whatever the length of the stream. Commit listeners
   * are told once, after the commit, with `inserted` empty (the rows are not kept) and `read` and
   * `duplicates` for the whole stream.
   *
   * @example
   * const parse = parseStatement(createReadStream('mutasi.csv'));
   * const result = await ingestor.ingestStream({
   *   accountId,
   *   source: 'import',
   *   batches: (async function* () {
   *     for await (const batch of parse.batches()) yield batch.map((b) => b.row);
   *   })(),
   *   decide: () => (parse.summary().isComplete ? 'commit' : 'rollback'),
   * });
   */
  async ingestStream(input: IngestStreamInput): Promise<IngestStreamResult> {
    let result: IngestStreamResult;
    try {
      result = await this.store.transaction((trx) => this.#ingestStreamIn(trx, input));
    } catch (err) {
      if (err instanceof StreamRollback) return err.result;
      throw err;
    }
    if (result.insertedCount > 0) {
      const told: IngestResult = { read: result.read, inserted: [], duplicates: result.duplicates };
      for (const l of this.#afterCommit) l(told, input.accountId);
    }
    return result;
  }

  async #ingestStreamIn(trx: Kysely<Database>, input: IngestStreamInput): Promise<IngestStreamResult> {
    const account = await this.store.accounts.getById(input.accountId, trx);
    if (!account) throw new Error(`account ${input.accountId} does not exist`);
    const hookBatchRows = input.hookBatchRows ?? HOOK_BATCH_ROWS;
    if (!Number.isInteger(hookBatchRows) || hookBatchRows < 1)
      throw new RangeError(`hookBatchRows must be a positive integer, got ${hookBatchRows}`);
    const now = this.clock.now();
    const sequence = new FingerprintSequence(account.id);
    const previousNewest = await this.store.mutations.newestDate(trx, account.id);
    const newest = new NewestBalance();
    let read = 0;
    let insertedCount = 0;
    let forHooks: MutationRow[] = [];
    for await (const rows of input.batches) {
      if (rows.length === 0) continue;
      read += rows.length;
      const candidates = rows.map((r) => ({
        id: randomUUID(),
        account_id: account.id,
        fingerprint: sequence.next(r),
        transaction_date: r.transactionDate,
        description: r.description,
        type: r.type,
        amount: r.amount,
        balance: r.balance ?? 0,
        category_id: null,
        bank_reference: r.bankReference ?? null,
        source: input.source,
        created_at: now,
      }));
      const inserted = await this.store.mutations.insertNew(trx, candidates);
      insertedCount += inserted.length;
      if (input.dryRun || inserted.length === 0) continue;
      newest.observe(inserted);
      forHooks = forHooks.length === 0 ? inserted : forHooks.concat(inserted);
      while (forHooks.length >= hookBatchRows) {
        await this.#runHooks(trx, account, forHooks.slice(0, hookBatchRows), input.source);
        forHooks = forHooks.slice(hookBatchRows);
      }
    }
    const counts = { read, insertedCount, duplicates: read - insertedCount };
    const decision = input.dryRun
      ? 'rollback'
      : input.decide
        ? await input.decide({ account, ...counts })
        : 'commit';
    if (decision === 'rollback') throw new StreamRollback({ ...counts, committed: false });
    if (forHooks.length > 0) await this.#runHooks(trx, account, forHooks, input.source);
    const balance = newest.current(previousNewest);
    if (balance !== undefined) await this.store.accounts.setBalance(trx, account.id, balance);
    return { ...counts, committed: true };
  }

  async #runHooks(trx: Kysely<Database>, account: Account, mutations: MutationRow[], source: string) {
    const batch: IngestBatch = { trx, account, mutations, source };
    for (const hook of this.#hooks) await hook(batch);
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
    const newest = new NewestBalance();
    newest.observe(inserted);
    const balance = newest.current(previousNewest);
    if (balance !== undefined) await this.store.accounts.setBalance(trx, account.id, balance);
  }
}

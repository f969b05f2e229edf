/**
 * @module matching/sql/sql-payment-store
 * {@link PaymentStore} on SQLite or PostgreSQL through the {@link SqlExecutor} seam. Every race is
 * settled by the database: a reservation is one `INSERT ... ON CONFLICT DO NOTHING` against a
 * partial unique index, a payment one transaction whose first insert is arbitrated by unique
 * indexes, so concurrent callers and separate processes on one database agree on one winner.
 */
import type { OrderStatus, ReviewReason, UnmatchedReason } from '../decide.js';
import type {
  CallbackState,
  MarkPaidResult,
  NearTotalQuery,
  NewPaymentOrder,
  OutcomeFilter,
  OutcomeRecord,
  PaymentOrder,
  PaymentStore,
  RecordedOutcome,
  StoredOutcome,
} from '../payment-store.js';
import { normalizeReference } from '../references.js';
import type { SqlExecutor, SqlQueryable } from './sql-executor.js';
import {
  type PaymentSchemaOptions,
  type PaymentTableNames,
  paymentSchemaStatements,
  paymentTableNames,
} from './sql-schema.js';

/** Options of {@link SqlPaymentStore}. */
export interface SqlPaymentStoreOptions extends PaymentSchemaOptions {
  /** The connection; see {@link betterSqlite3Executor} and {@link pgPoolExecutor}. */
  readonly executor: SqlExecutor;
}

interface OrderRow {
  id: string;
  account_id: string;
  amount: number | string;
  unique_code: number | string;
  total: number | string;
  reference: string | null;
  status: OrderStatus;
  valid_from_ms: number | string;
  expires_at_ms: number | string | null;
  paid_mutation_id: string | null;
  paid_at_ms: number | string | null;
}

interface OutcomeRow {
  account_id: string;
  mutation_id: string;
  outcome: RecordedOutcome;
  reason: string | null;
  order_ids: string;
  amount: number | string;
  description: string;
  transaction_date: string;
  recorded_at_ms: number | string;
  callback_state: CallbackState;
}

const ORDER_COLUMNS =
  'id, account_id, amount, unique_code, total, reference, status, valid_from_ms, expires_at_ms, paid_mutation_id, paid_at_ms';
const OUTCOME_COLUMNS =
  'account_id, mutation_id, outcome, reason, order_ids, amount, description, transaction_date, recorded_at_ms, callback_state';

// node-postgres returns BIGINT as a string (it may exceed 2^53); ours are safe integers.
function num(value: number | string): number {
  return typeof value === 'number' ? value : Number(value);
}

function toOrder(row: OrderRow): PaymentOrder {
  return {
    id: row.id,
    accountId: row.account_id,
    amount: num(row.amount),
    uniqueCode: num(row.unique_code),
    total: num(row.total),
    reference: row.reference,
    status: row.status,
    validFrom: new Date(num(row.valid_from_ms)),
    expiresAt: row.expires_at_ms === null ? null : new Date(num(row.expires_at_ms)),
    paidMutationId: row.paid_mutation_id,
    paidAt: row.paid_at_ms === null ? null : new Date(num(row.paid_at_ms)),
  };
}

function toOutcome(row: OutcomeRow): StoredOutcome {
  return {
    accountId: row.account_id,
    mutationId: row.mutation_id,
    outcome: row.outcome,
    reason: row.reason as ReviewReason | UnmatchedReason | null,
    orderIds: JSON.parse(row.order_ids) as string[],
    amount: num(row.amount),
    description: row.description,
    transactionDate: row.transaction_date,
    recordedAt: new Date(num(row.recorded_at_ms)),
    callbackState: row.callback_state,
  };
}

// Thrown inside a transaction to roll it back when the order was no longer open.
class OrderNotOpen extends Error {}

/**
 * {@link PaymentStore} on SQL. Call {@link SqlPaymentStore.createSchema} once (or run
 * {@link paymentSchemaStatements} from your migrations) before use.
 *
 * @example
 * import Database from 'better-sqlite3';
 * const db = new Database('shop.db');
 * db.pragma('journal_mode = WAL');
 * const store = new SqlPaymentStore({ executor: betterSqlite3Executor(db) });
 * await store.createSchema();
 */
export class SqlPaymentStore implements PaymentStore {
  readonly #db: SqlExecutor;
  readonly #tables: PaymentTableNames;
  readonly #schemaOptions: PaymentSchemaOptions;
  readonly #sqlCache = new Map<string, string>();

  constructor(options: SqlPaymentStoreOptions) {
    this.#db = options.executor;
    this.#schemaOptions = { tablePrefix: options.tablePrefix };
    this.#tables = paymentTableNames(this.#schemaOptions);
  }

  /** Creates the tables and indexes if missing. Not safe to run from two processes at once on PostgreSQL. */
  async createSchema(): Promise<void> {
    for (const sql of paymentSchemaStatements(this.#schemaOptions)) await this.#db.query(sql, []);
  }

  async reserveTotal(order: NewPaymentOrder): Promise<PaymentOrder | undefined> {
    const rows = await this.#run<OrderRow>(
      this.#db,
      `INSERT INTO ${this.#tables.orders}
         (id, account_id, amount, unique_code, total, reference, reference_key, status, valid_from_ms, expires_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)
       ON CONFLICT (account_id, total) WHERE status = 'open' DO NOTHING
       RETURNING ${ORDER_COLUMNS}`,
      [
        order.id,
        order.accountId,
        order.amount,
        order.uniqueCode,
        order.total,
        order.reference,
        order.reference === null ? null : normalizeReference(order.reference),
        order.validFrom.getTime(),
        order.expiresAt === null ? null : order.expiresAt.getTime(),
      ],
    );
    const [row] = rows;
    return row ? toOrder(row) : undefined;
  }

  async listOpenTotals(accountId: string, minTotal: number, maxTotal: number): Promise<number[]> {
    const rows = await this.#run<{ total: number | string }>(
      this.#db,
      `SELECT total FROM ${this.#tables.orders}
       WHERE account_id = ? AND status = 'open' AND total BETWEEN ? AND ? ORDER BY total`,
      [accountId, minTotal, maxTotal],
    );
    return rows.map((r) => num(r.total));
  }

  async findOpenOrderByTotal(accountId: string, total: number): Promise<PaymentOrder | undefined> {
    const [row] = await this.#run<OrderRow>(
      this.#db,
      `SELECT ${ORDER_COLUMNS} FROM ${this.#tables.orders} WHERE account_id = ? AND status = 'open' AND total = ?`,
      [accountId, total],
    );
    return row ? toOrder(row) : undefined;
  }

  async findOpenOrdersNear(accountId: string, query: NearTotalQuery): Promise<PaymentOrder[]> {
    const rows = await this.#run<OrderRow>(
      this.#db,
      `SELECT ${ORDER_COLUMNS} FROM ${this.#tables.orders}
       WHERE account_id = ? AND status = 'open' AND total BETWEEN ? AND ?
       ORDER BY ABS(total - ?), total LIMIT ?`,
      [accountId, query.minTotal, query.maxTotal, query.around, Math.max(0, query.limit)],
    );
    return rows.map(toOrder);
  }

  async findOrdersByReference(accountId: string, referenceKeys: readonly string[]): Promise<PaymentOrder[]> {
    if (referenceKeys.length === 0) return [];
    const rows = await this.#run<OrderRow>(
      this.#db,
      `SELECT ${ORDER_COLUMNS} FROM ${this.#tables.orders}
       WHERE account_id = ? AND reference_key IN (${referenceKeys.map(() => '?').join(', ')})`,
      [accountId, ...referenceKeys],
    );
    return rows.map(toOrder);
  }

  async getOrder(orderId: string): Promise<PaymentOrder | undefined> {
    const [row] = await this.#run<OrderRow>(
      this.#db,
      `SELECT ${ORDER_COLUMNS} FROM ${this.#tables.orders} WHERE id = ?`,
      [orderId],
    );
    return row ? toOrder(row) : undefined;
  }

  async markPaid(record: OutcomeRecord): Promise<MarkPaidResult> {
    const [orderId] = record.orderIds;
    if (orderId === undefined || record.orderIds.length !== 1 || !record.outcome.startsWith('paid')) {
      throw new TypeError('markPaid needs a paid or paid_late outcome naming exactly one order');
    }
    try {
      return await this.#db.transaction(async (tx): Promise<MarkPaidResult> => {
        // The outcome row goes first: its primary key (one outcome per mutation) and the unique
        // paid_order_id index (one payment per order) pick the winner; losers insert nothing. The
        // UPDATE below then only fails if the order was closed between the two statements.
        const claimed = await this.#insertOutcome(tx, record, orderId);
        if (!claimed) {
          const existing = await this.#getOutcome(tx, record.accountId, record.mutationId);
          return { won: false, reason: existing ? 'mutation_recorded' : 'order_not_open' };
        }
        const [row] = await this.#run<OrderRow>(
          tx,
          `UPDATE ${this.#tables.orders} SET status = 'paid', paid_mutation_id = ?, paid_at_ms = ?
           WHERE id = ? AND account_id = ? AND status = 'open'
           RETURNING ${ORDER_COLUMNS}`,
          [record.mutationId, record.recordedAt.getTime(), orderId, record.accountId],
        );
        if (!row) throw new OrderNotOpen();
        return { won: true, order: toOrder(row) };
      });
    } catch (error) {
      if (error instanceof OrderNotOpen) return { won: false, reason: 'order_not_open' };
      throw error;
    }
  }

  async recordOutcome(record: OutcomeRecord): Promise<boolean> {
    if (record.outcome !== 'review' && record.outcome !== 'unmatched') {
      throw new TypeError('recordOutcome records review and unmatched outcomes; use markPaid to pay');
    }
    return this.#insertOutcome(this.#db, record, null);
  }

  async getOutcome(accountId: string, mutationId: string): Promise<StoredOutcome | undefined> {
    return this.#getOutcome(this.#db, accountId, mutationId);
  }

  async updateCallbackState(
    accountId: string,
    mutationId: string,
    from: CallbackState,
    to: CallbackState,
  ): Promise<boolean> {
    const rows = await this.#run(
      this.#db,
      `UPDATE ${this.#tables.outcomes} SET callback_state = ?
       WHERE account_id = ? AND mutation_id = ? AND callback_state = ? RETURNING mutation_id`,
      [to, accountId, mutationId, from],
    );
    return rows.length > 0;
  }

  async cancelOrder(orderId: string): Promise<boolean> {
    const rows = await this.#run(
      this.#db,
      `UPDATE ${this.#tables.orders} SET status = 'cancelled' WHERE id = ? AND status = 'open' RETURNING id`,
      [orderId],
    );
    return rows.length > 0;
  }

  async expireOrders(accountId: string, expiredBefore: Date): Promise<number> {
    const rows = await this.#run(
      this.#db,
      `UPDATE ${this.#tables.orders} SET status = 'expired'
       WHERE account_id = ? AND status = 'open' AND expires_at_ms IS NOT NULL AND expires_at_ms < ?
       RETURNING id`,
      [accountId, expiredBefore.getTime()],
    );
    return rows.length;
  }

  async listOutcomes(filter: OutcomeFilter = {}): Promise<StoredOutcome[]> {
    const conditions: [string, unknown][] = [];
    if (filter.accountId !== undefined) conditions.push(['account_id = ?', filter.accountId]);
    if (filter.outcome !== undefined) conditions.push(['outcome = ?', filter.outcome]);
    if (filter.callbackState !== undefined) conditions.push(['callback_state = ?', filter.callbackState]);
    const where = conditions.map(([sql]) => sql);
    const params = [...conditions.map(([, value]) => value), Math.max(0, filter.limit ?? 100)];
    const rows = await this.#run<OutcomeRow>(
      this.#db,
      `SELECT ${OUTCOME_COLUMNS} FROM ${this.#tables.outcomes}
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY recorded_at_ms DESC, mutation_id DESC LIMIT ?`,
      params,
    );
    return rows.map(toOutcome);
  }

  /**
   * Inserts an outcome row unless the mutation already has one, or (for a payment) the order is
   * paid by another mutation or no longer open. No conflict target: any unique index means "not us".
   */
  async #insertOutcome(
    db: SqlQueryable,
    record: OutcomeRecord,
    paidOrderId: string | null,
  ): Promise<boolean> {
    const values = [
      record.accountId,
      record.mutationId,
      record.outcome,
      record.reason,
      JSON.stringify(record.orderIds),
      record.amount,
      record.description,
      record.transactionDate,
      record.recordedAt.getTime(),
      paidOrderId,
    ];
    // PostgreSQL cannot infer parameter types in a SELECT list, hence the casts (no-ops on SQLite).
    const select = `SELECT ?, ?, ?, ?, ?, CAST(? AS BIGINT), ?, ?, CAST(? AS BIGINT), 'pending', ?`;
    const rows =
      paidOrderId === null
        ? await this.#run(
            db,
            `INSERT INTO ${this.#tables.outcomes} (${OUTCOME_COLUMNS}, paid_order_id) ${select} WHERE 1 = 1
             ON CONFLICT DO NOTHING RETURNING mutation_id`,
            values,
          )
        : await this.#run(
            db,
            `INSERT INTO ${this.#tables.outcomes} (${OUTCOME_COLUMNS}, paid_order_id) ${select}
             WHERE EXISTS (SELECT 1 FROM ${this.#tables.orders} WHERE id = ? AND account_id = ? AND status = 'open')
             ON CONFLICT DO NOTHING RETURNING mutation_id`,
            [...values, paidOrderId, record.accountId],
          );
    return rows.length > 0;
  }

  async #getOutcome(
    db: SqlQueryable,
    accountId: string,
    mutationId: string,
  ): Promise<StoredOutcome | undefined> {
    const [row] = await this.#run<OutcomeRow>(
      db,
      `SELECT ${OUTCOME_COLUMNS} FROM ${this.#tables.outcomes} WHERE account_id = ? AND mutation_id = ?`,
      [accountId, mutationId],
    );
    return row ? toOutcome(row) : undefined;
  }

  /** Runs SQL written with `?` placeholders, rewritten once per statement text for PostgreSQL. */
  #run<R = Record<string, unknown>>(db: SqlQueryable, sql: string, params: readonly unknown[]): Promise<R[]> {
    let text = this.#sqlCache.get(sql);
    if (text === undefined) {
      let n = 0;
      text = this.#db.dialect === 'postgres' ? sql.replace(/\?/g, () => `$${++n}`) : sql;
      this.#sqlCache.set(sql, text);
    }
    return db.query<R>(text, params);
  }
}

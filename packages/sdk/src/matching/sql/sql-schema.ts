/**
 * @module matching/sql/sql-schema
 * The tables and indexes of {@link SqlPaymentStore}. The same DDL runs on SQLite (3.35+, for
 * `RETURNING`) and PostgreSQL (9.5+); the guarantees live in its unique indexes, not in code.
 */

/** Options naming the store's tables. */
export interface PaymentSchemaOptions {
  /**
   * Prefix of every table and index name (default `mutasibank_`): `mutasibank_orders`,
   * `mutasibank_mutation_outcomes`. Letters, digits and `_` only; to use a PostgreSQL schema, set
   * the connection's `search_path`.
   */
  readonly tablePrefix?: string;
}

/** The table names a prefix gives. */
export interface PaymentTableNames {
  readonly orders: string;
  readonly outcomes: string;
  readonly prefix: string;
}

/** Default table prefix. */
export const DEFAULT_TABLE_PREFIX = 'mutasibank_';

/** Resolves and checks the table names (the prefix is spliced into SQL, so it is validated). */
export function paymentTableNames(options: PaymentSchemaOptions = {}): PaymentTableNames {
  const prefix = options.tablePrefix ?? DEFAULT_TABLE_PREFIX;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$|^$/.test(prefix)) {
    throw new TypeError(
      `tablePrefix must be letters, digits and _ (starting with a letter or _), got "${prefix}"`,
    );
  }
  return { orders: `${prefix}orders`, outcomes: `${prefix}mutation_outcomes`, prefix };
}

/**
 * The DDL statements, in order, idempotent (`IF NOT EXISTS`). Run them once from your migrations,
 * or call `SqlPaymentStore.createSchema()`. What each constraint guarantees:
 * - `orders_open_total`: totals are unique among an account's open orders (the allocator's
 *   `INSERT ... ON CONFLICT DO NOTHING` relies on it, so two allocations never share a total);
 * - `orders_paid_mutation` and the outcomes primary key: a mutation pays at most one order and has
 *   one outcome;
 * - `outcomes_paid_order`: an order is paid by at most one mutation;
 * - the `CHECK`s: a paid order always names its mutation, a paid outcome always names its order.
 *
 * Money and times are `BIGINT` (integer rupiah, Unix milliseconds); `order_ids` is a JSON array.
 *
 * @example
 * for (const sql of paymentSchemaStatements()) db.exec(sql);
 */
export function paymentSchemaStatements(options: PaymentSchemaOptions = {}): string[] {
  const { orders, outcomes, prefix } = paymentTableNames(options);
  return [
    `CREATE TABLE IF NOT EXISTS ${orders} (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  amount BIGINT NOT NULL CHECK (amount > 0),
  unique_code INTEGER NOT NULL,
  total BIGINT NOT NULL CHECK (total > 0),
  reference TEXT,
  reference_key TEXT,
  status TEXT NOT NULL CHECK (status IN ('open', 'paid', 'cancelled', 'expired')),
  valid_from_ms BIGINT NOT NULL,
  expires_at_ms BIGINT,
  paid_mutation_id TEXT,
  paid_at_ms BIGINT,
  CHECK ((status = 'paid') = (paid_mutation_id IS NOT NULL))
)`,
    `CREATE UNIQUE INDEX IF NOT EXISTS ${prefix}orders_open_total ON ${orders} (account_id, total) WHERE status = 'open'`,
    `CREATE UNIQUE INDEX IF NOT EXISTS ${prefix}orders_paid_mutation ON ${orders} (account_id, paid_mutation_id) WHERE paid_mutation_id IS NOT NULL`,
    `CREATE INDEX IF NOT EXISTS ${prefix}orders_reference ON ${orders} (account_id, reference_key) WHERE reference_key IS NOT NULL`,
    `CREATE INDEX IF NOT EXISTS ${prefix}orders_open_expiry ON ${orders} (account_id, expires_at_ms) WHERE status = 'open'`,
    `CREATE TABLE IF NOT EXISTS ${outcomes} (
  account_id TEXT NOT NULL,
  mutation_id TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('paid', 'paid_late', 'review', 'unmatched')),
  reason TEXT,
  order_ids TEXT NOT NULL,
  paid_order_id TEXT REFERENCES ${orders} (id),
  amount BIGINT NOT NULL,
  description TEXT NOT NULL,
  transaction_date TEXT NOT NULL,
  recorded_at_ms BIGINT NOT NULL,
  callback_state TEXT NOT NULL CHECK (callback_state IN ('pending', 'done', 'failed')),
  PRIMARY KEY (account_id, mutation_id),
  CHECK ((outcome IN ('paid', 'paid_late')) = (paid_order_id IS NOT NULL))
)`,
    `CREATE UNIQUE INDEX IF NOT EXISTS ${prefix}outcomes_paid_order ON ${outcomes} (paid_order_id) WHERE paid_order_id IS NOT NULL`,
    `CREATE INDEX IF NOT EXISTS ${prefix}outcomes_listing ON ${outcomes} (recorded_at_ms)`,
  ];
}

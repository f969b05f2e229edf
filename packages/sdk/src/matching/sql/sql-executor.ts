/**
 * @module matching/sql/sql-executor
 * The minimal query seam {@link SqlPaymentStore} is written against, so the SDK never imports a
 * database driver. Two adapters come with it: {@link betterSqlite3Executor} and
 * {@link pgPoolExecutor}; any other SQLite or PostgreSQL driver fits by implementing three members.
 */

/** Placeholder style and the few SQL differences: `?` for SQLite, `$1` for PostgreSQL. */
export type SqlDialect = 'sqlite' | 'postgres';

/** Runs one statement with positional parameters and returns its rows (empty for no rows). */
export interface SqlQueryable {
  /**
   * Runs `sql` (placeholders in the executor's dialect) with `params` and resolves to the rows,
   * including rows of `INSERT/UPDATE ... RETURNING`. Values are numbers, strings or `null`.
   */
  query<R = Record<string, unknown>>(sql: string, params: readonly unknown[]): Promise<R[]>;
}

/**
 * A connection or pool the store can use: queries, plus a transaction hook. Inside `fn`, run
 * statements on its `tx` argument: the executor itself may wait for the transaction to end.
 *
 * `transaction` must run `fn` on one connection inside `BEGIN ... COMMIT` (rolled back if `fn`
 * throws), and no statement of anyone else may run inside it. With a pool that means a dedicated
 * client; with a single synchronous connection (better-sqlite3) it means queueing every other
 * query until the transaction ends, which {@link betterSqlite3Executor} does.
 */
export interface SqlExecutor extends SqlQueryable {
  readonly dialect: SqlDialect;
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
}

/**
 * @module matching/sql/better-sqlite3-executor
 * {@link SqlExecutor} over a better-sqlite3 database, typed structurally (the SDK does not depend
 * on better-sqlite3). better-sqlite3 is synchronous and has one connection, so a transaction that
 * awaits between statements would let any other promise chain's statement run inside it; this
 * adapter queues every statement behind an open transaction to prevent that.
 */
import type { SqlExecutor, SqlQueryable } from './sql-executor.js';

/** The part of a better-sqlite3 `Statement` the adapter uses. */
export interface BetterSqlite3StatementLike {
  /** True when the statement returns rows (SELECT, or a write with RETURNING). */
  readonly reader: boolean;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): unknown;
}

/** The part of a better-sqlite3 `Database` the adapter uses. */
export interface BetterSqlite3DatabaseLike {
  prepare(sql: string): BetterSqlite3StatementLike;
  readonly inTransaction: boolean;
}

/**
 * Wraps a better-sqlite3 database. Give the store its own `Database` object (other code running
 * statements on the same object bypasses the queue), turn on WAL, and keep better-sqlite3's
 * default 5 s busy timeout (or set one) when several processes share the file: transactions start
 * with `BEGIN IMMEDIATE`, so they wait for the write lock instead of failing half way.
 *
 * @example
 * import Database from 'better-sqlite3';
 * const db = new Database('payments.db');
 * db.pragma('journal_mode = WAL');
 * const store = new SqlPaymentStore({ executor: betterSqlite3Executor(db) });
 */
export function betterSqlite3Executor(db: BetterSqlite3DatabaseLike): SqlExecutor {
  // The store issues a small fixed set of statement texts, so an unbounded cache stays small.
  const statements = new Map<string, BetterSqlite3StatementLike>();
  const waiters: (() => void)[] = [];
  let isLocked = false;

  const execute = <R>(sql: string, params: readonly unknown[]): R[] => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    const values = params.map((v) => (v === undefined ? null : typeof v === 'boolean' ? Number(v) : v));
    if (statement.reader) return statement.all(...values) as R[];
    statement.run(...values);
    return [];
  };
  const acquire = (): Promise<void> => {
    if (!isLocked) {
      isLocked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiters.push(resolve));
  };
  // Hands the lock straight to the next waiter, so nothing can slip in between.
  const release = (): void => {
    const next = waiters.shift();
    if (next) next();
    else isLocked = false;
  };
  const inside: SqlQueryable = {
    query: async <R>(sql: string, params: readonly unknown[]) => execute<R>(sql, params),
  };

  return {
    dialect: 'sqlite',
    async query<R>(sql: string, params: readonly unknown[]): Promise<R[]> {
      if (!isLocked) return execute<R>(sql, params);
      await acquire();
      try {
        return execute<R>(sql, params);
      } finally {
        release();
      }
    },
    async transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
      await acquire();
      try {
        execute('BEGIN IMMEDIATE', []);
        try {
          const result = await fn(inside);
          execute('COMMIT', []);
          return result;
        } catch (error) {
          if (db.inTransaction) execute('ROLLBACK', []);
          throw error;
        }
      } finally {
        release();
      }
    },
  };
}

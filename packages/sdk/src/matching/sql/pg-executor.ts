/**
 * @module matching/sql/pg-executor
 * {@link SqlExecutor} over a node-postgres `Pool`, typed structurally (the SDK does not depend on
 * pg). Queries go to the pool; a transaction checks out one client for its whole duration.
 */
import type { SqlExecutor, SqlQueryable } from './sql-executor.js';

/** The part of a pg `Pool` or `Client` that runs a query. */
export interface PgQueryableLike {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** The part of a pg `PoolClient` the adapter uses. */
export interface PgPoolClientLike extends PgQueryableLike {
  /** Returns the client to the pool; a truthy argument destroys it instead. */
  release(destroy?: Error | boolean): void;
}

/** The part of a pg `Pool` the adapter uses. */
export interface PgPoolLike extends PgQueryableLike {
  connect(): Promise<PgPoolClientLike>;
}

function queryable(db: PgQueryableLike): SqlQueryable {
  return {
    async query<R>(sql: string, params: readonly unknown[]): Promise<R[]> {
      const result = await db.query(sql, [...params]);
      return result.rows as R[];
    },
  };
}

/**
 * Wraps a pg `Pool`. Transactions run at the default READ COMMITTED level: the store's races are
 * settled by unique indexes, which hold at any isolation level.
 *
 * @example
 * import pg from 'pg';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const store = new SqlPaymentStore({ executor: pgPoolExecutor(pool) });
 */
export function pgPoolExecutor(pool: PgPoolLike): SqlExecutor {
  const direct = queryable(pool);
  return {
    dialect: 'postgres',
    query: direct.query,
    async transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        try {
          const result = await fn(queryable(client));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          try {
            await client.query('ROLLBACK');
          } catch (rollbackError) {
            // A client that cannot roll back is in an unknown state: destroy it, not reuse it.
            broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
          }
          throw error;
        }
      } finally {
        client.release(broken);
      }
    },
  };
}

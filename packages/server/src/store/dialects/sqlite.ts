/**
 * @module store/dialects/sqlite
 * The embedded dialect: one better-sqlite3 file, WAL mode, a busy timeout, foreign keys on, and
 * write transactions that start with `begin immediate` so that several server processes on one
 * file queue for the write lock instead of failing with SQLITE_BUSY on a lock upgrade.
 */
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  SqliteAdapter,
  type SqliteDatabase,
  SqliteDialect,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type SqliteStatement,
} from 'kysely';
import type { Database } from '../schema.js';
import type { StoreDatabase } from './dialect.js';

/** Options for {@link openSqlite}. */
export interface SqliteOptions {
  /** File path, or `:memory:` for a private in-memory database (tests). */
  filename: string;
  /** Milliseconds a writer waits for another process's lock before giving up. Default 5000. */
  busyTimeoutMs?: number;
}

class ImmediateSqliteDriver extends SqliteDriver {
  // Deferred transactions that read before they write can deadlock across processes: both hold a
  // read lock and neither can upgrade, and SQLite answers SQLITE_BUSY at once, ignoring the busy
  // timeout. Taking the write lock up front makes the second process wait its turn instead.
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase;
  constructor(database: SqliteDatabase) {
    super({ database });
    this.#database = database;
  }
  override createDriver() {
    return new ImmediateSqliteDriver({ database: this.#database });
  }
  override createAdapter() {
    return new SqliteAdapter();
  }
  override createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  override createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db);
  }
}

/** Kysely prepares every query anew; caching statements by SQL text removes most of that cost. */
function withStatementCache(raw: BetterSqlite3.Database, max = 500): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => raw.close(),
    prepare(sql: string): SqliteStatement {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
        cache.set(sql, stmt);
        return stmt;
      }
      stmt = raw.prepare(sql) as unknown as SqliteStatement;
      cache.set(sql, stmt);
      if (cache.size > max) cache.delete(cache.keys().next().value as string);
      return stmt;
    },
  };
}

/** Opens (creating if needed) a SQLite database file. */
export function openSqlite(options: SqliteOptions): StoreDatabase {
  const raw = new BetterSqlite3(options.filename);
  raw.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  if (options.filename !== ':memory:') raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(withStatementCache(raw)) });
  return {
    db,
    dialect: 'sqlite',
    supportsSkipLocked: false,
    async ping() {
      raw.prepare('select 1').get();
    },
    async close() {
      await db.destroy();
    },
  };
}

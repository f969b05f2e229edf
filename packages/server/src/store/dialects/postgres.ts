/**
 * @module store/dialects/postgres
 * The dialect for more than one machine: a `pg` pool. int8 values (epoch milliseconds, money)
 * come back as JavaScript numbers, which is exact for every value the server stores (below
 * 2^53). Claims use `for update skip locked`, so several nodes share one database.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../schema.js';
import type { StoreDatabase } from './dialect.js';

/** Options for {@link openPostgres}. */
export interface PostgresOptions {
  /** `postgres://user@host:port/db` */
  connectionString: string;
  /** Schema to use (created if missing); default `public`. Tests use one schema each. */
  schema?: string;
  /** Pool size. Default 10. */
  max?: number;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** Opens a PostgreSQL pool (creating the schema if needed). */
export async function openPostgres(options: PostgresOptions): Promise<StoreDatabase> {
  const schema = options.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(`invalid schema name ${JSON.stringify(schema)}`);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    // Every connection of the pool starts in the schema; no per-query prefixing.
    options: `-c search_path=${schema}`,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8_OID || oid === NUMERIC_OID
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  try {
    await pool.query(`create schema if not exists ${schema}`);
  } catch (err) {
    await pool.end();
    throw err;
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    supportsSkipLocked: true,
    schema,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}

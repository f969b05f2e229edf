/**
 * @module store/dialects/dialect
 * What differs between the databases the server runs on. Everything else (every query, every
 * repository) is written once against Kysely; a dialect only opens connections and answers these
 * capability questions, the way Kysely's own adapters do.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Names of the supported dialects. */
export type DialectName = 'sqlite' | 'postgres';

/** An open database: the typed Kysely instance plus what its dialect can do. */
export interface StoreDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /**
   * Whether `select ... for update skip locked` exists. SQLite has one writer at a time and
   * `begin immediate` instead, so claiming work there needs no row locks.
   */
  readonly supportsSkipLocked: boolean;
  /** The schema the tables live in (PostgreSQL); the migrator keeps its own tables there too. */
  readonly schema?: string;
  /** Cheap liveness probe for `/readyz`. */
  ping(): Promise<void>;
  /** Closes every connection. */
  close(): Promise<void>;
}

/**
 * @module test/matching/pg-pool
 * node-postgres' `Pool` for the tests. The root vitest config passes `--conditions import` to its
 * workers, so inside pg's CommonJS code `require('pg-pool')` resolves to pg-pool's ESM wrapper (a
 * module namespace, not a class) and `import pg from 'pg'` throws "Class extends value [object
 * Module] is not a constructor". Until that config stops listing `import`, build the Pool the way
 * pg's index does (pg-pool bound to pg's Client), loading pg-pool's CommonJS file by path. Outside
 * vitest (the docs, the bench) a plain `import pg from 'pg'` is all it takes.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type pg from 'pg';

type PoolConstructor = new (config?: pg.PoolConfig) => pg.Pool;

let poolClass: PoolConstructor | undefined;

function loadPool(): PoolConstructor {
  // Not `try { await import('pg') }`: the failed import also surfaces as an unhandled rejection.
  const require = createRequire(import.meta.url);
  const Client = require('pg/lib/client.js') as unknown;
  const pgDir = dirname(require.resolve('pg/package.json'));
  const BasePool = require(join(pgDir, '..', 'pg-pool', 'index.js')) as new (
    config: pg.PoolConfig | undefined,
    client: unknown,
  ) => pg.Pool;
  return class BoundPool extends BasePool {
    constructor(config?: pg.PoolConfig) {
      super(config, Client);
    }
  };
}

/** A new pg Pool. */
export async function createPgPool(config: pg.PoolConfig): Promise<pg.Pool> {
  poolClass ??= loadPool();
  return new poolClass(config);
}

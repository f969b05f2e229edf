import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  betterSqlite3Executor,
  paymentSchemaStatements,
  paymentTableNames,
  pgPoolExecutor,
  type SqlExecutor,
  SqlPaymentStore,
} from 'mutasibank';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describePaymentStoreContract, newOrder, paid } from './payment-store.contract.js';
import { createPgPool } from './pg-pool.js';
import { BACKENDS, PG_URL } from './stores.js';

for (const backend of BACKENDS) {
  describe.skipIf(backend.isSkipped)(`PaymentStore contract: ${backend.label}`, () => {
    describePaymentStoreContract(backend.make);
  });
}

/** The invariants must hold even for writes that bypass the store: they live in the schema. */
function describeSchemaConstraints(
  open: () => Promise<{ db: SqlExecutor; close: () => Promise<void> }>,
): void {
  let db: SqlExecutor;
  let close: () => Promise<void>;
  const sql = (text: string): string => {
    let n = 0;
    return db.dialect === 'postgres' ? text.replace(/\?/g, () => `$${++n}`) : text;
  };
  beforeAll(async () => {
    ({ db, close } = await open());
    const store = new SqlPaymentStore({ executor: db, tablePrefix: 'c_' });
    await store.createSchema();
    await store.createSchema(); // idempotent
    await store.reserveTotal(newOrder({ id: 'a', total: 100001 }));
    await store.reserveTotal(newOrder({ id: 'b', total: 100002 }));
    await store.markPaid(paid('m1', 'a'));
  });
  afterAll(async () => close());

  const insertOrder = (id: string, total: number, status = 'open', mutation: string | null = null) =>
    db.query(
      sql(`INSERT INTO c_orders (id, account_id, amount, unique_code, total, status, valid_from_ms, paid_mutation_id)
           VALUES (?, '1', 100000, 1, ?, ?, 0, ?)`),
      [id, total, status, mutation],
    );
  const insertPaidOutcome = (mutation: string, order: string) =>
    db.query(
      sql(`INSERT INTO c_mutation_outcomes (account_id, mutation_id, outcome, order_ids, paid_order_id, amount,
             description, transaction_date, recorded_at_ms, callback_state)
           VALUES ('1', ?, 'paid', '[]', ?, 1, '', '', 0, 'done')`),
      [mutation, order],
    );

  it('refuses a second open order with the same account and total', async () => {
    await expect(insertOrder('x1', 100002)).rejects.toThrow();
    await expect(insertOrder('x2', 100002, 'cancelled')).resolves.toBeDefined();
  });
  it('refuses a second payment of one order, and one mutation paying two orders', async () => {
    await expect(insertPaidOutcome('m9', 'a')).rejects.toThrow();
    await expect(insertOrder('x3', 100003, 'paid', 'm1')).rejects.toThrow();
  });
  it('refuses a paid order without its mutation, and a paid outcome without its order', async () => {
    await expect(insertOrder('x4', 100004, 'paid', null)).rejects.toThrow();
    await expect(insertOrder('x5', 100005, 'open', 'm7')).rejects.toThrow();
    await expect(
      db.query(
        sql(`INSERT INTO c_mutation_outcomes (account_id, mutation_id, outcome, order_ids, amount, description,
               transaction_date, recorded_at_ms, callback_state) VALUES ('1', 'm8', 'paid', '[]', 1, '', '', 0, 'done')`),
        [],
      ),
    ).rejects.toThrow();
  });
}

describe('SQL schema constraints: sqlite', () => {
  describeSchemaConstraints(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-schema-'));
    const handle = new Database(join(dir, 'c.db'));
    return {
      db: betterSqlite3Executor(handle),
      close: async () => {
        handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});

describe.skipIf(!PG_URL)('SQL schema constraints: postgres (set PG_URL to run)', () => {
  describeSchemaConstraints(async () => {
    const schema = `mb_schema_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
    const pool = await createPgPool({ connectionString: PG_URL, options: `-c search_path=${schema}` });
    await pool.query(`CREATE SCHEMA ${schema}`);
    return {
      db: pgPoolExecutor(pool),
      close: async () => {
        await pool.query(`DROP SCHEMA ${schema} CASCADE`);
        await pool.end();
      },
    };
  });
});

describe('paymentSchemaStatements', () => {
  it('names tables by prefix and refuses prefixes that are not plain identifiers', () => {
    expect(paymentTableNames()).toEqual({
      orders: 'mutasibank_orders',
      outcomes: 'mutasibank_mutation_outcomes',
      prefix: 'mutasibank_',
    });
    expect(paymentSchemaStatements({ tablePrefix: 'shop_' })[0]).toContain(
      'CREATE TABLE IF NOT EXISTS shop_orders',
    );
    for (const bad of ['x; DROP TABLE y; --', 'a.b', '1x', 'with space']) {
      expect(() => paymentTableNames({ tablePrefix: bad })).toThrow(TypeError);
    }
  });
});

describe('betterSqlite3Executor', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mb-exec-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps other statements out of an open transaction, and rolls back on a throw', async () => {
    const handle = new Database(join(dir, 'tx.db'));
    const db = betterSqlite3Executor(handle);
    await db.query('CREATE TABLE t (v TEXT)', []);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tx = db.transaction(async (q) => {
      await q.query('INSERT INTO t (v) VALUES (?)', ['inside']);
      await gate;
      throw new Error('boom');
    });
    // Issued while the transaction is open: it must wait, not join it (and be rolled back with it).
    const outside = db.query('INSERT INTO t (v) VALUES (?)', ['outside']);
    release();
    await expect(tx).rejects.toThrow('boom');
    await outside;
    expect(await db.query('SELECT v FROM t', [])).toEqual([{ v: 'outside' }]);
    expect(handle.inTransaction).toBe(false);
    handle.close();
  });
  it('commits and returns the function result; RETURNING rows come back from writes', async () => {
    const handle = new Database(join(dir, 'ret.db'));
    const db = betterSqlite3Executor(handle);
    await db.query('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)', []);
    const result = await db.transaction(async (q) =>
      q.query('INSERT INTO t (v) VALUES (?) RETURNING id, v', ['x']),
    );
    expect(result).toEqual([{ id: 1, v: 'x' }]);
    expect(await db.query('UPDATE t SET v = ? WHERE id = ?', ['y', 1])).toEqual([]);
    expect(await db.query('SELECT v FROM t', [])).toEqual([{ v: 'y' }]);
    handle.close();
  });
});

describe.skipIf(!PG_URL)('pgPoolExecutor (set PG_URL to run)', () => {
  it('rolls back on a throw and returns the client to the pool', async () => {
    const pool = await createPgPool({ connectionString: PG_URL, max: 2 });
    const db = pgPoolExecutor(pool);
    const table = `mb_exec_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
    try {
      await db.query(`CREATE TABLE ${table} (v TEXT)`, []);
      await expect(
        db.transaction(async (q) => {
          await q.query(`INSERT INTO ${table} (v) VALUES ($1)`, ['inside']);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(
        await db.transaction(async (q) =>
          q.query(`INSERT INTO ${table} (v) VALUES ($1) RETURNING v`, ['ok']),
        ),
      ).toEqual([{ v: 'ok' }]);
      expect(await db.query(`SELECT v FROM ${table}`, [])).toEqual([{ v: 'ok' }]);
      expect(pool.idleCount).toBe(pool.totalCount);
    } finally {
      await pool.query(`DROP TABLE IF EXISTS ${table}`);
      await pool.end();
    }
  });
});

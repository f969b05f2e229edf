/**
 * Several processes on one SQLite file, like several server processes sharing a database: the
 * file's unique indexes, not any one process, decide who gets a total and who pays an order.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { betterSqlite3Executor, type MatchablePayload, SqlPaymentStore } from 'mutasibank';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const WORKER = resolve(import.meta.dirname, 'fixtures/sqlite-worker.ts');
const REPO = resolve(import.meta.dirname, '../../../..');
const PROCESSES = 4;

async function spawnAll(args: (worker: number) => string[]): Promise<unknown[]> {
  const outputs = await Promise.all(
    Array.from({ length: PROCESSES }, (_, worker) =>
      run(process.execPath, ['--import', 'tsx', '--conditions=source', WORKER, ...args(worker)], {
        cwd: REPO,
        timeout: 60_000,
      }),
    ),
  );
  return outputs.map((o) => JSON.parse(o.stdout) as unknown);
}

describe('several processes on one SQLite file', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mb-procs-'));
    file = join(dir, 'shared.db');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    await new SqlPaymentStore({ executor: betterSqlite3Executor(db) }).createSchema();
    db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  let orders: { id: string; total: number }[] = [];
  it('gives parallel allocations from every process distinct totals', async () => {
    const perProcess = (await spawnAll((w) => ['allocate', file, String(w), '150'])) as {
      id: string;
      total: number;
    }[][];
    orders = perProcess.flat();
    expect(orders).toHaveLength(PROCESSES * 150);
    expect(new Set(orders.map((o) => o.total)).size).toBe(orders.length);
  }, 90_000);

  it('pays each order once when every process matches the same stream', async () => {
    expect(orders.length).toBeGreaterThan(0);
    const payloads: MatchablePayload[] = [];
    for (let i = 0; i < orders.length; i += 20) {
      payloads.push({
        account_id: 1,
        data_mutasi: orders.slice(i, i + 20).map((o) => ({
          id: `m-${o.id}`,
          type: 'CR' as const,
          amount: o.total,
          description: 'TRSF E-BANKING CR 0101/FTSCY/WS95271',
          transaction_date: '2025-01-10 14:00:00',
        })),
      });
    }
    const stream = join(dir, 'payloads.json');
    writeFileSync(stream, JSON.stringify(payloads));
    const paid = (
      (await spawnAll((w) => ['match', file, String(w), stream])) as { order: string; mutation: string }[][]
    ).flat();
    expect(paid).toHaveLength(orders.length);
    expect(new Set(paid.map((p) => p.order)).size).toBe(orders.length);
    expect(new Set(paid.map((p) => p.mutation)).size).toBe(orders.length);
    for (const p of paid) expect(p.mutation).toBe(`m-${p.order}`);
  }, 90_000);
});

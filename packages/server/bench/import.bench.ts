/**
 * @module bench/import
 * Rows per second and peak memory of importing a 1,000,000-row KlikBCA CSV into a fresh SQLite
 * database through the real import path (`importStatement` on the Ingestor `startServer` builds,
 * with its hooks), and of importing it again (every row a duplicate), next to parsing the same
 * file without storing it, in this process. Memory is sampled every 20 ms.
 *
 *   node --expose-gc --import tsx --conditions=source packages/server/bench/import.bench.ts [rows]
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/clock.js';
import { parseStatement } from '../src/connectors/csv/index.js';
import { importStatement } from '../src/ingest/import-statement.js';
import { createIngestor } from '../src/main.js';
import { createSecretBox } from '../src/security/secret-box.js';
import { openSqlite } from '../src/store/dialects/sqlite.js';
import { openStore } from '../src/store/store.js';
import { writeKlikbcaCsv } from './generate-klikbca.js';
import { type Measured, measure } from './measure-memory.js';

const MIB = 2 ** 20;

function print(label: string, m: Measured): void {
  const rate = Math.round(m.rows / m.seconds).toLocaleString('en-US');
  console.log(
    `${label.padEnd(36)} ${m.rows.toLocaleString('en-US').padStart(10)} rows  ${m.seconds.toFixed(2).padStart(6)} s  ` +
      `${rate.padStart(9)} rows/s  RSS start ${m.startRssMiB.toFixed(0).padStart(4)} peak ${m.peakRssMiB.toFixed(0).padStart(4)} MiB  ` +
      `peak heap ${m.peakHeapMiB.toFixed(0).padStart(4)} MiB`,
  );
}

const rowCount = Number(process.argv[2] ?? 1_000_000);
const dir = await mkdtemp(join(tmpdir(), 'mutasibank-import-bench-'));
try {
  const path = join(dir, 'klikbca.csv');
  const facts = await writeKlikbcaCsv(path, { rows: rowCount });
  const { size } = await stat(path);
  console.log(
    `node ${process.version}, ${(size / MIB).toFixed(1)} MiB file, ${rowCount.toLocaleString('en-US')} rows, ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}, gc ${'gc' in globalThis ? 'exposed' : 'not exposed'}`,
  );

  const parsed = await measure(async () => {
    const parse = parseStatement(createReadStream(path));
    let rows = 0;
    for await (const batch of parse.batches()) rows += batch.length;
    if (!parse.summary().isComplete) throw new Error('the bench file did not pass its check');
    return rows;
  });
  print('baseline: parse only', parsed);

  const store = await openStore(
    openSqlite({ filename: join(dir, 'bench.db') }),
    createSecretBox(Buffer.alloc(32, 7)),
    systemClock,
  );
  try {
    const user = await store.users.create({ name: 'Bench', email: 'bench@example.test' });
    const account = await store.accounts.create(
      user.id,
      { bank_id: 1, module: 'bca', account_name: 'PT BENCHMARK SEJAHTERA', account_no: '0123456789' },
      {},
    );
    const deps = { store, ingestor: createIngestor(store, systemClock), clock: systemClock };
    const importFile = async (expectNew: number) => {
      const summary = await importStatement(deps, { accountId: account.id, source: createReadStream(path) });
      if (!summary.committed || summary.new !== expectNew || summary.read !== facts.rows)
        throw new Error(`unexpected import: ${JSON.stringify({ ...summary, rejected: undefined })}`);
      return summary.read;
    };
    const fresh = await measure(() => importFile(facts.rows));
    print('import into a fresh SQLite database', fresh);
    const again = await measure(() => importFile(0));
    print('import again (every row a duplicate)', again);
    const balance = (await store.accounts.getById(account.id))?.balance;
    if (balance !== facts.closingRupiah)
      throw new Error(`balance ${balance}, expected ${facts.closingRupiah}`);
    const dbSize =
      (await stat(join(dir, 'bench.db'))).size +
      (await stat(join(dir, 'bench.db-wal')).catch(() => ({ size: 0 }))).size;
    console.log(`database after both imports: ${(dbSize / MIB).toFixed(0)} MiB`);
    const ratio = (a: Measured) =>
      `time ${(a.seconds / parsed.seconds).toFixed(2)}x, peak RSS ${(a.peakRssMiB / parsed.peakRssMiB).toFixed(2)}x, ` +
      `peak heap ${(a.peakHeapMiB / parsed.peakHeapMiB).toFixed(2)}x`;
    console.log(`ratio to parse only: fresh import ${ratio(fresh)}; re-import ${ratio(again)}`);
  } finally {
    await store.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

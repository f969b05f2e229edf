/**
 * Child process of the two-process invoice test: opens the shared database (a SQLite file or a
 * PostgreSQL schema), wires an `Ingestor` the way `main.ts` does (invoice matcher, then the
 * outbox), ingests every batch of a statement stream from a JSON file, and prints
 * `DONE <rows inserted>`. It prints `READY` once open and starts on a line from stdin. Batches that hit a PostgreSQL deadlock are retried, as the scheduler
 * reruns a failed connector run.
 */
import { readFileSync } from 'node:fs';
import { systemClock } from '../../src/clock.js';
import type { StatementRow } from '../../src/connectors/connector.js';
import { Ingestor } from '../../src/ingest/ingest.js';
import { invoiceMatchHook } from '../../src/invoices/invoice-matcher.js';
import { DEFAULT_INVOICE_SETTINGS } from '../../src/invoices/invoice-settings.js';
import { outboxHook } from '../../src/outbox/enqueue.js';
import { openStoreSpec } from './dialect-store.js';

const [spec, accountText, streamFile, order] = process.argv.slice(2);
const batches = JSON.parse(readFileSync(streamFile!, 'utf8')) as StatementRow[][];
if (order === 'reverse') batches.reverse();
const store = await openStoreSpec(spec!, systemClock);
const ingestor = new Ingestor(store, systemClock)
  .use(invoiceMatchHook({ store, clock: systemClock, settings: DEFAULT_INVOICE_SETTINGS }))
  .use(outboxHook(store, systemClock));
// Both children start ingesting when the parent says so (a line on stdin, sent once both are
// READY), whatever their start-up times, so their transactions interleave.
process.stdout.write('READY\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
process.stdin.pause();
let inserted = 0;
for (const rows of batches) {
  // Real ingest has gaps (a connector fetches between runs). Without one, a process waiting in
  // SQLite's busy handler (which sleeps) would find the other one done with every batch.
  await new Promise((r) => setTimeout(r, 5));
  for (let attempt = 0; ; attempt++) {
    try {
      inserted += (await ingestor.ingest({ accountId: Number(accountText), rows, source: 'child' })).inserted
        .length;
      break;
    } catch (err) {
      const code =
        err && typeof err === 'object' && 'code' in err ? (err as { code: unknown }).code : undefined;
      if ((code !== '40P01' && code !== '40001') || attempt >= 20) throw err;
    }
  }
}
await store.close();
process.stdout.write(`DONE ${inserted}\n`);

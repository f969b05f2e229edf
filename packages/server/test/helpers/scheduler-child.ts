/**
 * Child process for the two-process scheduler test: runs a Scheduler on a shared SQLite file with
 * a slow fake connector, ticking for a while, and prints `RUN <accountId>` for every run it did.
 */

import { systemClock } from '../../src/clock.js';
import { Scheduler } from '../../src/connectors/scheduler.js';
import { Ingestor } from '../../src/ingest/ingest.js';
import { createSecretBox } from '../../src/security/secret-box.js';
import { openSqlite } from '../../src/store/dialects/sqlite.js';
import { openStore } from '../../src/store/store.js';

const [dbPath, owner, durationText] = process.argv.slice(2);
const store = await openStore(
  openSqlite({ filename: dbPath! }),
  createSecretBox(Buffer.alloc(32, 9)),
  systemClock,
);
const scheduler = new Scheduler({
  store,
  sink: new Ingestor(store, systemClock),
  clock: systemClock,
  owner: owner!,
  concurrency: 3,
  connectors: {
    get: () => ({
      module: 'fake',
      bankName: 'Fake',
      requiredCredentials: [],
      async fetchStatement(ctx) {
        process.stdout.write(`RUN ${ctx.account.id}\n`);
        await new Promise((r) => setTimeout(r, 30));
        return {
          rows: [
            {
              transactionDate: '2025-01-10 09:00:00',
              description: `ROW ${ctx.account.id}`,
              type: 'CR',
              amount: 1000,
              balance: null,
            },
          ],
        };
      },
    }),
  },
});
const end = Date.now() + Number(durationText ?? 1500);
while (Date.now() < end) {
  await scheduler.tick();
  await new Promise((r) => setTimeout(r, 5));
}
await scheduler.idle();
await store.close();

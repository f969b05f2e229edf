/**
 * Migrations on PostgreSQL when another schema of the same database already has Kysely's
 * migration tables (parallel test suites, deployments side by side): each schema gets its own.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { createSecretBox } from '../../src/security/secret-box.js';
import { openPostgres } from '../../src/store/dialects/postgres.js';
import { openStore, type Store } from '../../src/store/store.js';
import { dropPostgresSchema, freshPostgresUrl, PG_URL } from '../helpers/dialects.js';

describe.skipIf(!PG_URL)('PostgreSQL migrations (set PG_URL to run)', () => {
  const schemas: string[] = [];
  const stores: Store[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close();
    for (const schema of schemas) await dropPostgresSchema(schema);
  });

  async function open(): Promise<Store> {
    const { schema } = freshPostgresUrl();
    schemas.push(schema);
    const database = await openPostgres({ connectionString: PG_URL!, schema });
    const store = await openStore(database, createSecretBox(Buffer.alloc(32, 2)), new ManualClock());
    stores.push(store);
    return store;
  }

  it('migrates a second schema while the first one has its migration tables', async () => {
    const first = await open();
    const second = await open();
    for (const store of [first, second]) {
      const user = await store.users.create({ name: 'U', email: 'u@example.test' });
      expect(user.id).toBe(1);
    }
    // Reopening a migrated schema finds its own migrations done.
    await expect(open()).resolves.toBeDefined();
  });
});

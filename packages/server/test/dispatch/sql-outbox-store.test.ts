/**
 * The outbox contract (the same suite the in-memory store passes) run against the SQL store on
 * SQLite and PostgreSQL. The contract names endpoints ('a', 'slow'); the SQL store's endpoints
 * are webhook rows with integer ids, so a thin wrapper translates names to ids and back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { runOutboxStoreContract } from '../../src/dispatch/outbox-store.contract.js';
import type { ClaimedMessage, OutboxStore } from '../../src/dispatch/outbox-store.js';
import { createSecretBox } from '../../src/security/secret-box.js';
import { openPostgres } from '../../src/store/dialects/postgres.js';
import { openSqlite } from '../../src/store/dialects/sqlite.js';
import { openStore } from '../../src/store/store.js';
import { DIALECTS, dropPostgresSchema, freshPostgresUrl } from '../helpers/dialects.js';

function translating(store: OutboxStore, toDb: Map<string, string>): OutboxStore {
  const toName = () => new Map([...toDb].map(([k, v]) => [v, k]));
  const name = (id: string) => toName().get(id) ?? id;
  const db = (id: string) => toDb.get(id) ?? `missing:${id}`;
  const claimed = (c: ClaimedMessage): ClaimedMessage => ({
    ...c,
    message: { ...c.message, endpointId: name(c.message.endpointId) },
    endpoint: { ...c.endpoint, id: name(c.endpoint.id) },
  });
  return {
    claimDue: async (r) => (await store.claimDue(r)).map(claimed),
    recordAttempt: async (r) => {
      const out = await store.recordAttempt({
        ...r,
        attempt: { ...r.attempt, endpointId: db(r.attempt.endpointId) },
      });
      return { ...out, endpoint: { ...out.endpoint, id: name(out.endpoint.id) } };
    },
    releaseLease: (r) => store.releaseLease(r),
    extendLease: (r) => store.extendLease(r),
    nextWakeAt: (r) => store.nextWakeAt(r),
    disableEndpoint: (r) => store.disableEndpoint({ ...r, endpointId: db(r.endpointId) }),
    getEndpoint: async (id) => {
      const e = await store.getEndpoint(db(id));
      return e && { ...e, id: name(e.id) };
    },
    getMessage: async (id) => {
      const m = await store.getMessage(id);
      return m && { ...m, endpointId: name(m.endpointId) };
    },
    listAttempts: async (id) =>
      (await store.listAttempts(id)).map((a) => ({ ...a, endpointId: name(a.endpointId) })),
    requeueMessage: (r) => store.requeueMessage(r),
  };
}

for (const { dialect, skip, label } of DIALECTS) {
  if (skip) {
    // Reported as skipped, with the variable to set in its name (label).
    describe.skipIf(skip)(`OutboxStore contract: SqlOutboxStore on ${label}`, () => {
      it('runs against PostgreSQL when PG_URL is set', () => {});
    });
    continue;
  }
  runOutboxStoreContract(`SqlOutboxStore on ${label}`, async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const dir = mkdtempSync(join(tmpdir(), 'mutasibank-outbox-'));
    const pgTarget = dialect === 'postgres' ? freshPostgresUrl() : undefined;
    const database = pgTarget
      ? await openPostgres({ connectionString: process.env.PG_URL!, schema: pgTarget.schema })
      : openSqlite({ filename: join(dir, 'o.db') });
    const s = await openStore(database, createSecretBox(Buffer.alloc(32, 5)), clock);
    const user = await s.users.create({ name: 'Owner', email: 'owner@example.test' });
    const accounts = new Set<number>();
    const ensureAccount = async (id: number) => {
      if (accounts.has(id)) return;
      await s.db
        .insertInto('accounts')
        .values({
          id,
          user_id: user.id,
          bank_id: 1,
          module: 'bca',
          account_name: `A${id}`,
          account_no: String(id),
          balance: 0,
          is_active: 0,
          schedule_minutes: 15,
          credentials_fields: '',
          bot_failures: 0,
          created_at: 0,
          updated_at: 0,
        } as never)
        .execute();
      accounts.add(id);
    };
    const ids = new Map<string, string>();
    const box = createSecretBox(Buffer.alloc(32, 5));
    return {
      store: translating(s.outbox, ids),
      async addEndpoint(seed) {
        await ensureAccount(1);
        const row = await s.db
          .insertInto('webhooks')
          .values({
            user_id: user.id,
            account_id: 1,
            url: seed.url,
            secret_sealed: box.seal(seed.secrets[0] ?? 'none', 'webhook-secret'),
            previous_secret_sealed: seed.secrets[1] ? box.seal(seed.secrets[1], 'webhook-secret') : null,
            previous_secret_expires_at: seed.secrets[1] ? Date.UTC(2100, 0, 1) : null,
            is_active: seed.isActive === false ? 0 : 1,
            include_api_key: seed.includeApiKey === false ? 0 : 1,
            standard_signature: seed.standardSignature ? 1 : 0,
            ordered: seed.ordered === false ? 0 : 1,
            disabled_reason: seed.disabledReason ?? null,
            failing_since: seed.failingSince ?? null,
            created_at: 0,
            updated_at: 0,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.set(seed.id, String(row.id));
      },
      async enqueue(m) {
        await ensureAccount(m.accountId);
        await s.outbox.insertMessages(s.db, [
          {
            id: m.id,
            endpointId: Number(ids.get(m.endpointId)),
            accountId: m.accountId,
            kind: 'mutations',
            payload: m.payload,
            createdAt: m.createdAt,
          },
        ]);
      },
      async setApiKey(_accountId, apiKey) {
        await s.db.updateTable('api_tokens').set({ revoked_at: 0 }).where('user_id', '=', user.id).execute();
        await s.users.createToken(user.id, 'contract', apiKey);
      },
      async close() {
        await s.close();
        if (pgTarget) await dropPostgresSchema(pgTarget.schema);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
}

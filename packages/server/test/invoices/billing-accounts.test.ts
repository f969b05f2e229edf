/**
 * Top-ups to a payment account bound by configuration (`account_id` in
 * `MUTASIBANK_PAYMENT_ACCOUNTS`) land on that bank account, and a binding to a missing account
 * fails the start, on SQLite and PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatWibDateTime } from 'mutasibank';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { DIALECTS, dropPostgresSchema, freshPostgresUrl } from '../helpers/dialects.js';
import { startTestServer } from '../helpers/test-server.js';

const payments = (accountId: number) =>
  JSON.stringify([
    { id: 1, name: 'BCA', account_number: '777', account_name: 'Operator', account_id: accountId },
  ]);

for (const { dialect, skip, label } of DIALECTS) {
  describe.skipIf(skip)(`configured billing accounts on ${label}`, () => {
    it('binds a payment account to an existing bank account; top-ups there raise saldo', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mutasibank-billing-'));
      const pg = dialect === 'postgres' ? freshPostgresUrl() : undefined;
      const db = pg?.url ?? join(dir, 'billing.db');
      const clock = new ManualClock(Date.UTC(2025, 0, 10, 7, 30));
      try {
        const first = await startTestServer({ db, dir, clock });
        const a = await first.api('POST', '/account/create', {
          body: { bank_id: 1, account_name: 'Operator', account_no: '777' },
        });
        const accountId = (a.json.data as { id: number }).id;
        await first.stop();

        await expect(
          startTestServer({
            db,
            dir,
            clock,
            env: { MUTASIBANK_PAYMENT_ACCOUNTS: payments(accountId + 100) },
          }),
        ).rejects.toThrow(`account_id ${accountId + 100}`);

        const t = await startTestServer({
          db,
          dir,
          clock,
          env: { MUTASIBANK_PAYMENT_ACCOUNTS: payments(accountId) },
        });
        try {
          const buyer = await t.newUser('Buyer');
          const r = await t.api('POST', '/topup_kredit', { body: 'jumlah=25000&payment_id=1', token: buyer });
          expect(r.status, r.text).toBe(200);
          const total = (r.json.data as { total: number }).total;
          const listed = await t.api('GET', `/invoices?account_id=${accountId}`);
          expect((listed.json.data as Array<{ total: number }>).map((i) => i.total)).toEqual([total]);
          const sim = await t.api('POST', `/simulator/${accountId}/mutations`, {
            body: {
              type: 'CR',
              amount: total,
              description: 'TRF',
              transaction_date: formatWibDateTime(new Date(clock.now())),
            },
          });
          expect(sim.status, sim.text).toBe(200);
          expect((await t.api('GET', '/user', { token: buyer })).json.data).toMatchObject({ saldo: 25_000 });
          // No account was created for the operator: the configured one is the billing account.
          expect(((await t.api('GET', '/accounts')).json.data as unknown[]).length).toBe(1);
        } finally {
          await t.stop();
        }
      } finally {
        if (pg) await dropPostgresSchema(pg.schema);
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

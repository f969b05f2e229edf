/**
 * Concurrent invoice creation over HTTP, on SQLite and PostgreSQL: 1,000 invoices created at
 * once on one account get 1,000 distinct totals (amounts chosen so the code ranges of different
 * amounts overlap), and a range smaller than the demand gives exactly the surplus a 409.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

interface Created {
  amount: number;
  unique_code: number;
  total: number;
}

async function newAccount(t: TestServer): Promise<number> {
  const r = await t.api('POST', '/account/create', {
    body: { bank_id: 100, account_name: 'Shop', account_no: '1234567890' },
  });
  expect(r.status, r.text).toBe(200);
  return (r.json.data as { id: number }).id;
}

for (const { dialect, skip, label } of DIALECTS) {
  describe.skipIf(skip)(`concurrent invoice creation on ${label}`, () => {
    let t: TestServer;
    let small: TestServer;

    beforeAll(async () => {
      t = await startTestServer({ dialect });
      small = await startTestServer({
        dialect,
        env: { MUTASIBANK_INVOICE_CODE_MIN: '1', MUTASIBANK_INVOICE_CODE_MAX: '50' },
      });
    });
    afterAll(async () => {
      await t?.stop();
      await small?.stop();
    });

    it('1,000 invoices created in parallel on one account get 1,000 distinct totals', async () => {
      const accountId = await newAccount(t);
      const answers = await Promise.all(
        Array.from({ length: 1000 }, (_, i) =>
          t.api('POST', '/invoices', {
            // Ten amounts 100 apart: their code ranges (1..999) overlap, so a total can collide
            // across amounts (100.102 + 1 and 100.100 + 3), which the allocation must prevent.
            body: { account_id: accountId, amount: 100_000 + (i % 10) * 100, reference: `ORDER-${i}` },
          }),
        ),
      );
      const bad = answers.filter((a) => a.status !== 200);
      expect(bad.map((a) => a.text).slice(0, 3)).toEqual([]);
      const invoices = answers.map((a) => a.json.data as Created);
      expect(new Set(invoices.map((i) => i.total)).size).toBe(1000);
      for (const i of invoices) {
        expect(i.total).toBe(i.amount + i.unique_code);
        expect(i.unique_code).toBeGreaterThanOrEqual(1);
        expect(i.unique_code).toBeLessThanOrEqual(999);
      }
      const stored = await t.server.store.db
        .selectFrom('invoices')
        .select('total')
        .where('account_id', '=', accountId)
        .where('status', '=', 'open')
        .execute();
      expect(new Set(stored.map((r) => r.total)).size).toBe(1000);
    });

    it('concurrent settlements: one mutation pays one invoice, one invoice takes one mutation', async () => {
      const accountId = await newAccount(t);
      const make = async (reference: string) => {
        const r = await t.api('POST', '/invoices', {
          body: { account_id: accountId, amount: 900_000, reference },
        });
        return (r.json.data as { id: number }).id;
      };
      const credit = async (amount: number) => {
        const r = await t.api('POST', `/simulator/${accountId}/mutations`, {
          body: { type: 'CR', amount, description: 'TANPA KODE' },
        });
        return (r.json.data as { id: string }).id;
      };
      const invoices = await Promise.all(Array.from({ length: 8 }, (_, i) => make(`ORDER-S${i}`)));
      const m = await credit(11);
      const sameMutation = await Promise.all(
        invoices.map((id) => t.api('POST', `/invoice/${id}/settle`, { body: { mutation_id: m } })),
      );
      expect(sameMutation.filter((r) => r.status === 200)).toHaveLength(1);
      for (const r of sameMutation.filter((x) => x.status !== 200)) {
        expect(r.status, r.text).toBe(409);
        expect(r.json.code).toBe('mutation_already_matched');
      }
      const target = invoices.find((_, i) => sameMutation[i]!.status !== 200)!;
      const credits = await Promise.all(Array.from({ length: 8 }, (_, i) => credit(20 + i)));
      const sameInvoice = await Promise.all(
        credits.map((id) => t.api('POST', `/invoice/${target}/settle`, { body: { mutation_id: id } })),
      );
      expect(sameInvoice.filter((r) => r.status === 200)).toHaveLength(1);
      for (const r of sameInvoice.filter((x) => x.status !== 200)) expect(r.status, r.text).toBe(409);
    });

    it('an exhausted range is a clear 409 for exactly the surplus, never a shared total', async () => {
      const accountId = await newAccount(small);
      const answers = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          small.api('POST', '/invoices', {
            body: { account_id: accountId, amount: 75_000, reference: `ORDER-${i}` },
          }),
        ),
      );
      const ok = answers.filter((a) => a.status === 200).map((a) => a.json.data as Created);
      const refused = answers.filter((a) => a.status !== 200);
      expect(ok).toHaveLength(50);
      expect(new Set(ok.map((i) => i.unique_code))).toEqual(
        new Set(Array.from({ length: 50 }, (_, i) => i + 1)),
      );
      expect(refused).toHaveLength(10);
      for (const r of refused) {
        expect(r.status).toBe(409);
        expect(r.json.code).toBe('unique_code_exhausted');
        expect(String(r.json.message)).toContain('1..50');
      }
    });
  });
}

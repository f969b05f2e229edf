import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

for (const { dialect, skip, label } of DIALECTS) {
  describe.skipIf(skip)(label, () => {
    let t: TestServer;
    let accountId: number;

    async function counts() {
      const db = t.server.store.db;
      const n = async (table: 'accounts' | 'mutations' | 'categories' | 'webhooks' | 'invoices') =>
        Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      return {
        accounts: await n('accounts'),
        mutations: await n('mutations'),
        categories: await n('categories'),
        webhooks: await n('webhooks'),
        invoices: await n('invoices'),
      };
    }

    beforeAll(async () => {
      t = await startTestServer({ dialect });
      const a = await t.api('POST', '/account/create', {
        body: { bank_id: 100, account_name: 'A', account_no: '123456' },
      });
      accountId = (a.json.data as { id: number }).id;
    });
    afterAll(() => t.stop());

    describe('bad input is a 4xx JSON error, stores nothing, and the server keeps serving', () => {
      const sql = '1; DROP TABLE accounts; --';
      const cases: Array<[string, string, string, unknown, number?]> = [
        ['missing fields', 'POST', '/account/create', { account_name: 'x' }],
        [
          'wrong type (string bank_id in JSON)',
          'POST',
          '/account/create',
          { bank_id: '99', account_name: 'x', account_no: '123456' },
        ],
        [
          'account_no with letters',
          'POST',
          '/account/create',
          { bank_id: 100, account_name: 'x', account_no: 'abc' },
        ],
        [
          'SQL in account_no',
          'POST',
          '/account/create',
          { bank_id: 100, account_name: 'x', account_no: sql },
        ],
        [
          'schedule_minutes 0',
          'POST',
          '/account/create',
          { bank_id: 100, account_name: 'x', account_no: '123456', schedule_minutes: 0 },
        ],
        [
          'negative amount',
          'POST',
          '/simulator/{id}/mutations',
          { type: 'CR', amount: -5, description: 'x' },
        ],
        [
          'fractional amount',
          'POST',
          '/simulator/{id}/mutations',
          { type: 'CR', amount: 10.5, description: 'x' },
        ],
        ['zero amount', 'POST', '/simulator/{id}/mutations', { type: 'CR', amount: 0, description: 'x' }],
        [
          'amount as boolean',
          'POST',
          '/simulator/{id}/mutations',
          { type: 'CR', amount: true, description: 'x' },
        ],
        [
          'unsafe integer',
          'POST',
          '/simulator/{id}/mutations',
          { type: 'CR', amount: 2 ** 60, description: 'x' },
        ],
        ['type XX', 'POST', '/simulator/{id}/mutations', { type: 'XX', amount: 5, description: 'x' }],
        [
          'bad transaction_date',
          'POST',
          '/simulator/{id}/mutations',
          { type: 'CR', amount: 5, description: 'x', transaction_date: '2025-13-40 99:00:00' },
        ],
        ['form amount with decimals', 'POST', '/match/{id}', 'amount=100.50'],
        ['form amount negative', 'POST', '/match/{id}', 'amount=-100'],
        ['form amount missing', 'POST', '/matchs/{id}', ''],
        ['SQL in a date', 'POST', '/statements/{id}', `date_from=${encodeURIComponent(sql)}`],
        ['category without type', 'POST', '/category', { name: 'x' }],
        ['category blank name', 'POST', '/category', { name: '   ', type: 'CR' }],
        ['webhook without url', 'POST', '/webhook', { bank_account_id: 1 }],
        ['webhook url not a URL', 'POST', '/webhook', { url: 'not a url', bank_account_id: 1 }],
        ['webhook javascript: url', 'POST', '/webhook', { url: 'javascript:alert(1)', bank_account_id: 1 }],
        ['topup without payment_id', 'POST', '/topup_kredit', 'jumlah=50000'],
        ['topup fractional', 'POST', '/topup_kredit', 'jumlah=50000.5&payment_id=1'],
        ['id not a number', 'GET', '/account/abc', undefined],
        ['id too large', 'GET', '/account/99999999999999999999', undefined],
        ['id negative', 'GET', '/category/-1', undefined],
        ['on_off status 2', 'POST', '/on_off/{id}', 'status=2'],
        ['repeated form field', 'POST', '/match/{id}', 'amount=1&amount=2'],
      ];
      for (const [name, method, path, body] of cases) {
        it(name, async () => {
          const before = await counts();
          const r = await t.api(
            method,
            path.replace('{id}', String(accountId)),
            body === undefined ? {} : { body },
          );
          expect(r.status, r.text).toBeGreaterThanOrEqual(400);
          expect(r.status, r.text).toBeLessThan(500);
          expect(r.json).toMatchObject({
            error: true,
            message: expect.any(String),
            error_message: expect.any(String),
          });
          expect(r.text).not.toMatch(/at .*\.(ts|js):\d+/);
          expect(await counts()).toEqual(before);
        });
      }

      it('malformed JSON is a 400 invalid_json', async () => {
        const r = await t.api('POST', '/category', {
          body: '{"name": "x",',
          headers: { 'content-type': 'application/json' },
        });
        expect(r.status).toBe(400);
        expect(r.json.code).toBe('invalid_json');
      });
      it('an unsupported content type is a 415', async () => {
        const r = await t.api('POST', '/category', {
          body: '<xml/>',
          headers: { 'content-type': 'application/xml' },
        });
        expect(r.status).toBe(415);
      });
      it('a body over the limit is a 413, JSON or form', async () => {
        const big = 'x'.repeat(2 * 1024 * 1024);
        const j = await t.api('POST', '/category', { body: { name: big, type: 'CR' } });
        expect(j.status).toBe(413);
        const f = await t.api('POST', '/category', { body: `name=${big}&type=CR` });
        expect(f.status).toBe(413);
      });
      it('a missing, wrong or revoked token is a 401', async () => {
        expect((await t.api('GET', '/accounts', { token: null })).status).toBe(401);
        expect((await t.api('GET', '/accounts', { token: 'Bearer ' })).status).toBe(401);
        expect((await t.api('GET', '/accounts', { token: `${t.token}x` })).status).toBe(401);
        const token = await t.newUser();
        const { id } = await t.server.store.db
          .selectFrom('api_tokens')
          .select('id')
          .orderBy('id', 'desc')
          .executeTakeFirstOrThrow();
        expect((await t.api('GET', '/accounts', { token })).status).toBe(200);
        await t.server.store.users.revokeToken(id);
        expect((await t.api('GET', '/accounts', { token })).status).toBe(401);
      });
      it('an unknown route is a JSON 404', async () => {
        const r = await t.api('GET', '/no/such/thing');
        expect(r.status).toBe(404);
        expect(r.json.error).toBe(true);
      });
      it('SQL-looking text is stored as text', async () => {
        const r = await t.api('POST', '/category', {
          body: { name: "x'); DELETE FROM categories; --", type: 'DB' },
        });
        expect(r.status).toBe(200);
        expect((r.json.data as { category: string }).category).toBe("x'); DELETE FROM categories; --");
        expect((await t.api('GET', '/accounts')).status).toBe(200);
      });
      it('still serves after all of it', async () => {
        expect((await t.api('GET', '/user')).status).toBe(200);
      });
    });
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

for (const { dialect, skip, label } of DIALECTS) {
  describe.skipIf(skip)(label, () => {
    let t: TestServer;
    let other: string;
    const ids = { account: 0, mutation: '', category: 0, webhook: 0 };

    beforeAll(async () => {
      t = await startTestServer({ dialect });
      other = await t.newUser('Mallory');
      const a = await t.api('POST', '/account/create', {
        body: { bank_id: 100, account_name: 'Alice', account_no: '111222333' },
      });
      ids.account = (a.json.data as { id: number }).id;
      const m = await t.api('POST', `/simulator/${ids.account}/mutations`, {
        body: { type: 'CR', amount: 5000, description: 'A' },
      });
      ids.mutation = (m.json.data as { id: string }).id;
      const c = await t.api('POST', '/category', { body: { name: 'Mine', type: 'CR' } });
      ids.category = (c.json.data as { id: number }).id;
      const w = await t.api('POST', '/webhook', {
        body: { url: 'http://127.0.0.1:9/a', bank_account_id: ids.account },
      });
      ids.webhook = (w.json.data as { id: number }).id;
    });
    afterAll(() => t.stop());

    describe("another user's ids answer exactly as missing ones", () => {
      const missing = { account: 987654, category: 987654, webhook: 987654 };
      const cases: Array<[string, (id: typeof ids) => string, unknown?]> = [
        ['GET', (i) => `/account/${i.account}`],
        ['PUT', (i) => `/account/${i.account}`, { note: 'pwned' }],
        ['DELETE', (i) => `/account/${i.account}`],
        ['POST', (i) => `/on_off/${i.account}`, 'status=0'],
        ['POST', (i) => `/account/${i.account}/toggle`, {}],
        ['POST', (i) => `/input_token/${i.account}`, 'token_1=1&token_2=2'],
        ['GET', (i) => `/rerun/${i.account}`],
        ['GET', (i) => `/log_bot/${i.account}`],
        ['POST', (i) => `/statements/${i.account}`, ''],
        ['POST', (i) => `/match/${i.account}`, 'amount=5000'],
        ['POST', (i) => `/matchs/${i.account}`, 'amount=5000'],
        ['POST', (i) => `/simulator/${i.account}/mutations`, { type: 'CR', amount: 1, description: 'x' }],
        ['GET', (i) => `/category/${i.category}`],
        ['PUT', (i) => `/category/${i.category}`, { name: 'pwned' }],
        ['DELETE', (i) => `/category/${i.category}`],
        ['GET', (i) => `/webhook/${i.webhook}`],
        ['PUT', (i) => `/webhook/${i.webhook}`, { description: 'pwned' }],
        ['DELETE', (i) => `/webhook/${i.webhook}`],
        ['GET', (i) => `/webhook/${i.webhook}/deliveries`],
        ['POST', (i) => `/webhook/${i.webhook}/deliveries/00000000-0000-4000-8000-000000000000/resend`, {}],
        ['POST', (i) => `/webhook/${i.webhook}/test`, {}],
        ['POST', (i) => `/webhook/${i.webhook}/rotate_secret`, {}],
      ];
      for (const [method, path, body] of cases) {
        it(`${method} ${path({ account: 0, mutation: '', category: 0, webhook: 0 }).replace(/\/0(\/|$)/, '/{id}$1')}`, async () => {
          const theirs = await t.api(method, path(ids), {
            token: other,
            ...(body !== undefined && { body }),
          });
          const absent = await t.api(method, path({ ...ids, ...missing }), {
            token: t.token,
            ...(body !== undefined && { body }),
          });
          expect(theirs.status).toBe(404);
          expect(absent.status).toBe(404);
          expect(theirs.json.message).toBe(absent.json.message);
        });
      }

      it('validate of another user\'s mutation is "not found", like a missing id', async () => {
        const theirs = await t.api('GET', `/validate/${ids.mutation}`, { token: other });
        const absent = await t.api('GET', '/validate/00000000-0000-4000-8000-000000000000', { token: other });
        expect(theirs.json).toEqual(absent.json);
        expect(theirs.json.valid).toBe(false);
      });

      it("lists show only the caller's rows", async () => {
        for (const p of ['/accounts', '/categories', '/webhooks']) {
          expect((await t.api('GET', p, { token: other })).json.data).toEqual([]);
          expect(((await t.api('GET', p)).json.data as unknown[]).length).toBe(1);
        }
      });

      it("a webhook can't be pointed at another user's account", async () => {
        const r = await t.api('POST', '/webhook', {
          token: other,
          body: { url: 'http://127.0.0.1:9/b', bank_account_id: ids.account },
        });
        expect(r.status).toBe(422);
        const mine = await t.api('POST', '/account/create', {
          token: other,
          body: { bank_id: 100, account_name: 'M', account_no: '999888777' },
        });
        const myAccount = (mine.json.data as { id: number }).id;
        const w = await t.api('POST', '/webhook', {
          token: other,
          body: { url: 'http://127.0.0.1:9/b', bank_account_id: myAccount },
        });
        const hijack = await t.api('PUT', `/webhook/${(w.json.data as { id: number }).id}`, {
          token: other,
          body: { bank_account_id: ids.account },
        });
        expect(hijack.status).toBe(422);
      });

      it("nothing of Alice's changed", async () => {
        expect((await t.api('GET', `/account/${ids.account}`)).json.data).toMatchObject({
          is_active: 1,
          note: null,
        });
        expect((await t.api('GET', `/category/${ids.category}`)).json.data).toMatchObject({
          category: 'Mine',
        });
        expect((await t.api('GET', `/webhook/${ids.webhook}`)).json.data).toMatchObject({
          description: null,
        });
        expect(await t.server.store.accounts.credentials(ids.account)).toEqual({});
      });
    });
  });
}

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

for (const { dialect, skip, label } of DIALECTS) {
  describe.skipIf(skip)(label, () => {
    let t: TestServer;
    let accountId: number;

    beforeAll(async () => {
      t = await startTestServer({ dialect });
      const a = await t.api('POST', '/account/create', {
        body: { bank_id: 100, account_name: 'Fuzz', account_no: '5550001' },
      });
      accountId = (a.json.data as { id: number }).id;
    });
    afterAll(() => t.stop());

    const ROUTES: Array<[string, string]> = [
      ['GET', '/user'],
      ['GET', '/list_bank'],
      ['GET', '/accounts'],
      ['GET', '/account/{id}'],
      ['POST', '/account/create'],
      ['PUT', '/account/{id}'],
      ['POST', '/on_off/{id}'],
      ['POST', '/account/{id}/toggle'],
      ['POST', '/input_token/{id}'],
      ['GET', '/rerun/{id}'],
      ['GET', '/log_bot/{id}'],
      ['POST', '/statements/{id}'],
      ['POST', '/match/{id}'],
      ['POST', '/matchs/{id}'],
      ['GET', '/validate/{id}'],
      ['GET', '/categories'],
      ['GET', '/category/{id}'],
      ['POST', '/category'],
      ['PUT', '/category/{id}'],
      ['GET', '/webhooks'],
      ['GET', '/webhook/{id}'],
      ['POST', '/webhook'],
      ['PUT', '/webhook/{id}'],
      ['POST', '/topup_kredit'],
      ['GET', '/webhook/{id}/deliveries'],
      ['POST', '/webhook/{id}/rotate_secret'],
      ['POST', '/simulator/{id}/mutations'],
    ];

    const FIELDS = [
      'amount',
      'date_from',
      'date_to',
      'bank_id',
      'account_name',
      'account_no',
      'status',
      'token_1',
      'token_2',
      'name',
      'type',
      'description',
      'url',
      'bank_account_id',
      'jumlah',
      'payment_id',
      'transaction_date',
      'schedule_minutes',
      'limit',
      'offset',
      '__proto__',
      'constructor',
    ];

    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom(
        'CR',
        'DB',
        '2025-01-10',
        '2025-02-30',
        '-1',
        '0',
        '1e309',
        "' OR 1=1 --",
        'http://127.0.0.1/',
        '99',
      ),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 3 }),
    );
    const jsonBody = fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 6 });
    const pathId = fc.oneof(
      fc.constant('{account}'),
      fc.integer({ min: -5, max: 2 ** 40 }).map(String),
      fc.string({ maxLength: 12 }).map(encodeURIComponent),
    );
    const body = fc.oneof(
      jsonBody.map((b) => ({ kind: 'json' as const, text: JSON.stringify(b) })),
      jsonBody.map((b) => ({
        kind: 'form' as const,
        text: new URLSearchParams(
          Object.entries(b).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
        ).toString(),
      })),
      fc.string({ maxLength: 200 }).map((s) => ({ kind: 'json' as const, text: s })),
      fc.string({ maxLength: 200 }).map((s) => ({ kind: 'form' as const, text: s })),
      fc.constant({ kind: 'none' as const, text: '' }),
    );

    describe('random input never makes a route answer 5xx', () => {
      for (const [method, path] of ROUTES) {
        it(`${method} ${path}`, async () => {
          await fc.assert(
            fc.asyncProperty(pathId, body, async (id, b) => {
              const url = `${t.url}${path.replace('{id}', id === '{account}' ? String(accountId) : id)}`;
              const headers: Record<string, string> = { authorization: t.token };
              if (b.kind === 'json') headers['content-type'] = 'application/json';
              if (b.kind === 'form') headers['content-type'] = 'application/x-www-form-urlencoded';
              const res = await fetch(url, {
                method,
                headers,
                ...(b.kind !== 'none' && method !== 'GET' && { body: b.text }),
              });
              const text = await res.text();
              expect(res.status, `${method} ${url} ${b.text} -> ${text}`).toBeLessThan(500);
              expect(() => JSON.parse(text)).not.toThrow();
            }),
            { numRuns: 40, seed: 20261203 },
          );
        });
      }
      it('the server still answers', async () => {
        expect((await t.api('GET', '/user')).status).toBe(200);
      });
    });
  });
}

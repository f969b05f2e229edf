/**
 * The whole path from a bank statement to a verified webhook: a KlikBCA file imported through the
 * API, its rows in `statements`, and the same rows delivered to a receiver that checks them with
 * the SDK's verifier. Importing the file again sends nothing.
 */
import { verifyWebhook } from 'mutasibank';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../dispatch/receiver.js';
import { KLIKBCA_SAMPLE } from '../helpers/statement-samples.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let t: TestServer;
let receiver: Receiver;

beforeAll(async () => {
  t = await startTestServer();
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.stop();
});

async function importFile(accountId: number) {
  const res = await fetch(`${t.url}/account/${accountId}/import`, {
    method: 'POST',
    headers: { authorization: t.token, 'content-type': 'text/csv' },
    body: KLIKBCA_SAMPLE.text,
  });
  return {
    status: res.status,
    json: (await res.json()) as { data: { new?: number; counts?: unknown } & Record<string, unknown> },
  };
}

describe('statement file to verified webhook', () => {
  it('imports, shows the rows in statements, and delivers them signed', async () => {
    const a = await t.api('POST', '/account/create', {
      body: { bank_id: 1, account_name: 'PT Example', account_no: KLIKBCA_SAMPLE.accountNo },
    });
    const accountId = (a.json.data as { id: number }).id;
    const w = await t.api('POST', '/webhook', {
      body: { url: `${receiver.origin}/hook`, bank_account_id: accountId },
    });
    const secret = (w.json.data as { secret: string }).secret;

    const first = await importFile(accountId);
    expect(first.status, JSON.stringify(first.json)).toBe(200);

    const expected = KLIKBCA_SAMPLE.rows.map((r) => r.row);
    const dates = expected.map((r) => r.transactionDate.slice(0, 10)).sort();
    const st = await t.api('POST', `/statements/${accountId}`, {
      body: { date_from: dates[0], date_to: dates.at(-1) },
    });
    const stored = (st.json.data as Array<{ id: string; amount: number; type: string; description: string }>)
      .slice()
      .reverse();
    expect(stored.map((m) => [m.type, m.amount, m.description])).toEqual(
      expected.map((r) => [r.type, r.amount, r.description]),
    );

    await receiver.waitForRequests(1);
    const delivered = receiver.requests.flatMap((req) => {
      const event = verifyWebhook({ payload: req.body, headers: req.headers, secret, apiKey: t.token });
      expect(event.accountId).toBe(accountId);
      return event.payload.data_mutasi.map((m) => String(m.id));
    });
    expect(delivered.sort()).toEqual(stored.map((m) => m.id).sort());

    const again = await importFile(accountId);
    expect(again.status).toBe(200);
    await new Promise((r) => setTimeout(r, 150));
    const count = await t.server.store.db
      .selectFrom('outbox_messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(receiver.requests.length);
  });
});

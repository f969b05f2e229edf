/**
 * Payment confirmation end to end: an invoice is created, the customer transfers its `total`
 * (the dev simulator), the receiver gets the mutation batch and the `invoice.paid` event, both
 * verified with the SDK, and the API shows the invoice paid by that mutation.
 */
import { type InvoiceEventData, isEventWebhookBody, verifyEventWebhook, verifyWebhook } from 'mutasibank';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../dispatch/receiver.js';
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

describe('invoice paid by a transfer, delivered and verified', () => {
  it('sends the batch and invoice.paid, both verifiable, and records the payment', async () => {
    const a = await t.api('POST', '/account/create', {
      body: { bank_id: 1, account_name: 'Toko', account_no: '1234567890' },
    });
    const accountId = (a.json.data as { id: number }).id;
    const w = await t.api('POST', '/webhook', {
      body: { url: `${receiver.origin}/hook`, bank_account_id: accountId },
    });
    const secret = (w.json.data as { secret: string }).secret;

    const inv = await t.api('POST', '/invoices', {
      body: { account_id: accountId, amount: 150000, reference: 'ORDER-12345' },
    });
    expect(inv.status, inv.text).toBe(200);
    const invoice = inv.json.data as { id: number; total: number; unique_code: number };
    expect(invoice.total).toBe(150000 + invoice.unique_code);

    const m = await t.api('POST', `/simulator/${accountId}/mutations`, {
      body: {
        type: 'CR',
        amount: invoice.total,
        description: 'TRSF E-BANKING CR 0301/FTSCY/WS95271 SITI AMINAH ORDER-12345',
      },
    });
    const mutationId = (m.json.data as { id: string }).id;

    await receiver.waitForRequests(2);
    const bodies = receiver.requests.map((r) => ({ r, json: JSON.parse(r.body) as unknown }));
    const batch = bodies.find((b) => !isEventWebhookBody(b.json));
    const event = bodies.find((b) => isEventWebhookBody(b.json));
    expect(batch && event).toBeTruthy();
    const verifiedBatch = verifyWebhook({
      payload: batch!.r.body,
      headers: batch!.r.headers,
      secret,
      apiKey: t.token,
    });
    expect(verifiedBatch.mutations.map((x) => String(x.id))).toEqual([mutationId]);
    const paid = verifyEventWebhook({
      payload: event!.r.body,
      headers: event!.r.headers,
      secret,
      apiKey: t.token,
    });
    expect(paid.event).toBe('invoice.paid');
    expect(paid.data as InvoiceEventData).toMatchObject({
      id: invoice.id,
      status: 'paid',
      paid_mutation_id: mutationId,
      reference: 'ORDER-12345',
    });

    const after = await t.api('GET', `/invoice/${invoice.id}`);
    expect(after.json.data).toMatchObject({ status: 'paid', paid_mutation_id: mutationId });
  });
});

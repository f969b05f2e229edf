import { createHmac } from 'node:crypto';
import { verifyWebhook, WebhookVerificationError } from 'mutasibank';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReceivedRequest, type Receiver, startReceiver } from '../dispatch/receiver.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let t: TestServer;
let accountId: number;

beforeAll(async () => {
  // Fast retries so a test sees a whole schedule in well under a second.
  t = await startTestServer({ start: { dispatch: { retryDelaysMs: [20, 40, 60, 80], pollIntervalMs: 50 } } });
  const a = await t.api('POST', '/account/create', {
    body: { bank_id: 100, account_name: 'PT Example', account_no: '1234567890' },
  });
  accountId = (a.json.data as { id: number }).id;
});
afterAll(() => t.stop());

async function webhook(receiver: Receiver, extra: Record<string, unknown> = {}) {
  const r = await t.api('POST', '/webhook', {
    body: { url: `${receiver.origin}/hook`, bank_account_id: accountId, ...extra },
  });
  expect(r.status, r.text).toBe(200);
  return r.json.data as { id: number; secret: string };
}

async function simulate(amount: number, description = 'TRSF E-BANKING CR ORDER-1') {
  const r = await t.api('POST', `/simulator/${accountId}/mutations`, {
    body: { type: 'CR', amount, description },
  });
  expect(r.status, r.text).toBe(200);
  return r.json.data as { id: string };
}

async function deliveries(webhookId: number) {
  const r = await t.api('GET', `/webhook/${webhookId}/deliveries`);
  expect(r.status, r.text).toBe(200);
  return r.json.data as Array<{
    id: string;
    status: string;
    attempts: number;
    attempt_log: Array<{ status_code: number | null; outcome: string }>;
  }>;
}

async function until(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const header = (r: ReceivedRequest, name: string) => String(r.headers[name] ?? '');

describe('webhook delivery end to end', () => {
  let receiver: Receiver;
  afterAll(() => receiver?.close());

  it('a simulated mutation arrives signed; the SDK verifier and a plain HMAC both accept it', async () => {
    receiver = await startReceiver();
    const { id, secret } = await webhook(receiver);
    const m = await simulate(150123);
    await receiver.waitForRequests(1);
    const [req] = receiver.requests;
    const event = verifyWebhook({ payload: req!.body, headers: req!.headers, secret, apiKey: t.token });
    expect(event.payload.account_id).toBe(accountId);
    expect(event.payload.data_mutasi).toEqual([
      expect.objectContaining({ id: m.id, amount: 150123, type: 'CR' }),
    ]);
    expect(header(req!, 'x-mutasibank-signature')).toBe(
      createHmac('sha256', secret).update(req!.body).digest('hex'),
    );
    expect(header(req!, 'x-mutasibank-webhook-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(header(req!, 'content-type')).toBe('application/json');
    expect(header(req!, 'user-agent')).toBe('Mutasibank-Webhook/1.0');
    expect(JSON.parse(req!.body)).toMatchObject({
      api_key: t.token,
      account_number: '1234567890',
      module: 'simulator',
    });
    await until(async () => (await deliveries(id))[0]?.status === 'delivered', 'delivered status');
    await t.api('DELETE', `/webhook/${id}`);
  });

  it('include_api_key: 0 leaves the token out; the standard signature is added when asked', async () => {
    const r = await startReceiver();
    try {
      const { id, secret } = await webhook(r, { include_api_key: 0, standard_signature: 1 });
      await simulate(777);
      await r.waitForRequests(1);
      const [req] = r.requests;
      expect(JSON.parse(req!.body).api_key).toBeUndefined();
      expect(() =>
        verifyWebhook({ payload: req!.body, headers: req!.headers, secret, requireStandardSignature: true }),
      ).not.toThrow();
      const signed = `${header(req!, 'webhook-id')}.${header(req!, 'webhook-timestamp')}.${req!.body}`;
      expect(header(req!, 'webhook-signature')).toBe(
        `v1,${createHmac('sha256', secret).update(signed).digest('base64')}`,
      );
      await t.api('DELETE', `/webhook/${id}`);
    } finally {
      await r.close();
    }
  });

  it('a receiver failing three times gets retries on the schedule, with one stable id, all in the log', async () => {
    let calls = 0;
    const r = await startReceiver((_req, res) => {
      calls++;
      res.writeHead(calls <= 3 ? 500 : 200).end(calls <= 3 ? 'boom' : 'ok');
    });
    try {
      const { id } = await webhook(r);
      await simulate(5000);
      await r.waitForRequests(4);
      expect(new Set(r.requests.map((q) => header(q, 'x-mutasibank-webhook-id'))).size).toBe(1);
      // fresh timestamp per attempt: the signature header changes only if the timestamp changes,
      // but the timestamp header is re-set every attempt
      await until(async () => (await deliveries(id))[0]?.status === 'delivered', 'delivery after retries');
      const [d] = await deliveries(id);
      expect(d).toMatchObject({ status: 'delivered', attempts: 4 });
      expect(d!.attempt_log.map((a) => a.status_code).reverse()).toEqual([500, 500, 500, 200]);
      expect(d!.id).toBe(header(r.requests[0]!, 'x-mutasibank-webhook-id'));
      await t.api('DELETE', `/webhook/${id}`);
    } finally {
      await r.close();
    }
  });

  it('410 Gone disables the endpoint at once and says why', async () => {
    const r = await startReceiver((_req, res) => res.writeHead(410).end('gone'));
    try {
      const { id } = await webhook(r);
      await simulate(10);
      await r.waitForRequests(1);
      await until(
        async () =>
          (await t.api('GET', `/webhook/${id}`)).json.data !== undefined &&
          ((await t.api('GET', `/webhook/${id}`)).json.data as { is_active: number }).is_active === 0,
        'disabled',
      );
      const w = (await t.api('GET', `/webhook/${id}`)).json.data as {
        is_active: number;
        disabled_reason: string;
      };
      expect(w.disabled_reason).toMatch(/410/);
      await simulate(11);
      await new Promise((res) => setTimeout(res, 100));
      expect(r.requests).toHaveLength(1);
      await t.api('DELETE', `/webhook/${id}`);
    } finally {
      await r.close();
    }
  });

  it('resend sends the same message again; test sends a signed sample now', async () => {
    const r = await startReceiver();
    try {
      const { id, secret } = await webhook(r);
      await simulate(42);
      await r.waitForRequests(1);
      await until(async () => (await deliveries(id))[0]?.status === 'delivered', 'first delivery');
      const [d] = await deliveries(id);
      const resend = await t.api('POST', `/webhook/${id}/deliveries/${d!.id}/resend`);
      expect(resend.status, resend.text).toBe(200);
      await r.waitForRequests(2);
      expect(header(r.requests[1]!, 'x-mutasibank-webhook-id')).toBe(d!.id);
      const test = await t.api('POST', `/webhook/${id}/test`, { body: {} });
      expect(test.json).toMatchObject({ error: false, delivered: true, status_code: 200, kind: 'http' });
      const sample = r.requests[2]!;
      expect(JSON.parse(sample.body)).toMatchObject({ account_id: accountId, data_mutasi: [] });
      expect(() => verifyWebhook({ payload: sample.body, headers: sample.headers, secret })).not.toThrow();
      expect((await t.api('POST', `/webhook/${id}/deliveries/nope/resend`)).status).toBe(404);
      await t.api('DELETE', `/webhook/${id}`);
    } finally {
      await r.close();
    }
  });

  it('rotate_secret: both secrets sign during the grace period, and the SDK verifier accepts either', async () => {
    const r = await startReceiver();
    try {
      const { id, secret: old } = await webhook(r);
      const rot = await t.api('POST', `/webhook/${id}/rotate_secret`, { body: {} });
      expect(rot.status, rot.text).toBe(200);
      const fresh = (rot.json.data as { secret: string }).secret;
      expect(fresh).toMatch(/^[0-9a-f]{64}$/);
      await simulate(99);
      await r.waitForRequests(1);
      const [req] = r.requests;
      const sigs = header(req!, 'x-mutasibank-signature').split(' ');
      expect(sigs).toEqual([
        createHmac('sha256', fresh).update(req!.body).digest('hex'),
        createHmac('sha256', old).update(req!.body).digest('hex'),
      ]);
      expect(() => verifyWebhook({ payload: req!.body, headers: req!.headers, secret: fresh })).not.toThrow();
      expect(() => verifyWebhook({ payload: req!.body, headers: req!.headers, secret: old })).not.toThrow();
      expect(() =>
        verifyWebhook({ payload: req!.body, headers: req!.headers, secret: 'f'.repeat(64) }),
      ).toThrow(WebhookVerificationError);
      await t.api('DELETE', `/webhook/${id}`);
    } finally {
      await r.close();
    }
  });

  it("the account's url_callback gets deliveries too, signed with the callback secret shown once", async () => {
    const r = await startReceiver();
    try {
      const upd = await t.api('PUT', `/account/${accountId}`, {
        body: { url_callback: `${r.origin}/callback` },
      });
      expect(upd.status, upd.text).toBe(200);
      const secret = upd.json.callback_secret as string;
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      const again = await t.api('PUT', `/account/${accountId}`, {
        body: { url_callback: `${r.origin}/callback2` },
      });
      expect(again.json.callback_secret).toBeUndefined();
      expect(((await t.api('GET', '/webhooks')).json.data as unknown[]).length).toBe(0);
      await simulate(123);
      await r.waitForRequests(1);
      const [req] = r.requests;
      expect(req!.path).toBe('/callback2');
      expect(() => verifyWebhook({ payload: req!.body, headers: req!.headers, secret })).not.toThrow();
      await t.api('PUT', `/account/${accountId}`, { body: { url_callback: '' } });
      await simulate(124);
      await new Promise((res) => setTimeout(res, 100));
      expect(r.requests).toHaveLength(1);
    } finally {
      await r.close();
    }
  });
});

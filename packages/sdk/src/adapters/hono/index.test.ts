import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { NodeCryptoProvider } from '../../crypto/node-crypto-provider.js';
import { signWebhookWith } from '../../webhooks/sign.js';
import { describeAdapterContract, type HarnessServerOptions } from '../adapter.contract.js';
import { harnessAnswer } from '../test-server.contract.js';
import { mutasibankWebhook } from './index.js';

async function start({ adapter, parseJsonFirst }: HarnessServerOptions) {
  const app = new Hono();
  // The app's own error handler (Hono's default prints the stack to stderr).
  app.onError((_error, c) => c.json({ error: true, code: 'internal_error', message: 'handler failed' }, 500));
  if (parseJsonFirst) {
    // A middleware that parses JSON before the webhook one (a logger, a validator).
    app.use('*', async (c, next) => {
      await c.req.json().catch(() => undefined);
      await next();
    });
  }
  app.post('/webhook', mutasibankWebhook(adapter), (c) => c.json(harnessAnswer(c.get('mutasibankWebhook'))));
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}/webhook`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describeAdapterContract({ name: 'Hono (@hono/node-server)', start, parsedBody: 'verifies' });

describe('Hono middleware', () => {
  const secret = 'e'.repeat(64);
  const now = new Date('2026-01-01T00:00:00Z');
  const body = '{"account_id":9,"data_mutasi":[]}';
  const headers = () => signWebhookWith(new NodeCryptoProvider(), { payload: body, secret }, now);

  it('the handler can still read the body after the middleware', async () => {
    const app = new Hono();
    app.post('/webhook', mutasibankWebhook({ secret, clock: () => now }), async (c) =>
      c.json({ text: await c.req.text(), json: await c.req.json() }),
    );
    const response = await app.request('/webhook', { method: 'POST', headers: headers(), body });
    expect(await response.json()).toEqual({ text: body, json: JSON.parse(body) });
  });

  it('a body consumed outside Hono is refused as payload_not_raw, not as a bad signature', async () => {
    const app = new Hono();
    app.use('*', async (c, next) => {
      await c.req.raw.arrayBuffer();
      await next();
    });
    app.post('/webhook', mutasibankWebhook({ secret, clock: () => now }), (c) => c.json({}));
    const response = await app.request('/webhook', { method: 'POST', headers: headers(), body });
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ code: 'payload_not_raw' });
  });
});

import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { NodeCryptoProvider } from '../../crypto/node-crypto-provider.js';
import { signWebhookWith } from '../../webhooks/sign.js';
import { describeAdapterContract, type HarnessServerOptions } from '../adapter.contract.js';
import { harnessAnswer } from '../test-server.contract.js';
import { mutasibankWebhook } from './index.js';

async function start({ adapter, parseJsonFirst }: HarnessServerOptions) {
  const app = Fastify();
  if (parseJsonFirst) {
    // A root-level JSON parser of the app's own: the plugin's scoped parser must still win on its route.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
      done(null, JSON.parse(body as string));
    });
  }
  await app.register(mutasibankWebhook, {
    ...adapter,
    prefix: '/webhook',
    handler: (event) => harnessAnswer(event),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/webhook`, close: () => app.close() };
}

describeAdapterContract({ name: 'Fastify', start, parsedBody: 'verifies' });

describe('Fastify plugin', () => {
  const secret = 'e'.repeat(64);
  const now = new Date('2026-01-01T00:00:00Z');

  it('keeps the raw-body parser on its own route: sibling routes still get parsed JSON', async () => {
    const app = Fastify();
    app.post('/other', async (request) => ({ parsed: request.body }));
    await app.register(mutasibankWebhook, {
      prefix: '/webhook',
      secret,
      clock: () => now,
      handler: (event, request) => ({
        same: request.mutasibankWebhook === event,
        accountId: event.accountId,
      }),
    });
    const other = await app.inject({ method: 'POST', url: '/other', payload: { a: 1 } });
    expect(other.json()).toEqual({ parsed: { a: 1 } });
    const body = '{"account_id":9,"data_mutasi":[]}';
    const headers = signWebhookWith(new NodeCryptoProvider(), { payload: body, secret }, now);
    const webhook = await app.inject({ method: 'POST', url: '/webhook', payload: body, headers });
    expect(webhook.json()).toEqual({ same: true, accountId: 9 });
    await app.close();
  });

  it('a handler that returns nothing answers { success: true }', async () => {
    const app = Fastify();
    await app.register(mutasibankWebhook, {
      secret,
      clock: () => now,
      path: '/hook',
      handler: () => undefined,
    });
    const body = '{"account_id":9,"data_mutasi":[]}';
    const headers = signWebhookWith(new NodeCryptoProvider(), { payload: body, secret }, now);
    const response = await app.inject({ method: 'POST', url: '/hook', payload: body, headers });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ success: true });
    await app.close();
  });

  it('a bad secret fails at registration', async () => {
    const app = Fastify();
    await expect(
      app.register(mutasibankWebhook, { secret: 'short', handler: () => undefined }),
    ).rejects.toThrow(/64/);
  });
});

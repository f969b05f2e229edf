import { createServer } from 'node:http';
import express5 from 'express';
import express4 from 'express4';
import { describe, expect, it } from 'vitest';
import { NodeCryptoProvider } from '../../crypto/node-crypto-provider.js';
import { signWebhookWith } from '../../webhooks/sign.js';
import { describeAdapterContract, type HarnessServerOptions } from '../adapter.contract.js';
import { harnessAnswer, listenLocal } from '../test-server.contract.js';
import { keepRawBody, mutasibankWebhook } from './index.js';

type ExpressFactory = typeof express5;

function startWith(express: ExpressFactory) {
  return async ({ adapter, parseJsonFirst }: HarnessServerOptions) => {
    const app = express();
    if (parseJsonFirst) app.use(express.json());
    app.post('/webhook', mutasibankWebhook(adapter), (req, res) => {
      res.json(harnessAnswer(req.mutasibankWebhook!));
    });
    app.use(express.json());
    return listenLocal(createServer(app), '/webhook');
  };
}

for (const [name, express] of [
  ['Express 4', express4],
  ['Express 5', express5],
] as const) {
  describeAdapterContract({ name, start: startWith(express), parsedBody: 'payload_not_raw' });

  describe(`${name}: the other supported set-ups`, () => {
    const secret = 'e'.repeat(64);
    const now = new Date('2026-01-01T00:00:00Z');
    const body = '{"account_id":1,"data_mutasi":[]}';
    const headers = () => signWebhookWith(new NodeCryptoProvider(), { payload: body, secret }, now);

    async function answer(app: ReturnType<ExpressFactory>) {
      const server = await listenLocal(createServer(app), '/webhook');
      try {
        const response = await fetch(server.url, { method: 'POST', headers: headers(), body });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      } finally {
        await server.close();
      }
    }

    it('express.json({ verify: keepRawBody }) in front: verifies from the kept bytes', async () => {
      const app = express();
      app.use(express.json({ verify: keepRawBody }));
      app.post('/webhook', mutasibankWebhook({ secret, clock: () => now }), (req, res) => {
        res.json({
          accountId: req.mutasibankWebhook!.accountId,
          bodyIsPayload: req.body === req.mutasibankWebhook!.payload,
        });
      });
      expect(await answer(app)).toEqual({ status: 200, body: { accountId: 1, bodyIsPayload: true } });
    });

    it('express.raw() on the route: verifies from the Buffer body', async () => {
      const app = express();
      app.post(
        '/webhook',
        express.raw({ type: '*/*' }),
        mutasibankWebhook({ secret, clock: () => now }),
        (req, res) => {
          res.json({ accountId: req.mutasibankWebhook!.accountId });
        },
      );
      expect(await answer(app)).toEqual({ status: 200, body: { accountId: 1 } });
    });

    it('plain express.json() in front: a clear payload_not_raw naming the fix, not invalid_signature', async () => {
      const app = express();
      app.use(express.json());
      app.post('/webhook', mutasibankWebhook({ secret, clock: () => now }), (_req, res) => {
        res.json({});
      });
      const { status, body: refusal } = await answer(app);
      expect(status).toBe(500);
      expect(refusal).toMatchObject({ error: true, code: 'payload_not_raw' });
      expect(refusal.message).toMatch(/keepRawBody/);
    });

    it('a bad secret fails at set-up, not on the first delivery', () => {
      expect(() => mutasibankWebhook({ secret: `${secret}\n` })).toThrow(/whitespace/);
    });
  });
}

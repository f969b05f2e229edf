import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadWebhookVectors } from '../../test/webhook-vectors.js';
import { NodeCryptoProvider } from '../crypto/node-crypto-provider.js';
import { WebCryptoProvider } from '../crypto/web-crypto-provider.js';
import { signWebhookAsyncWith, signWebhookWith } from './sign.js';

const vectors = loadWebhookVectors();
const node = new NodeCryptoProvider();
const now = new Date(vectors.now * 1000);
const { secret } = vectors;

describe('signWebhook', () => {
  it.each(
    vectors.cases.filter(
      (c) => c.expect === 'ok' && !c.secrets && /^[0-9a-f]{64}$/.test(c.headers['X-Mutasibank-Signature']!),
    ),
  )('reproduces the vector signature: $name', (vector) => {
    const headers = signWebhookWith(
      node,
      {
        payload: vector.body,
        secret,
        timestamp: Number(vector.headers['X-Mutasibank-Timestamp']),
        webhookId: vector.headers['X-Mutasibank-Webhook-Id'],
      },
      now,
    );
    expect(headers).toEqual(vector.headers);
  });

  it('the async form on Web Crypto gives the same headers', async () => {
    const options = {
      payload: vectors.cases[0]!.body,
      secret: [secret, 'b'.repeat(64)],
      webhookId: 'id-1',
      standard: true,
    };
    const sync = signWebhookWith(node, options, now);
    expect(await signWebhookAsyncWith(new WebCryptoProvider(), options, now)).toEqual(sync);
    expect(await signWebhookAsyncWith(node, options, now)).toEqual(sync);
  });

  it('defaults: the timestamp from now, a fresh UUID per message', () => {
    const a = signWebhookWith(node, { payload: '{}', secret }, now);
    const b = signWebhookWith(node, { payload: '{}', secret }, now);
    expect(a['X-Mutasibank-Timestamp']).toBe(String(vectors.now));
    expect(a['X-Mutasibank-Webhook-Id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(a['X-Mutasibank-Webhook-Id']).not.toBe(b['X-Mutasibank-Webhook-Id']);
    expect(a['webhook-signature']).toBeUndefined();
  });

  it('rotation: one hex signature per secret, space-separated, in the order given', () => {
    const other = 'c'.repeat(64);
    const headers = signWebhookWith(node, { payload: 'x', secret: [other, secret] }, now);
    const expected = [other, secret].map((s) => createHmac('sha256', s).update('x').digest('hex'));
    expect(headers['X-Mutasibank-Signature']).toBe(expected.join(' '));
  });

  it('standard: v1,<base64 HMAC of id.timestamp.body>, as the Standard Webhooks spec computes it', () => {
    const payload = '{"account_id":1,"data_mutasi":[]}';
    const headers = signWebhookWith(node, { payload, secret, webhookId: 'msg_1', standard: true }, now);
    const content = `msg_1.${vectors.now}.${payload}`;
    expect(headers['webhook-id']).toBe('msg_1');
    expect(headers['webhook-timestamp']).toBe(String(vectors.now));
    expect(headers['webhook-signature']).toBe(
      `v1,${createHmac('sha256', secret).update(content).digest('base64')}`,
    );
    // The compatible headers are always there.
    expect(headers['X-Mutasibank-Signature']).toBe(
      createHmac('sha256', secret).update(payload).digest('hex'),
    );
  });

  it('refuses a millisecond timestamp, a bad id and a bad secret', () => {
    expect(() => signWebhookWith(node, { payload: '{}', secret, timestamp: Date.now() }, now)).toThrow(
      /milliseconds/,
    );
    expect(() => signWebhookWith(node, { payload: '{}', secret, webhookId: 'a.b' }, now)).toThrow(RangeError);
    expect(() => signWebhookWith(node, { payload: '{}', secret: 'short' }, now)).toThrow(/64/);
  });
});

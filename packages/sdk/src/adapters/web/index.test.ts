import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { NodeCryptoProvider } from '../../crypto/node-crypto-provider.js';
import { signWebhookWith } from '../../webhooks/sign.js';
import { describeAdapterContract, type HarnessServerOptions } from '../adapter.contract.js';
import { harnessAnswer, listenLocal } from '../test-server.contract.js';
import { createWebhookHandler } from './index.js';

/** Serves a `(Request) => Response` handler over node:http, the way Node-hosted runtimes bridge it. */
async function start({ adapter, parseJsonFirst }: HarnessServerOptions) {
  const webhook = createWebhookHandler(adapter, (event) => Response.json(harnessAnswer(event)));
  const handle = async (request: Request) => {
    // Parsing first, Next.js-style, consumes the body: the handler must say so, not fail the signature.
    if (parseJsonFirst) await request.json().catch(() => undefined);
    return webhook(request);
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string') headers.set(name, value);
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers,
      body: Buffer.concat(chunks),
    });
    const response = await handle(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  return listenLocal(server, '/webhook');
}

describeAdapterContract({
  name: 'Web-standard handler (Request => Response)',
  start,
  parsedBody: 'payload_not_raw',
});

describe('createWebhookHandler', () => {
  const secret = 'e'.repeat(64);
  const now = new Date('2026-01-01T00:00:00Z');
  const body = '{"account_id":9,"data_mutasi":[]}';

  it('answers { success: true } when the handler returns nothing, and a bare 500 when it throws', async () => {
    const headers = () => signWebhookWith(new NodeCryptoProvider(), { payload: body, secret }, now);
    const quiet = createWebhookHandler({ secret, clock: () => now }, () => undefined);
    const ok = await quiet(new Request('http://x/', { method: 'POST', headers: headers(), body }));
    expect(await ok.json()).toEqual({ success: true });
    const failing = createWebhookHandler({ secret, clock: () => now }, () => {
      throw new Error('secret detail from a stack');
    });
    const failed = await failing(new Request('http://x/', { method: 'POST', headers: headers(), body }));
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({
      error: true,
      code: 'internal_error',
      message: 'the webhook could not be processed',
    });
  });

  it('refuses an oversized streamed body without a Content-Length', async () => {
    const handler = createWebhookHandler({ secret, clock: () => now, bodyLimitBytes: 10 }, () => undefined);
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('x'.repeat(8)));
        controller.enqueue(new TextEncoder().encode('x'.repeat(8)));
        controller.close();
      },
    });
    const request = new Request('http://x/', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    const response = await handler(request);
    expect(response.status).toBe(413);
  });
});

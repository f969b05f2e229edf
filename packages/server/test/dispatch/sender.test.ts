import { afterEach, describe, expect, it } from 'vitest';
import { UndiciSender } from '../../src/dispatch/sender.js';
import { closedPort, type Receiver, type ReceiverHandler, startReceiver } from './receiver.js';

const NOW_MS = Date.UTC(2026, 0, 1, 0, 0, 0);
const BODY = '{"api_key":"test","account_id":1,"data_mutasi":[]}';
const HEADERS = {
  'content-type': 'application/json',
  'user-agent': 'Mutasibank-Webhook/1.0',
  'x-mutasibank-webhook-id': 'b2c3d4e5-f6a7-4890-ab12-cd34ef567890',
};

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function receiver(handler?: ReceiverHandler): Promise<Receiver> {
  const started = await startReceiver(handler);
  cleanups.push(() => started.close());
  return started;
}

function devSender(timeoutMs = 5_000): UndiciSender {
  const sender = new UndiciSender({ dev: true, nowMs: () => NOW_MS, timeoutMs });
  cleanups.push(() => sender.close());
  return sender;
}

describe('UndiciSender in dev mode, against real receivers on 127.0.0.1', () => {
  it('delivers on 2xx, sending the body and headers exactly', async () => {
    const target = await receiver((_req, res) => res.writeHead(204).end());
    const result = await devSender().send({ url: `${target.origin}/hook`, body: BODY, headers: HEADERS });
    expect(result).toMatchObject({ outcome: 'delivered', kind: 'http', statusCode: 204 });
    expect(result.error).toBeUndefined();
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(target.requests).toHaveLength(1);
    expect(target.requests[0]).toMatchObject({ method: 'POST', path: '/hook', body: BODY });
    expect(target.requests[0]?.headers).toMatchObject(HEADERS);
  });

  it('reports a 500 as a failed http attempt with the start of the answer', async () => {
    const target = await receiver((_req, res) => res.writeHead(500).end('database down'));
    const result = await devSender().send({ url: target.origin, body: BODY, headers: HEADERS });
    expect(result).toMatchObject({
      outcome: 'failed',
      kind: 'http',
      statusCode: 500,
      error: 'HTTP 500',
      responseSnippet: 'database down',
    });
  });

  it('reports 410 Gone as gone', async () => {
    const target = await receiver((_req, res) => res.writeHead(410).end());
    const result = await devSender().send({ url: target.origin, body: BODY, headers: HEADERS });
    expect(result).toMatchObject({ outcome: 'gone', kind: 'http', statusCode: 410 });
  });

  it('reads Retry-After on 429 (seconds) and 503 (HTTP-date), not on other statuses', async () => {
    const answers: Array<[number, string]> = [
      [429, '120'],
      [503, new Date(NOW_MS + 90_000).toUTCString()],
      [500, '120'],
    ];
    const target = await receiver((_req, res) => {
      const [status, retryAfter] = answers.shift() ?? [200, ''];
      res.writeHead(status, { 'retry-after': retryAfter }).end();
    });
    const sender = devSender();
    const send = () => sender.send({ url: target.origin, body: BODY, headers: HEADERS });
    expect(await send()).toMatchObject({ statusCode: 429, retryAfterSeconds: 120 });
    expect(await send()).toMatchObject({ statusCode: 503, retryAfterSeconds: 90 });
    expect((await send()).retryAfterSeconds).toBeUndefined();
  });

  it('never follows a redirect', async () => {
    const elsewhere = await receiver();
    const target = await receiver((_req, res) =>
      res.writeHead(302, { location: `${elsewhere.origin}/x` }).end(),
    );
    const result = await devSender().send({ url: target.origin, body: BODY, headers: HEADERS });
    expect(result).toMatchObject({ outcome: 'failed', kind: 'redirect', statusCode: 302 });
    expect(result.error).toMatch(/redirect to http:\/\/127\.0\.0\.1:\d+\/x not followed/);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('times out a receiver that never answers', async () => {
    const target = await receiver(() => {});
    const result = await devSender(150).send({ url: target.origin, body: BODY, headers: HEADERS });
    expect(result).toMatchObject({ outcome: 'failed', kind: 'timeout', error: 'timed out after 150 ms' });
    expect(result.statusCode).toBeUndefined();
  });

  it('times out a receiver that sends headers but never ends the body', async () => {
    const target = await receiver((_req, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    const result = await devSender(150).send({ url: target.origin, body: BODY, headers: HEADERS });
    expect(result).toMatchObject({ outcome: 'failed', kind: 'timeout' });
  });

  it('keeps only a 1 KiB snippet of a huge answer', async () => {
    const target = await receiver((_req, res) => res.writeHead(200).end('x'.repeat(4 * 1024 * 1024)));
    const result = await devSender().send({ url: target.origin, body: BODY, headers: HEADERS });
    expect(result.outcome).toBe('delivered');
    expect(result.responseSnippet).toBe('x'.repeat(1024));
  });

  it('does not cut a multi-byte character in half at the cap', async () => {
    const target = await receiver((_req, res) => res.writeHead(500).end(`${'a'.repeat(1023)}é and more`));
    const result = await devSender().send({ url: target.origin, body: BODY, headers: HEADERS });
    expect(result.responseSnippet).toBe('a'.repeat(1023));
  });

  it('reports a refused connection', async () => {
    const port = await closedPort();
    const result = await devSender().send({ url: `http://127.0.0.1:${port}/`, body: BODY, headers: HEADERS });
    expect(result).toMatchObject({ outcome: 'failed', kind: 'refused', error: 'connection refused' });
  });

  it('reports a TLS failure (https to a plain-HTTP port)', async () => {
    const target = await receiver();
    const result = await devSender().send({
      url: `https://127.0.0.1:${target.port}/`,
      body: BODY,
      headers: HEADERS,
    });
    expect(result).toMatchObject({ outcome: 'failed', kind: 'tls' });
    expect(result.error).toMatch(/^TLS failed \(/);
  });

  it('reports an abort from the caller as aborted, not as a timeout', async () => {
    const target = await receiver(() => {});
    const controller = new AbortController();
    const sending = devSender().send({
      url: target.origin,
      body: BODY,
      headers: HEADERS,
      signal: controller.signal,
    });
    await target.waitForRequests(1);
    controller.abort();
    expect(await sending).toMatchObject({ outcome: 'failed', kind: 'aborted' });
  });

  it('reuses keep-alive connections for consecutive messages', async () => {
    const target = await receiver();
    const sender = devSender();
    for (let i = 0; i < 20; i++) {
      expect((await sender.send({ url: target.origin, body: BODY, headers: HEADERS })).outcome).toBe(
        'delivered',
      );
    }
    // undici may open a second socket while the first is being returned to its pool; never one per message.
    expect(target.connections()).toBeLessThanOrEqual(2);
  });
});

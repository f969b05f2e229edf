import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadWebhookVectors } from '../../test/webhook-vectors.js';
import { NodeCryptoProvider } from '../crypto/node-crypto-provider.js';
import { WebCryptoProvider } from '../crypto/web-crypto-provider.js';
import { WebhookVerificationError } from '../errors.js';
import type { WebhookEvent } from './event.js';
import { MemoryReplayStore } from './replay/memory-replay-store.js';
import { signWebhookWith } from './sign.js';
import { type VerifyWebhookAsyncOptions, verifyWebhookAsyncWith, verifyWebhookWith } from './verify.js';

const vectors = loadWebhookVectors();
const node = new NodeCryptoProvider();
const web = new WebCryptoProvider();
const now = new Date(vectors.now * 1000);
const secret = vectors.secret;
const body = vectors.cases[0]!.body;

/** Every verifier path: sync on node:crypto, async on node:crypto, async on Web Crypto. */
const verifiers: Array<[string, (options: VerifyWebhookAsyncOptions) => Promise<WebhookEvent>]> = [
  [
    'verifyWebhook (sync, node:crypto)',
    async (options) => verifyWebhookWith(node, { ...options, replayStore: undefined }),
  ],
  ['verifyWebhookAsync (node:crypto)', (options) => verifyWebhookAsyncWith(node, options)],
  ['verifyWebhookAsync (Web Crypto)', (options) => verifyWebhookAsyncWith(web, options)],
];

async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'ok';
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.code;
    throw error;
  }
}

/** The verification error a call rejects with; fails the test when it resolves. */
async function failure(run: Promise<unknown>): Promise<WebhookVerificationError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return error as WebhookVerificationError;
}

function signed(payload = body, at = now) {
  return signWebhookWith(node, { payload, secret, webhookId: 'b2c3d4e5-f6a7-4890-ab12-cd34ef567890' }, at);
}

describe.each(verifiers)('%s', (_name, verify) => {
  it.each(vectors.cases)('vector: $name -> $expect', async (vector) => {
    const run = () =>
      verify({
        payload: vector.body,
        headers: vector.headers,
        secret: vector.secrets ?? secret,
        now,
        toleranceSeconds: vectors.toleranceSeconds,
      });
    expect(await outcome(run)).toBe(vector.expect);
  });

  it('accepts the body as string, Buffer, Uint8Array and ArrayBuffer alike', async () => {
    const bytes = new TextEncoder().encode(body);
    for (const payload of [body, Buffer.from(body), bytes, bytes.buffer]) {
      const event = await verify({ payload, headers: signed(), secret, now });
      expect(event.accountId).toBe(123);
    }
  });

  it('returns the typed payload and the normalised view', async () => {
    const event = await verify({ payload: body, headers: signed(), secret, now });
    expect(event.webhookId).toBe('b2c3d4e5-f6a7-4890-ab12-cd34ef567890');
    expect(event.timestamp).toBe(vectors.now);
    expect(event.scheme).toBe('mutasibank');
    expect(event.payload.account_number).toBe('1234567890');
    expect(event.mutations).toHaveLength(1);
    const [mutation] = event.mutations;
    expect(mutation).toMatchObject({
      id: '5f0b8a3e-2c1d-4b7a-9e6f-1a2b3c4d5e6f',
      direction: 'credit',
      amount: 150123,
    });
    // 21:15:04 WIB is 14:15:04 UTC.
    expect(mutation!.transactedAt.toISOString()).toBe('2025-12-31T14:15:04.000Z');
  });

  it('refuses a parsed object with payload_not_raw and says how to get the raw body', async () => {
    for (const payload of [JSON.parse(body), undefined, null, 42]) {
      const error = await failure(verify({ payload, headers: signed(), secret, now }));
      expect(error).toBeInstanceOf(WebhookVerificationError);
      expect((error as WebhookVerificationError).code).toBe('payload_not_raw');
      expect((error as Error).message).toMatch(/express\.raw|arrayBuffer/);
    }
  });

  it('reports secret problems as invalid_secret, never echoing the secret', async () => {
    const cases = [` ${secret}`, `${secret}\n`, secret.slice(0, 32), `${secret}00`, '', [] as string[]];
    for (const bad of cases) {
      const error = await failure(verify({ payload: body, headers: signed(), secret: bad, now }));
      expect((error as WebhookVerificationError).code).toBe('invalid_secret');
      expect((error as Error).message).not.toContain(secret.slice(0, 16));
    }
    const whitespace = await failure(verify({ payload: body, headers: signed(), secret: `${secret} `, now }));
    expect(whitespace.message).toMatch(/whitespace/);
  });

  it('toleranceSeconds 0 skips the time check, and only that', async () => {
    const old = signed(body, new Date(0));
    expect(
      await outcome(() => verify({ payload: body, headers: old, secret, now, toleranceSeconds: 0 })),
    ).toBe('ok');
    expect(await outcome(() => verify({ payload: body, headers: old, secret, now }))).toBe(
      'timestamp_too_old',
    );
    const tampered = { ...old, 'X-Mutasibank-Signature': '0'.repeat(64) };
    expect(
      await outcome(() => verify({ payload: body, headers: tampered, secret, now, toleranceSeconds: 0 })),
    ).toBe('invalid_signature');
  });

  it('says the skew and its direction', async () => {
    const late = await failure(
      verify({
        payload: body,
        headers: signed(body, new Date(now.getTime() - 400_000)),
        secret,
        now,
      }),
    );
    expect(late.message).toMatch(/400 s older than now/);
    const early = await failure(
      verify({
        payload: body,
        headers: signed(body, new Date(now.getTime() + 301_000)),
        secret,
        now,
      }),
    );
    expect(early.message).toMatch(/301 s ahead of now/);
  });

  it('checks the api key in constant time and never echoes it', async () => {
    const ok = await verify({ payload: body, headers: signed(), secret, now, apiKey: 'TOKEN-EXAMPLE' });
    expect(ok.payload.api_key).toBe('TOKEN-EXAMPLE');
    for (const apiKey of ['TOKEN-EXAMPLF', 'TOKEN', 'TOKEN-EXAMPLE-LONGER']) {
      const error = await failure(verify({ payload: body, headers: signed(), secret, now, apiKey }));
      expect(error.code).toBe('api_key_mismatch');
      expect(error.message).not.toContain('TOKEN');
    }
    const minimal = '{"account_id":1,"data_mutasi":[]}';
    expect(
      await outcome(() =>
        verify({ payload: minimal, headers: signed(minimal), secret, now, apiKey: 'TOKEN-EXAMPLE' }),
      ),
    ).toBe('api_key_mismatch');
  });

  it('redacts api_key when the event or payload is logged or serialised', async () => {
    const event = await verify({ payload: body, headers: signed(), secret, now });
    for (const text of [
      JSON.stringify(event),
      JSON.stringify(event.payload),
      inspect(event),
      inspect(event.payload),
    ]) {
      expect(text).not.toContain('TOKEN-EXAMPLE');
      expect(text).toContain('[redacted]');
    }
    expect(event.payload.api_key).toBe('TOKEN-EXAMPLE');
  });

  it('no error message contains the secret, the api key or the body', async () => {
    for (const vector of vectors.cases.filter((c) => c.expect !== 'ok')) {
      const error = await failure(verify({ payload: vector.body, headers: vector.headers, secret, now }));
      expect(error.message).not.toContain(secret);
      expect(error.message).not.toContain('TOKEN-EXAMPLE');
      expect(error.message).not.toContain('SITI AMINAH');
    }
  });
});

describe('rotation and the standard signature', () => {
  const oldSecret = vectors.cases.find((c) => c.secrets)!.secrets![0]!;

  it.each(verifiers)(
    '%s: a header with one signature per secret verifies under either secret',
    async (_n, verify) => {
      const headers = signWebhookWith(node, { payload: body, secret: [oldSecret, secret] }, now);
      expect(headers['X-Mutasibank-Signature'].split(' ')).toHaveLength(2);
      for (const configured of [secret, oldSecret, [oldSecret, secret]]) {
        expect(await outcome(() => verify({ payload: body, headers, secret: configured, now }))).toBe('ok');
      }
      const other = 'f'.repeat(64);
      expect(await outcome(() => verify({ payload: body, headers, secret: other, now }))).toBe(
        'invalid_signature',
      );
    },
  );

  it.each(verifiers)(
    '%s: repeated signature headers (Node arrays, proxy-joined) verify too',
    async (_n, verify) => {
      const headers = signed();
      const good = headers['X-Mutasibank-Signature'];
      const other = 'ab'.repeat(32);
      const asArray = { ...headers, 'X-Mutasibank-Signature': [other, good] };
      expect(await outcome(() => verify({ payload: body, headers: asArray, secret, now }))).toBe('ok');
      const joined = { ...headers, 'X-Mutasibank-Signature': `${other}, ${good}` };
      expect(await outcome(() => verify({ payload: body, headers: joined, secret, now }))).toBe('ok');
      const tooMany = { ...headers, 'X-Mutasibank-Signature': `${`${other} `.repeat(8)}${good}` };
      expect(await outcome(() => verify({ payload: body, headers: tooMany, secret, now }))).toBe(
        'invalid_signature',
      );
    },
  );

  it.each(verifiers)(
    '%s: requireStandardSignature checks webhook-* and covers id and timestamp',
    async (_n, verify) => {
      const headers = signWebhookWith(
        node,
        { payload: body, secret: [secret, oldSecret], standard: true },
        now,
      );
      const options = { payload: body, secret, now, requireStandardSignature: true };
      const event = await verify({ ...options, headers });
      expect(event.scheme).toBe('standard');
      expect(event.webhookId).toBe(headers['webhook-id']);
      // Changing the id or the timestamp, which the compatible scheme does not sign, now fails.
      expect(
        await outcome(() => verify({ ...options, headers: { ...headers, 'webhook-id': 'other-id' } })),
      ).toBe('invalid_signature');
      const shifted = String(vectors.now - 1);
      expect(
        await outcome(() => verify({ ...options, headers: { ...headers, 'webhook-timestamp': shifted } })),
      ).toBe('invalid_signature');
      const { 'webhook-id': _id, ...noId } = headers;
      expect(await outcome(() => verify({ ...options, headers: noId }))).toBe('missing_webhook_id');
      const compatibleOnly = signed();
      expect(await outcome(() => verify({ ...options, headers: compatibleOnly }))).toBe('missing_signature');
    },
  );
});

describe('replay guard (async)', () => {
  it.each(verifiers.slice(1))('%s: the same id twice is replayed; another id passes', async (_n, verify) => {
    const replayStore = new MemoryReplayStore({ clock: () => now.getTime() });
    const headers = signed();
    await verify({ payload: body, headers, secret, now, replayStore });
    expect(await outcome(() => verify({ payload: body, headers, secret, now, replayStore }))).toBe(
      'replayed',
    );
    const fresh = { ...headers, 'X-Mutasibank-Webhook-Id': 'another-id' };
    expect(await outcome(() => verify({ payload: body, headers: fresh, secret, now, replayStore }))).toBe(
      'ok',
    );
  });

  it('a forged request never burns a real id', async () => {
    const replayStore = new MemoryReplayStore();
    const headers = signed();
    const forged = { ...headers, 'X-Mutasibank-Signature': 'a'.repeat(64) };
    expect(
      await outcome(() =>
        verifyWebhookAsyncWith(node, { payload: body, headers: forged, secret, now, replayStore }),
      ),
    ).toBe('invalid_signature');
    expect(
      await outcome(() => verifyWebhookAsyncWith(node, { payload: body, headers, secret, now, replayStore })),
    ).toBe('ok');
  });

  it('keeps ids for twice the tolerance by default', async () => {
    let clockMs = now.getTime();
    const replayStore = new MemoryReplayStore({ clock: () => clockMs });
    const headers = signed();
    await verifyWebhookAsyncWith(node, {
      payload: body,
      headers,
      secret,
      now,
      replayStore,
      toleranceSeconds: 0,
    });
    const replay = () =>
      verifyWebhookAsyncWith(node, { payload: body, headers, secret, now, replayStore, toleranceSeconds: 0 });
    clockMs += 86_399_000;
    expect(await outcome(replay)).toBe('replayed');
    clockMs += 2000;
    expect(await outcome(replay)).toBe('ok');
  });

  it('without a webhook id the guard cannot check: missing_webhook_id', async () => {
    const { 'X-Mutasibank-Webhook-Id': _id, ...headers } = signed();
    const replayStore = new MemoryReplayStore();
    expect(
      await outcome(() => verifyWebhookAsyncWith(node, { payload: body, headers, secret, now, replayStore })),
    ).toBe('missing_webhook_id');
    // Without a store an id is not required.
    expect(await outcome(() => verifyWebhookAsyncWith(node, { payload: body, headers, secret, now }))).toBe(
      'ok',
    );
  });

  it('the sync verifier refuses a replay store instead of silently ignoring it', () => {
    const options = { payload: body, headers: signed(), secret, now, replayStore: new MemoryReplayStore() };
    expect(() =>
      verifyWebhookWith(node, options as unknown as Parameters<typeof verifyWebhookWith>[1]),
    ).toThrow(/verifyWebhookAsync/);
  });
});

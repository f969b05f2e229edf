/**
 * @module adapters/adapter.contract
 * The one harness every framework adapter passes (stripe's webhook-signing examples share one):
 * each adapter test starts its real framework on 127.0.0.1 and this suite posts signed (and
 * mis-signed) deliveries at it over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeCryptoProvider } from '../crypto/node-crypto-provider.js';
import { MemoryReplayStore } from '../webhooks/replay/memory-replay-store.js';
import { signWebhookWith } from '../webhooks/sign.js';
import type { WebhookAdapterOptions } from './adapter-verifier.js';

/** The account id for which the test handler fails (throws), to check the failure path. */
export const FAILING_ACCOUNT_ID = 500;

/** What the test server's handler answers for a verified delivery. */
export interface HarnessSuccessBody {
  success: true;
  webhookId: string | undefined;
  accountId: number;
  mutationCount: number;
}

/** How a framework's test server is configured by the harness. */
export interface HarnessServerOptions {
  /** Adapter options: secret, replay store, clock, body limit. */
  adapter: WebhookAdapterOptions;
  /** Put the framework's usual JSON body parsing in front of the webhook route. */
  parseJsonFirst: boolean;
}

/** A started server. */
export interface HarnessServer {
  url: string;
  close(): Promise<void>;
}

/** One framework under test. */
export interface AdapterUnderTest {
  name: string;
  /**
   * Starts the framework on 127.0.0.1 (port 0) with the adapter on the returned URL. The route's
   * handler answers 200 with a {@link HarnessSuccessBody}, and throws for account
   * {@link FAILING_ACCOUNT_ID}.
   */
  start(options: HarnessServerOptions): Promise<HarnessServer>;
  /**
   * What a JSON parser in front of the adapter does: the adapter still verifies (it reads the raw
   * bytes some other way), or it refuses clearly with 500 `payload_not_raw`. Never a bad signature.
   */
  parsedBody: 'verifies' | 'payload_not_raw';
}

const secret = 'e'.repeat(64);
const now = new Date('2026-01-01T00:00:00Z');
const node = new NodeCryptoProvider();

function bodyFor(accountId: number): string {
  return JSON.stringify({
    api_key: 'TOKEN-EXAMPLE',
    account_id: accountId,
    data_mutasi: [{ id: 'm-1', transaction_date: '2025-12-31 21:15:04', type: 'CR', amount: 150123 }],
  });
}

/** Registers the harness for one framework. */
export function describeAdapterContract(adapter: AdapterUnderTest): void {
  describe(`adapter harness: ${adapter.name}`, () => {
    let server: HarnessServer;
    let parsingServer: HarnessServer;
    const events: string[] = [];
    const options = (): WebhookAdapterOptions => ({
      secret,
      replayStore: new MemoryReplayStore(),
      clock: () => now,
      bodyLimitBytes: 4096,
      onEvent: (e) => {
        events.push(`${e.event} ${e.eventId}`);
      },
    });
    beforeAll(async () => {
      server = await adapter.start({ adapter: options(), parseJsonFirst: false });
      parsingServer = await adapter.start({ adapter: options(), parseJsonFirst: true });
    });
    afterAll(async () => {
      await server?.close();
      await parsingServer?.close();
    });

    const post = (body: string, headers: Record<string, string>, url = server.url) =>
      fetch(url, { method: 'POST', headers, body });
    const sign = (body: string, extra: { timestamp?: Date } = {}) =>
      signWebhookWith(node, { payload: body, secret, timestamp: extra.timestamp ?? now }, now);

    async function expectRefusal(response: Response, status: number, code: string): Promise<void> {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      const body = (await response.json()) as { error: boolean; code: string; message: string };
      expect(body).toMatchObject({ error: true, code });
      expect(typeof body.message).toBe('string');
      expect(body.message).not.toMatch(/\n\s+at /);
      expect(body.message).not.toContain(secret);
    }

    it('a valid delivery reaches the handler with the verified event', async () => {
      const headers = sign(bodyFor(1));
      const response = await post(bodyFor(1), headers);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        success: true,
        webhookId: headers['X-Mutasibank-Webhook-Id'],
        accountId: 1,
        mutationCount: 1,
      });
    });

    it('a bad signature is 401 invalid_signature', async () => {
      const headers = { ...sign(bodyFor(1)), 'X-Mutasibank-Signature': 'ab'.repeat(16) };
      await expectRefusal(await post(bodyFor(1), headers), 401, 'invalid_signature');
    });

    it('a tampered body is 401 invalid_signature', async () => {
      await expectRefusal(await post(bodyFor(2), sign(bodyFor(1))), 401, 'invalid_signature');
    });

    it('missing headers are 401 missing_signature / missing_timestamp', async () => {
      const { 'X-Mutasibank-Signature': _s, ...noSignature } = sign(bodyFor(1));
      await expectRefusal(await post(bodyFor(1), noSignature), 401, 'missing_signature');
      const { 'X-Mutasibank-Timestamp': _t, ...noTimestamp } = sign(bodyFor(1));
      await expectRefusal(await post(bodyFor(1), noTimestamp), 401, 'missing_timestamp');
    });

    it('a stale timestamp is 401 timestamp_too_old', async () => {
      const headers = sign(bodyFor(1), { timestamp: new Date(now.getTime() - 3_600_000) });
      await expectRefusal(await post(bodyFor(1), headers), 401, 'timestamp_too_old');
    });

    it('a signed body that is not JSON is 400 invalid_json', async () => {
      await expectRefusal(await post('api_key=test', sign('api_key=test')), 400, 'invalid_json');
    });

    it('a signed body of the wrong shape is 400 invalid_payload', async () => {
      const body = '{"account_id":"x","data_mutasi":[]}';
      await expectRefusal(await post(body, sign(body)), 400, 'invalid_payload');
    });

    it('an event delivery (invoice.paid) is verified, given to onEvent and answered 200; a forged one is 401', async () => {
      const body = JSON.stringify({
        api_key: 'TOKEN-EXAMPLE',
        event: 'invoice.paid',
        id: 'ev-1',
        created_at: '2026-01-01 07:00:00',
        account_id: 1,
        data: { id: 9, status: 'paid' },
      });
      const response = await post(body, sign(body));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ error: false, event: 'invoice.paid', processed: true });
      expect(events).toContain('invoice.paid ev-1');
      await expectRefusal(
        await post(body, { ...sign(body), 'X-Mutasibank-Signature': 'f'.repeat(64) }),
        401,
        'invalid_signature',
      );
    });

    it('the same delivery twice: the second is 401 replayed', async () => {
      const headers = sign(bodyFor(1));
      expect((await post(bodyFor(1), headers)).status).toBe(200);
      await expectRefusal(await post(bodyFor(1), headers), 401, 'replayed');
    });

    it('a handler failure answers 500 and releases the id, so the retry reaches the handler again', async () => {
      const headers = sign(bodyFor(FAILING_ACCOUNT_ID));
      expect((await post(bodyFor(FAILING_ACCOUNT_ID), headers)).status).toBe(500);
      expect((await post(bodyFor(FAILING_ACCOUNT_ID), headers)).status).toBe(500);
    });

    it('a body over the limit is 413 payload_too_large', async () => {
      const big = JSON.stringify({ account_id: 1, data_mutasi: [], padding: 'x'.repeat(5000) });
      await expectRefusal(await post(big, sign(big)), 413, 'payload_too_large');
    });

    it(`with a JSON parser in front: ${adapter.parsedBody}`, async () => {
      const headers = sign(bodyFor(3));
      const response = await post(bodyFor(3), headers, parsingServer.url);
      if (adapter.parsedBody === 'verifies') {
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ success: true, accountId: 3 });
      } else {
        await expectRefusal(response, 500, 'payload_not_raw');
      }
    });
  });
}

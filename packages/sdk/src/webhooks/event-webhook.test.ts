import { describe, expect, it } from 'vitest';
import { WebhookVerificationError } from '../errors.js';
import { signWebhook, verifyEventWebhook, verifyEventWebhookAsync, verifyWebhook } from '../node.js';
import { isEventWebhookBody } from './event-webhook.js';
import { MemoryReplayStore } from './replay/memory-replay-store.js';

const secret = 'b'.repeat(64);
const now = new Date('2026-01-01T00:00:00Z');
const envelope = {
  api_key: 'owner-token',
  event: 'invoice.paid',
  id: 'e0c1f8a2-1111-4222-8333-444455556666',
  created_at: '2026-01-01 07:00:00',
  account_id: 7,
  data: { id: 3, reference: 'ORDER-12345', total: 150123, status: 'paid', paid_mutation_id: 'm-1' },
};
const body = JSON.stringify(envelope);
const headers = signWebhook({ payload: body, secret, timestamp: now, webhookId: 'msg-1' });

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof WebhookVerificationError ? err.code : `unexpected ${String(err)}`;
  }
  return undefined;
}

describe('verifyEventWebhook', () => {
  it('verifies a signed event envelope and drops api_key', () => {
    const e = verifyEventWebhook({ payload: body, headers, secret, now, apiKey: 'owner-token' });
    expect(e).toMatchObject({
      event: 'invoice.paid',
      eventId: envelope.id,
      accountId: 7,
      webhookId: 'msg-1',
    });
    expect(e.data).toEqual(envelope.data);
    expect(JSON.stringify(e)).not.toContain('owner-token');
  });
  it('applies the same checks as verifyWebhook', () => {
    expect(code(() => verifyEventWebhook({ payload: `${body} `, headers, secret, now }))).toBe(
      'invalid_signature',
    );
    expect(code(() => verifyEventWebhook({ payload: body, headers, secret, now, apiKey: 'other' }))).toBe(
      'api_key_mismatch',
    );
    expect(
      code(() =>
        verifyEventWebhook({ payload: body, headers, secret, now: new Date(now.getTime() + 301_000) }),
      ),
    ).toBe('timestamp_too_old');
  });
  it('refuses a mutation batch, and verifyWebhook refuses an event: the shapes are told apart', () => {
    const batch = JSON.stringify({ account_id: 7, data_mutasi: [] });
    const batchHeaders = signWebhook({ payload: batch, secret, timestamp: now });
    expect(code(() => verifyEventWebhook({ payload: batch, headers: batchHeaders, secret, now }))).toBe(
      'invalid_payload',
    );
    expect(code(() => verifyWebhook({ payload: body, headers, secret, now }))).toBe('invalid_payload');
    expect(isEventWebhookBody(JSON.parse(body))).toBe(true);
    expect(isEventWebhookBody(JSON.parse(batch))).toBe(false);
  });
  it('checks the envelope fields', () => {
    for (const broken of [
      { ...envelope, event: '' },
      { ...envelope, account_id: '7' },
      { ...envelope, id: 5 },
      { event: 'x' },
    ]) {
      const text = JSON.stringify(broken);
      expect(
        code(() =>
          verifyEventWebhook({
            payload: text,
            headers: signWebhook({ payload: text, secret, timestamp: now }),
            secret,
            now,
          }),
        ),
      ).toBe('invalid_payload');
    }
  });
  it('the async variant refuses a replayed message id', async () => {
    const replayStore = new MemoryReplayStore();
    await verifyEventWebhookAsync({ payload: body, headers, secret, now, replayStore });
    await expect(
      verifyEventWebhookAsync({ payload: body, headers, secret, now, replayStore }),
    ).rejects.toMatchObject({ code: 'replayed' });
  });
});

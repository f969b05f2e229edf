import { describe, expect, it } from 'vitest';
import { sleepMs } from '../../src/client/retry.js';
import {
  MutasibankConnectionError,
  MutasibankRateLimitError,
  MutasibankServerError,
} from '../../src/index.js';
import type { CannedResponse } from '../helpers/recording-server.js';
import { useRecordingClient } from './recording-client.js';

const ctx = useRecordingClient();

const DOWN: CannedResponse = { status: 503, json: { error: true, message: 'maintenance' } };
const FINE: CannedResponse = { json: { error: false, data: [] } };

describe('retries', () => {
  it('retries a GET on 5xx up to maxRetries, then succeeds', async () => {
    ctx.server.enqueue(DOWN, { status: 500, json: { error: true, message: 'boom' } }, FINE);
    const accounts = await ctx.client({ retry: { random: () => 0.5 } }).getAccounts();
    expect(accounts).toEqual([]);
    expect(ctx.server.requests).toHaveLength(3);
    // Full jitter with random 0.5: half of the 500 ms, then half of the doubled 1000 ms ceiling.
    expect(ctx.sleeps).toEqual([250, 500]);
  });

  it('gives up after maxRetries retries and throws the last error', async () => {
    ctx.server.setHandler(() => DOWN);
    await expect(ctx.client({ maxRetries: 3 }).getUser()).rejects.toBeInstanceOf(MutasibankServerError);
    expect(ctx.server.requests).toHaveLength(4);
    expect(ctx.sleeps).toHaveLength(3);
  });

  it('sends once with maxRetries 0, and by default retries twice', async () => {
    ctx.server.setHandler(() => DOWN);
    await expect(ctx.client({ maxRetries: 0 }).getUser()).rejects.toThrow('maintenance');
    expect(ctx.server.requests).toHaveLength(1);
    ctx.server.requests.length = 0;
    await expect(ctx.client().getUser()).rejects.toThrow('maintenance');
    expect(ctx.server.requests).toHaveLength(3);
  });

  it('keeps every backoff within full-jitter bounds, capped at maxDelayMs', async () => {
    const ceilings = [500, 1000, 2000, 4000, 8000, 8000];
    for (const random of [0, 0.999_999]) {
      ctx.server.reset();
      ctx.sleeps.length = 0;
      ctx.server.setHandler(() => DOWN);
      await expect(
        ctx.client({ maxRetries: 6, retry: { random: () => random } }).getUser(),
      ).rejects.toThrow();
      expect(ctx.sleeps).toHaveLength(6);
      ctx.sleeps.forEach((ms, i) => {
        const ceiling = ceilings[i]!;
        expect(ms).toBeGreaterThanOrEqual(0);
        expect(ms).toBeLessThan(ceiling);
        if (random > 0) expect(ms).toBeGreaterThanOrEqual(ceiling - 1);
        else expect(ms).toBe(0);
      });
    }
  });

  it('honours Retry-After seconds on 429 instead of the backoff', async () => {
    ctx.server.enqueue(
      { status: 429, headers: { 'retry-after': '3' }, json: { error: true, message: 'slow' } },
      FINE,
    );
    await ctx.client({ retry: { random: () => 0 } }).getAccounts();
    expect(ctx.server.requests).toHaveLength(2);
    expect(ctx.sleeps).toEqual([3000]);
  });

  it('honours a Retry-After HTTP-date, read against the injected clock', async () => {
    const nowMs = Date.parse('2025-01-10T07:30:00Z');
    ctx.server.enqueue(
      { status: 503, headers: { 'retry-after': 'Fri, 10 Jan 2025 07:30:04 GMT' }, json: { error: true } },
      FINE,
    );
    await ctx.client({ retry: { now: () => nowMs } }).getAccounts();
    expect(ctx.sleeps).toEqual([4000]);
  });

  it('does not wait out a Retry-After longer than maxRetryAfterMs: throws at once with retryAfter', async () => {
    ctx.server.setHandler(() => ({
      status: 429,
      headers: { 'retry-after': '3600' },
      json: { error: true, message: 'quota' },
    }));
    const error = await ctx
      .client()
      .getAccounts()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MutasibankRateLimitError);
    expect((error as MutasibankRateLimitError).retryAfter).toBe(3600);
    expect(ctx.server.requests).toHaveLength(1);
    expect(ctx.sleeps).toEqual([]);
  });

  it('does not retry 4xx answers', async () => {
    ctx.server.setHandler(() => ({ status: 404, json: { error: true, message: 'gone' } }));
    await expect(ctx.client().getAccount(1)).rejects.toThrow('gone');
    expect(ctx.server.requests).toHaveLength(1);
  });

  it('retries a GET whose connection was cut', async () => {
    ctx.server.enqueue({ destroy: true }, FINE);
    expect(await ctx.client().getAccounts()).toEqual([]);
    expect(ctx.server.requests).toHaveLength(2);
  });

  it.each([
    ['getStatements', (c: Client) => c.getStatements(42, '2025-01-01', '2025-01-31')],
    ['matchTransaction', (c: Client) => c.matchTransaction(42, 100_000)],
    ['matchTransactions', (c: Client) => c.matchTransactions(42, 100_000)],
    ['validateTransaction', (c: Client) => c.validateTransaction('tx-1')],
    ['rerunCheck', (c: Client) => c.rerunCheck(42)],
  ])('retries %s (safe to repeat)', async (_, call) => {
    ctx.server.setHandler(() => DOWN);
    await expect(call(ctx.client())).rejects.toBeInstanceOf(MutasibankServerError);
    expect(ctx.server.requests).toHaveLength(3);
  });

  it.each([
    ['createAccount', (c: Client) => c.createAccount({ bank_id: 1, account_name: 'PT A', account_no: '1' })],
    ['updateAccount', (c: Client) => c.updateAccount(42, { note: 'x' })],
    ['deleteAccount', (c: Client) => c.deleteAccount(42)],
    ['toggleAccountStatus', (c: Client) => c.toggleAccountStatus(42, true)],
    ['toggleAccount', (c: Client) => c.toggleAccount(42)],
    ['inputToken', (c: Client) => c.inputToken(42, '1', '2')],
    ['createCategory', (c: Client) => c.createCategory('Sales', 'CR')],
    ['updateCategory', (c: Client) => c.updateCategory(7, { name: 'x' })],
    ['deleteCategory', (c: Client) => c.deleteCategory(7)],
    ['createWebhook', (c: Client) => c.createWebhook('https://a.example/h', 42)],
    ['updateWebhook', (c: Client) => c.updateWebhook(9, { is_active: true })],
    ['deleteWebhook', (c: Client) => c.deleteWebhook(9)],
    ['topupKredit', (c: Client) => c.topupKredit(50_000, 1)],
  ])('never retries %s, on 5xx or a cut connection', async (_, call) => {
    ctx.server.setHandler(() => DOWN);
    await expect(call(ctx.client())).rejects.toBeInstanceOf(MutasibankServerError);
    expect(ctx.server.requests).toHaveLength(1);
    ctx.server.reset();
    ctx.server.enqueue({ destroy: true }, FINE);
    await expect(call(ctx.client())).rejects.toBeInstanceOf(MutasibankConnectionError);
    expect(ctx.server.requests).toHaveLength(1);
    expect(ctx.sleeps).toEqual([]);
  });

  it('stops waiting when the caller aborts during a backoff', async () => {
    ctx.server.setHandler(() => DOWN);
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const client = ctx.client({
      retry: {
        baseDelayMs: 60_000,
        random: () => 0.999,
        // The real timer-based sleep, aborted while it waits (about 60 s, far past the test timeout).
        sleep: (ms, signal) => {
          const waiting = sleepMs(ms, signal);
          controller.abort(reason);
          return waiting;
        },
      },
    });
    await expect(client.getUser({ signal: controller.signal })).rejects.toBe(reason);
    expect(ctx.server.requests).toHaveLength(1);
  });
});

type Client = ReturnType<typeof ctx.client>;

import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { MutasibankClient, MutasibankConnectionError, MutasibankTimeoutError } from '../../src/index.js';
import { useRecordingClient } from './recording-client.js';

const ctx = useRecordingClient();

const HANG = { hang: true };
const FINE = { json: { error: false, data: [] } };

/** A port on 127.0.0.1 with nothing listening: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('timeouts and cancellation', () => {
  it('a server that never answers gives a timeout error after timeoutMs', async () => {
    ctx.server.setHandler(() => HANG);
    const error = await ctx
      .client({ timeoutMs: 100, maxRetries: 0 })
      .getAccounts()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MutasibankTimeoutError);
    expect((error as MutasibankTimeoutError).status).toBeUndefined();
    expect((error as Error).message).toBe('Mutasibank API GET /accounts did not answer within 100 ms');
    expect(ctx.server.requests).toHaveLength(1);
  });

  it('a per-call timeoutMs overrides the client default', async () => {
    ctx.server.setHandler(() => HANG);
    await expect(
      ctx.client({ timeoutMs: 60_000, maxRetries: 0 }).getUser({ timeoutMs: 80 }),
    ).rejects.toBeInstanceOf(MutasibankTimeoutError);
  });

  it('a GET that timed out is retried', async () => {
    ctx.server.enqueue(HANG, FINE);
    expect(await ctx.client({ timeoutMs: 150 }).getAccounts()).toEqual([]);
    expect(ctx.server.requests).toHaveLength(2);
    expect(ctx.sleeps).toHaveLength(1);
  });

  it('a create that timed out is not retried', async () => {
    ctx.server.enqueue(HANG, FINE);
    await expect(ctx.client({ timeoutMs: 100 }).createCategory('Sales', 'CR')).rejects.toBeInstanceOf(
      MutasibankTimeoutError,
    );
    expect(ctx.server.requests).toHaveLength(1);
  });

  it('the caller aborting a pending call rejects with the signal reason, without retrying', async () => {
    ctx.server.setHandler(() => HANG);
    const controller = new AbortController();
    const reason = new Error('user navigated away');
    const pending = ctx.client().getAccounts({ signal: controller.signal });
    while (ctx.server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(ctx.server.requests).toHaveLength(1);
    expect(ctx.sleeps).toEqual([]);
  });

  it('an already aborted signal sends nothing', async () => {
    const signal = AbortSignal.abort(new Error('too late'));
    await expect(ctx.client().getAccounts({ signal })).rejects.toThrow('too late');
    expect(ctx.server.requests).toHaveLength(0);
  });

  it('nothing listening gives a connection error naming the cause, retried for reads', async () => {
    const port = await closedPort();
    const sleeps: number[] = [];
    const client = new MutasibankClient({
      token: 't',
      baseUrl: `http://127.0.0.1:${port}/api/v1`,
      retry: { sleep: async (ms) => void sleeps.push(ms) },
    });
    const error = await client.getAccounts().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MutasibankConnectionError);
    expect((error as Error).message).toMatch(
      /^Could not reach the Mutasibank API \(GET \/accounts\): ECONNREFUSED/,
    );
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(sleeps).toHaveLength(2);
  });

  it('uses the fetch it is given, called without a this binding', async () => {
    ctx.server.enqueue(FINE);
    const thisValues: unknown[] = [];
    const client = ctx.client({
      fetch(this: unknown, url, init) {
        thisValues.push(this);
        return fetch(url, init);
      },
    });
    expect(await client.getAccounts()).toEqual([]);
    expect(thisValues).toEqual([undefined]);
  });
});

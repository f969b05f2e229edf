import { describe, expect, it } from 'vitest';
import {
  MutasibankAuthenticationError,
  MutasibankError,
  MutasibankInvalidRequestError,
  MutasibankNotFoundError,
  MutasibankRateLimitError,
  MutasibankServerError,
} from '../../src/index.js';
import type { CannedResponse } from '../helpers/recording-server.js';
import { useRecordingClient } from './recording-client.js';

const ctx = useRecordingClient();

const PROXY_PAGE = `<!DOCTYPE html>
<html><head><title>502 Bad Gateway</title></head>
<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center>
${'<!-- padding -->\n'.repeat(40)}</body></html>`;

async function failureOf(answer: CannedResponse): Promise<MutasibankError> {
  ctx.server.enqueue(answer);
  const error = await ctx
    .client({ maxRetries: 0 })
    .getAccount(42)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(MutasibankError);
  expect(ctx.server.requests).toHaveLength(1);
  return error as MutasibankError;
}

function failing(status: number, message: string, extra: Partial<CannedResponse> = {}): CannedResponse {
  return { status, json: { error: true, message, error_message: message }, ...extra };
}

describe('error mapping', () => {
  it.each([
    [400, MutasibankInvalidRequestError, 'date_from is required'],
    [401, MutasibankAuthenticationError, 'Invalid token'],
    [403, MutasibankAuthenticationError, 'Token revoked'],
    [404, MutasibankNotFoundError, 'Account not found'],
    [409, MutasibankInvalidRequestError, 'Account already exists'],
    [422, MutasibankInvalidRequestError, 'account_no is invalid'],
    [500, MutasibankServerError, 'Internal error'],
  ])('HTTP %i is %O with status, service message and raw body', async (status, ErrorClass, message) => {
    const error = await failureOf(failing(status, message));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error.name).toBe(ErrorClass.name);
    expect(error.status).toBe(status);
    expect(error.serviceMessage).toBe(message);
    expect(error.message).toBe(`Mutasibank API GET /account/42 failed with HTTP ${status}: ${message}`);
    expect(error.rawBody).toBe(JSON.stringify({ error: true, message, error_message: message }));
    expect(error.body).toEqual({ error: true, message, error_message: message });
    expect(error.headers?.get('content-type')).toBe('application/json');
  });

  it('HTTP 429 is a rate limit error with retryAfter from Retry-After seconds', async () => {
    const error = await failureOf(failing(429, 'Too many requests', { headers: { 'retry-after': '7' } }));
    expect(error).toBeInstanceOf(MutasibankRateLimitError);
    expect((error as MutasibankRateLimitError).retryAfter).toBe(7);
    expect(error.status).toBe(429);
  });

  it('HTTP 429 with a Retry-After HTTP-date gives the seconds until then', async () => {
    const nowMs = Date.parse('2025-01-10T07:30:00Z');
    ctx.server.enqueue(
      failing(429, 'slow down', { headers: { 'retry-after': 'Fri, 10 Jan 2025 07:30:12 GMT' } }),
    );
    const error = await ctx
      .client({ maxRetries: 0, retry: { now: () => nowMs } })
      .getUser()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MutasibankRateLimitError);
    expect((error as MutasibankRateLimitError).retryAfter).toBe(12);
  });

  it('HTTP 502 with an HTML page is a server error quoting the start of the page, no JSON parse error', async () => {
    const error = await failureOf({
      status: 502,
      headers: { 'content-type': 'text/html' },
      text: PROXY_PAGE,
    });
    expect(error).toBeInstanceOf(MutasibankServerError);
    expect(error.status).toBe(502);
    expect(error.serviceMessage).toBeUndefined();
    expect(error.rawBody).toBe(PROXY_PAGE);
    expect(error.body).toBeUndefined();
    expect(error.message).toContain(
      'body is not JSON (text/html): "<!DOCTYPE html> <html><head><title>502 Bad Gateway',
    );
    expect(error.message).not.toMatch(/Unexpected token|JSON\.parse|SyntaxError/);
    expect(error.message.length).toBeLessThan(360);
    expect(error.cause).toBeUndefined();
  });

  it('HTTP 200 with error: true is an invalid request error, keeping status 200', async () => {
    const error = await failureOf({ status: 200, json: { error: true, message: 'Saldo tidak cukup' } });
    expect(error).toBeInstanceOf(MutasibankInvalidRequestError);
    expect(error.status).toBe(200);
    expect(error.serviceMessage).toBe('Saldo tidak cukup');
  });

  it('reads the message from error_message when message is absent', async () => {
    const error = await failureOf({
      status: 422,
      json: { error: true, error_message: 'amount must be > 0' },
    });
    expect(error).toBeInstanceOf(MutasibankInvalidRequestError);
    expect(error.serviceMessage).toBe('amount must be > 0');
  });

  it('HTTP 200 with a body that is not JSON is a server error', async () => {
    const error = await failureOf({
      status: 200,
      headers: { 'content-type': 'text/html' },
      text: '<b>Warning</b>: x',
    });
    expect(error).toBeInstanceOf(MutasibankServerError);
    expect(error.status).toBe(200);
    expect(error.message).toContain('"<b>Warning</b>: x"');
  });

  it('HTTP 200 with a JSON body that is not an object is a server error', async () => {
    const error = await failureOf({ status: 200, json: [1, 2] });
    expect(error).toBeInstanceOf(MutasibankServerError);
    expect(error.message).toContain('not a JSON object');
  });

  it('a 4xx that is not JSON keeps its status class', async () => {
    const error = await failureOf({ status: 404, text: 'Not Found' });
    expect(error).toBeInstanceOf(MutasibankNotFoundError);
    expect(error.message).toContain('body is not JSON: "Not Found"');
  });

  it('an empty 200 body is a server error; a 204 is a success', async () => {
    const error = await failureOf({ status: 200, text: '' });
    expect(error).toBeInstanceOf(MutasibankServerError);
    expect(error.message).toContain('empty body');
    ctx.server.reset();
    ctx.server.enqueue({ status: 204 });
    expect((await ctx.client().deleteWebhook(1)).message).toBe('');
  });

  it('JSON sent as text/html with a UTF-8 BOM (PHP habits) still parses', async () => {
    ctx.server.enqueue({
      headers: { 'content-type': 'text/html' },
      text: `\uFEFF${JSON.stringify({ error: false, data: [] })}`,
    });
    expect(await ctx.client().getAccounts()).toEqual([]);
  });

  it('a success body without the promised shape is a server error naming the field', async () => {
    ctx.server.enqueue({ json: { error: false, data: { id: 1 } } }, { json: { error: false, data: 'nope' } });
    const client = ctx.client();
    await expect(client.getAccounts()).rejects.toThrow(/data is \{"id":1\}, expected a list/);
    await expect(client.getAccount(1)).rejects.toMatchObject({
      name: 'MutasibankServerError',
      status: 200,
      message: expect.stringContaining('data is "nope", expected an object'),
    });
  });

  it.each([
    ['with a Content-Length', { json: { error: false, data: [], pad: 'x'.repeat(5000) } }],
    [
      'sent chunked',
      { chunks: ['{"error":false,"data":[],"pad":"', 'x'.repeat(600), 'x'.repeat(600), '"}'] },
    ],
  ])('a body larger than maxResponseBytes is refused, %s', async (_, answer: CannedResponse) => {
    ctx.server.enqueue(answer);
    const error = await ctx
      .client({ maxResponseBytes: 1000 })
      .getAccounts()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MutasibankServerError);
    expect((error as MutasibankServerError).message).toContain('over 1000 bytes');
  });

  it('a chunked body within the limit is read whole', async () => {
    ctx.server.enqueue({ chunks: ['{"error":false,', '"data":[{"id":1,"balance":"7.00"}]}'] });
    expect(await ctx.client({ maxResponseBytes: 1000 }).getAccounts()).toEqual([{ id: 1, balance: 7 }]);
  });

  it('never puts the token into an error message or the client inspection', async () => {
    const error = await failureOf(failing(401, 'Invalid token'));
    expect(JSON.stringify({ message: error.message, stack: error.stack })).not.toContain('test-token');
    const { inspect } = await import('node:util');
    expect(inspect(ctx.client(), { depth: 5, showHidden: true })).not.toContain('test-token');
  });
});

import { describe, expect, it } from 'vitest';
import type { MutationType } from '../../src/client/resources/statements.js';
import {
  type CreateAccountInput,
  MutasibankClient,
  MutasibankInvalidRequestError,
  type TopupPaymentId,
} from '../../src/index.js';
import { useRecordingClient } from './recording-client.js';

const ctx = useRecordingClient();

type Client = ReturnType<typeof ctx.client>;
type Call = (client: Client) => unknown;

// Deliberately wrong calls, as untyped JavaScript callers (or `as` casts) can make them.
const cast = <T>(value: unknown) => value as T;

const BAD_CALLS: Array<[string, Call]> = [
  ['getAccount with an empty id', (c) => c.getAccount('')],
  ['getAccount with a blank id', (c) => c.getAccount('  ')],
  ['getAccount with ".." (would resolve to another route)', (c) => c.getAccount('..')],
  ['getAccount with a newline in the id', (c) => c.getAccount('4\n2')],
  ['getAccount with a fractional id', (c) => c.getAccount(1.5)],
  ['getAccount with a negative id', (c) => c.getAccount(-1)],
  ['getAccount with NaN', (c) => c.getAccount(Number.NaN)],
  ['getAccount with an object', (c) => c.getAccount(cast({}))],
  ['deleteAccount with null', (c) => c.deleteAccount(cast(null))],
  [
    'createAccount without account_no',
    (c) => c.createAccount(cast<CreateAccountInput>({ bank_id: 1, account_name: 'A' })),
  ],
  [
    'createAccount with a bad schedule',
    (c) => c.createAccount({ bank_id: 1, account_name: 'A', account_no: '1', schedule_minutes: 0 }),
  ],
  [
    'createAccount with a relative callback',
    (c) => c.createAccount({ bank_id: 1, account_name: 'A', account_no: '1', url_callback: '/cb' }),
  ],
  [
    'createAccount with a numeric password',
    (c) => c.createAccount(cast({ bank_id: 1, account_name: 'A', account_no: '1', password_banking: 123 })),
  ],
  ['createAccount with no data', (c) => c.createAccount(cast(undefined))],
  ['updateAccount with nothing to change', (c) => c.updateAccount(1, {})],
  ['updateAccount with only undefined fields', (c) => c.updateAccount(1, { note: undefined })],
  ['updateAccount with an array', (c) => c.updateAccount(1, cast([]))],
  ['toggleAccountStatus with status 2', (c) => c.toggleAccountStatus(1, cast(2))],
  ['toggleAccountStatus with status "1"', (c) => c.toggleAccountStatus(1, cast('1'))],
  ['inputToken with an empty token', (c) => c.inputToken(1, '', '123')],
  ['getStatements with a malformed date', (c) => c.getStatements(1, '10/01/2025', '2025-01-31')],
  ['getStatements with an impossible date', (c) => c.getStatements(1, '2025-02-30', '2025-03-01')],
  ['getStatements with an invalid Date', (c) => c.getStatements(1, new Date('nope'), '2025-03-01')],
  ['getStatements with only from', (c) => c.getStatements(1, '2025-01-01')],
  ['getStatements with a reversed range', (c) => c.getStatements(1, '2025-02-01', '2025-01-01')],
  [
    'iterateStatements with maxDaysPerRequest 0',
    (c) => c.iterateStatements(1, '2025-01-01', '2025-02-01', { maxDaysPerRequest: 0 }),
  ],
  ['iterateStatements with a reversed range', (c) => c.iterateStatements(1, '2025-02-01', '2025-01-01')],
  ['matchTransaction with amount 0', (c) => c.matchTransaction(1, 0)],
  ['matchTransaction with a negative amount', (c) => c.matchTransaction(1, -100)],
  ['matchTransaction with sen', (c) => c.matchTransaction(1, 100.5)],
  ['matchTransaction with a string amount', (c) => c.matchTransaction(1, cast('100000'))],
  ['matchTransaction with an unsafe amount', (c) => c.matchTransaction(1, 2 ** 53)],
  ['matchTransaction with a bad date', (c) => c.matchTransaction(1, 1000, '2025-13-01')],
  ['matchTransactions with Infinity', (c) => c.matchTransactions(1, Number.POSITIVE_INFINITY)],
  ['validateTransaction with an empty id', (c) => c.validateTransaction('')],
  ['createCategory with a blank name', (c) => c.createCategory(' ', 'CR')],
  ['createCategory with type "IN"', (c) => c.createCategory('Sales', cast<MutationType>('IN'))],
  ['createCategory with a numeric description', (c) => c.createCategory('Sales', 'CR', cast(5))],
  ['updateCategory with type "cr"', (c) => c.updateCategory(1, { type: cast<MutationType>('cr') })],
  ['createWebhook with a non-URL', (c) => c.createWebhook('shop.example/hook', 1)],
  ['createWebhook with a javascript: URL', (c) => c.createWebhook('javascript:alert(1)', 1)],
  ['createWebhook without an account', (c) => c.createWebhook('https://a.example/h', cast(undefined))],
  ['updateWebhook with is_active 1', (c) => c.updateWebhook(1, { is_active: cast(1) })],
  ['topupKredit below the minimum', (c) => c.topupKredit(9_999, 1)],
  ['topupKredit with a fraction', (c) => c.topupKredit(10_000.5, 1)],
  ['topupKredit with payment 0', (c) => c.topupKredit(10_000, cast<TopupPaymentId>(0))],
  ['a call with timeoutMs 0', (c) => c.getAccounts({ timeoutMs: 0 })],
];

describe('invalid arguments are refused before any request', () => {
  it.each(BAD_CALLS)('%s', async (_, call) => {
    let outcome: unknown;
    try {
      outcome = await call(ctx.client());
    } catch (error) {
      outcome = error;
    }
    expect(outcome).toBeInstanceOf(MutasibankInvalidRequestError);
    expect((outcome as MutasibankInvalidRequestError).status).toBeUndefined();
    expect(ctx.server.requests).toHaveLength(0);
  });

  it('promise-returning methods reject rather than throw synchronously', () => {
    const result = ctx.client().getAccount('');
    expect(result).toBeInstanceOf(Promise);
    return expect(result).rejects.toBeInstanceOf(MutasibankInvalidRequestError);
  });

  it('secrets in bad arguments are not echoed', async () => {
    const error = await ctx
      .client()
      .inputToken(1, '   ', 'otp-998877')
      .catch((e: Error) => e);
    expect(error.message).toBe('token1 must be a non-blank string, got a blank string');
    const password = await ctx
      .client()
      .createAccount(cast({ bank_id: 1, account_name: 'A', account_no: '1', password_banking: 98765 }))
      .catch((e: Error) => e);
    expect(password.message).not.toContain('98765');
  });

  it('messages name the argument and the bad value', async () => {
    await expect(ctx.client().matchTransaction(1, 100.5)).rejects.toThrow(
      'amount must be a positive whole number of rupiah (a safe integer), got 100.5',
    );
    await expect(ctx.client().getStatements(1, '2025-02-30', '2025-03-01')).rejects.toThrow(
      'from must be a real YYYY-MM-DD date or a valid Date, got "2025-02-30"',
    );
  });
});

describe('client options', () => {
  it.each([
    ['no token', { token: '' }],
    ['a token with a line break', { token: 'abc\r\nX-Evil: 1' }],
    ['a token with non-ASCII text', { token: 'tökén' }],
    ['a relative baseUrl', { token: 't', baseUrl: '/api/v1' }],
    ['an ftp baseUrl', { token: 't', baseUrl: 'ftp://example.com/api' }],
    ['a baseUrl with a query', { token: 't', baseUrl: 'https://example.com/api?x=1' }],
    ['a negative timeout', { token: 't', timeoutMs: -1 }],
    ['a fractional maxRetries', { token: 't', maxRetries: 1.5 }],
    ['an empty userAgent', { token: 't', userAgent: '' }],
    ['maxResponseBytes 0', { token: 't', maxResponseBytes: 0 }],
    ['a negative retry delay', { token: 't', retry: { baseDelayMs: -5 } }],
    ['a NaN Retry-After cap', { token: 't', retry: { maxRetryAfterMs: Number.NaN } }],
  ])('refuses %s', (_, options) => {
    expect(() => new MutasibankClient(options)).toThrow(MutasibankInvalidRequestError);
  });

  it('never echoes the token in its own errors', () => {
    expect(() => new MutasibankClient({ token: 'secret-tok\n' })).toThrow(
      'MutasibankClient: token must be a non-blank string of printable ASCII',
    );
  });

  it('joins base URL and path with exactly one slash, and sends a custom User-Agent', async () => {
    ctx.server.enqueue({ json: { error: false, data: [] } });
    await ctx.client({ baseUrl: `${ctx.server.url}/api/v1///`, userAgent: 'shop/1.0' }).getAccounts();
    expect(ctx.server.requests[0]?.path).toBe('/api/v1/accounts');
    expect(ctx.server.requests[0]?.headers['user-agent']).toBe('shop/1.0');
  });
});

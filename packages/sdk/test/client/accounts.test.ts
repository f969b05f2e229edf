import { describe, expect, it } from 'vitest';
import { expectOneRequest, useRecordingClient } from './recording-client.js';

const ctx = useRecordingClient();

const RAW_ACCOUNT = {
  id: 42,
  bank: 'BCA',
  module: 'bca',
  account_no: '1234567890',
  account_name: 'PT Contoh',
  balance: '5000000.00',
  is_active: 1,
  last_bot_activity: '2025-01-10 14:30:00',
  future_field: { kept: true },
};

describe('accounts', () => {
  it('getAccounts: GET /accounts, balances normalised, unknown fields kept', async () => {
    ctx.server.enqueue({
      json: { error: false, data: [RAW_ACCOUNT, { ...RAW_ACCOUNT, id: 'uuid-2', balance: null }] },
    });
    const accounts = await ctx.client().getAccounts();
    expectOneRequest(ctx.server.requests, { method: 'GET', path: '/accounts' });
    expect(accounts).toEqual([
      { ...RAW_ACCOUNT, balance: 5_000_000 },
      { ...RAW_ACCOUNT, id: 'uuid-2', balance: 0 },
    ]);
    expect(accounts[0]?.future_field).toEqual({ kept: true });
  });

  it('getAccount: GET /account/{id} with the id URL-encoded', async () => {
    ctx.server.enqueue({ json: { error: false, data: RAW_ACCOUNT } });
    const account = await ctx.client().getAccount('a/b c');
    expectOneRequest(ctx.server.requests, { method: 'GET', path: '/account/a%2Fb%20c' });
    expect(account.balance).toBe(5_000_000);
    expect(account.account_no).toBe('1234567890');
  });

  it('createAccount: POST /account/create as JSON with the given fields only', async () => {
    ctx.server.enqueue({ json: { error: false, data: { ...RAW_ACCOUNT, id: 43, balance: 0 } } });
    const input = {
      bank_id: 1,
      account_name: 'PT Contoh',
      account_no: '1234567890',
      user_banking: 'contoh01',
      password_banking: 's3cret',
      schedule_minutes: 15,
      url_callback: 'https://shop.example/callback',
    };
    const account = await ctx.client().createAccount(input);
    expectOneRequest(ctx.server.requests, {
      method: 'POST',
      path: '/account/create',
      contentType: 'application/json',
      body: input,
    });
    expect(account).toMatchObject({ id: 43, balance: 0 });
  });

  it('updateAccount: PUT /account/{id} as JSON, answers the message', async () => {
    ctx.server.enqueue({ json: { error: false, message: 'Account updated' } });
    const result = await ctx.client().updateAccount(42, { note: 'main', schedule_minutes: 30 });
    expectOneRequest(ctx.server.requests, {
      method: 'PUT',
      path: '/account/42',
      contentType: 'application/json',
      body: { note: 'main', schedule_minutes: 30 },
    });
    expect(result.message).toBe('Account updated');
  });

  it('deleteAccount: DELETE /account/{id} without a body', async () => {
    ctx.server.enqueue({ json: { error: false, message: 'Account deleted' } });
    const result = await ctx.client().deleteAccount('x y');
    expectOneRequest(ctx.server.requests, { method: 'DELETE', path: '/account/x%20y' });
    expect(result).toEqual({ error: false, message: 'Account deleted' });
  });

  it('toggleAccountStatus: POST /on_off/{id} as a form with status 1 or 0', async () => {
    ctx.server.enqueue({ json: { error: false, message: 'on' } }, { json: { error: false, message: 'off' } });
    const client = ctx.client();
    expect((await client.toggleAccountStatus(42, true)).message).toBe('on');
    expectOneRequest(ctx.server.requests, {
      method: 'POST',
      path: '/on_off/42',
      contentType: 'application/x-www-form-urlencoded',
      rawBody: 'status=1',
    });
    ctx.server.requests.length = 0;
    expect((await client.toggleAccountStatus(42, 0)).message).toBe('off');
    expect(ctx.server.requests[0]?.rawBody).toBe('status=0');
  });

  it('toggleAccount: POST /account/{id}/toggle with a JSON {} body', async () => {
    ctx.server.enqueue({ json: { error: false, message: 'Account toggled' } });
    const result = await ctx.client().toggleAccount('a/b c');
    expectOneRequest(ctx.server.requests, {
      method: 'POST',
      path: '/account/a%2Fb%20c/toggle',
      contentType: 'application/json',
      rawBody: '{}',
    });
    expect(result.message).toBe('Account toggled');
  });

  it('inputToken: POST /input_token/{id} as a form with token_1 and token_2', async () => {
    ctx.server.enqueue({ json: { error: false, message: 'Token saved' } });
    await ctx.client().inputToken(42, '123456', '654 321');
    expectOneRequest(ctx.server.requests, {
      method: 'POST',
      path: '/input_token/42',
      contentType: 'application/x-www-form-urlencoded',
      body: { token_1: '123456', token_2: '654 321' },
    });
  });

  it('rerunCheck: GET /rerun/{id}, keeps the next schedule time', async () => {
    ctx.server.enqueue({
      json: { error: false, message: 'Check scheduled', next_bot_process: '2025-01-10 14:31:00' },
    });
    const result = await ctx.client().rerunCheck(42);
    expectOneRequest(ctx.server.requests, { method: 'GET', path: '/rerun/42' });
    expect(result).toMatchObject({ message: 'Check scheduled', next_bot_process: '2025-01-10 14:31:00' });
  });

  it('getLogBot: GET /log_bot/{id}, a list of entries', async () => {
    const entries = [{ id: 1, created_at: '2025-01-10 14:30:00', status: 'ok', rows: 3 }];
    ctx.server.enqueue({ json: { error: false, data: entries } });
    const log = await ctx.client().getLogBot(42);
    expectOneRequest(ctx.server.requests, { method: 'GET', path: '/log_bot/42' });
    expect(log).toEqual(entries);
  });
});

import { describe, expect, it } from 'vitest';
import { TOPUP_MINIMUM_RUPIAH } from '../../src/index.js';
import { expectOneRequest, useRecordingClient } from './recording-client.js';

const ctx = useRecordingClient();
const JSON_TYPE = 'application/json';

describe('user and banks', () => {
  it('getUser: GET /user, saldo normalised, package fields kept', async () => {
    ctx.server.enqueue({
      json: { error: false, data: { name: 'Toko', email: 'a@b.id', saldo: '250000.00', package: 'Basic' } },
    });
    const user = await ctx.client().getUser();
    expectOneRequest(ctx.server.requests, { method: 'GET', path: '/user' });
    expect(user).toEqual({ name: 'Toko', email: 'a@b.id', saldo: 250_000, package: 'Basic' });
  });

  it('getListBank: GET /list_bank, a list of banks', async () => {
    const banks = [{ id: 1, bank_name: 'BCA', module_name: 'bca', is_active: 1, is_maintenance: 0 }];
    ctx.server.enqueue({ json: { error: false, data: banks } });
    expect(await ctx.client().getListBank()).toEqual(banks);
    expectOneRequest(ctx.server.requests, { method: 'GET', path: '/list_bank' });
  });
});

describe('categories', () => {
  const CATEGORY = { id: 7, category: 'Sales', type: 'CR', description: 'Orders' };

  it('getCategories: GET /categories', async () => {
    ctx.server.enqueue({ json: { error: false, data: [CATEGORY] } });
    expect(await ctx.client().getCategories()).toEqual([CATEGORY]);
    expectOneRequest(ctx.server.requests, { method: 'GET', path: '/categories' });
  });

  it('getCategory: GET /category/{id} with the id URL-encoded', async () => {
    ctx.server.enqueue({ json: { error: false, data: CATEGORY } });
    expect((await ctx.client().getCategory('a/b c')).category).toBe('Sales');
    expectOneRequest(ctx.server.requests, { method: 'GET', path: '/category/a%2Fb%20c' });
  });

  it('createCategory: POST /category as JSON name, type, description', async () => {
    ctx.server.enqueue({ json: { error: false, data: CATEGORY } });
    const category = await ctx.client().createCategory('Sales', 'CR', 'Orders');
    expectOneRequest(ctx.server.requests, {
      method: 'POST',
      path: '/category',
      contentType: JSON_TYPE,
      body: { name: 'Sales', type: 'CR', description: 'Orders' },
    });
    expect(category).toEqual(CATEGORY);
  });

  it('createCategory: a left-out description is not sent', async () => {
    ctx.server.enqueue({ json: { error: false, data: CATEGORY } });
    await ctx.client().createCategory('Fees', 'DB');
    expect(ctx.server.requests[0]?.rawBody).toBe('{"name":"Fees","type":"DB"}');
  });

  it('updateCategory: PUT /category/{id} as JSON', async () => {
    ctx.server.enqueue({ json: { error: false, message: 'Category updated' } });
    const result = await ctx.client().updateCategory(7, { name: 'Orders', type: 'CR' });
    expectOneRequest(ctx.server.requests, {
      method: 'PUT',
      path: '/category/7',
      contentType: JSON_TYPE,
      body: { name: 'Orders', type: 'CR' },
    });
    expect(result.message).toBe('Category updated');
  });

  it('deleteCategory: DELETE /category/{id}', async () => {
    ctx.server.enqueue({ json: { error: false, message: 'Category deleted' } });
    expect((await ctx.client().deleteCategory(7)).message).toBe('Category deleted');
    expectOneRequest(ctx.server.requests, { method: 'DELETE', path: '/category/7' });
  });
});

describe('webhooks', () => {
  const WEBHOOK = {
    id: 9,
    url: 'https://shop.example/hooks',
    bank_account_id: 42,
    description: 'shop',
    is_active: 1,
    created_at: '2025-01-01 08:00:00',
  };

  it('getWebhooks: GET /webhooks', async () => {
    ctx.server.enqueue({ json: { error: false, data: [WEBHOOK] } });
    expect(await ctx.client().getWebhooks()).toEqual([WEBHOOK]);
    expectOneRequest(ctx.server.requests, { method: 'GET', path: '/webhooks' });
  });

  it('getWebhook: GET /webhook/{id} with the id URL-encoded', async () => {
    ctx.server.enqueue({ json: { error: false, data: WEBHOOK } });
    expect((await ctx.client().getWebhook('a/b c')).url).toBe(WEBHOOK.url);
    expectOneRequest(ctx.server.requests, { method: 'GET', path: '/webhook/a%2Fb%20c' });
  });

  it('createWebhook: POST /webhook as JSON url, bank_account_id, description; returns the secret', async () => {
    ctx.server.enqueue({ json: { error: false, data: { ...WEBHOOK, secret: 'f'.repeat(64) } } });
    const webhook = await ctx.client().createWebhook('https://shop.example/hooks', 42, 'shop');
    expectOneRequest(ctx.server.requests, {
      method: 'POST',
      path: '/webhook',
      contentType: JSON_TYPE,
      body: { url: 'https://shop.example/hooks', bank_account_id: 42, description: 'shop' },
    });
    expect(webhook.secret).toBe('f'.repeat(64));
  });

  it('createWebhook: an answer without the secret is an error that says the webhook was created', async () => {
    ctx.server.enqueue({ json: { error: false, data: WEBHOOK } });
    await expect(ctx.client().createWebhook('https://shop.example/hooks', 42)).rejects.toMatchObject({
      name: 'MutasibankServerError',
      message: expect.stringMatching(/data\.secret is missing.*the request itself succeeded/),
    });
    expect(ctx.server.requests).toHaveLength(1);
  });

  it('updateWebhook: PUT /webhook/{id} as JSON', async () => {
    ctx.server.enqueue({ json: { error: false, message: 'Webhook updated' } });
    await ctx.client().updateWebhook(9, { is_active: false, description: 'paused' });
    expectOneRequest(ctx.server.requests, {
      method: 'PUT',
      path: '/webhook/9',
      contentType: JSON_TYPE,
      body: { is_active: false, description: 'paused' },
    });
  });

  it('deleteWebhook: DELETE /webhook/{id}', async () => {
    ctx.server.enqueue({ json: { error: false, message: 'Webhook deleted' } });
    expect((await ctx.client().deleteWebhook(9)).message).toBe('Webhook deleted');
    expectOneRequest(ctx.server.requests, { method: 'DELETE', path: '/webhook/9' });
  });
});

describe('topup', () => {
  it('topupKredit: POST /topup_kredit as a form with jumlah and payment_id; amounts normalised', async () => {
    const payment = { name: 'BCA', account_number: '0987654321', account_name: 'PT Mutasibank' };
    ctx.server.enqueue({
      json: {
        error: false,
        data: { trans_id: 'TP-1', jumlah: '50000.00', kode_unik: '123', total: 50123, payment },
      },
    });
    const topup = await ctx.client().topupKredit(50_000, 1);
    expectOneRequest(ctx.server.requests, {
      method: 'POST',
      path: '/topup_kredit',
      contentType: 'application/x-www-form-urlencoded',
      rawBody: 'jumlah=50000&payment_id=1',
    });
    expect(topup).toEqual({ trans_id: 'TP-1', jumlah: 50_000, kode_unik: 123, total: 50_123, payment });
  });

  it('topupKredit: the minimum is checked before sending', async () => {
    await expect(ctx.client().topupKredit(TOPUP_MINIMUM_RUPIAH - 1, 2)).rejects.toMatchObject({
      name: 'MutasibankInvalidRequestError',
    });
    expect(ctx.server.requests).toHaveLength(0);
  });
});

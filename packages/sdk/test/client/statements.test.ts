import { describe, expect, it } from 'vitest';
import { expectOneRequest, useRecordingClient } from './recording-client.js';

const ctx = useRecordingClient();

const ROW = {
  id: 'b7e0c1de-0000-4000-8000-000000000001',
  transaction_date: '2025-01-10 14:30:00',
  description: 'TRANSFER FROM JOHN DOE ORDER-12345',
  type: 'CR',
  amount: '100000.00',
  balance: '5000000.00',
  category: null,
  bank_ref: 'kept',
};
const STATEMENTS = {
  error: false,
  account_name: 'PT Contoh',
  account_number: '1234567890',
  balance: '5000000.00',
  data: [ROW, { ...ROW, id: 77, amount: 2500, balance: null }],
};
const FORM = 'application/x-www-form-urlencoded';

describe('statements', () => {
  it('getStatements: POST /statements/{id} as a form with both dates; money normalised', async () => {
    ctx.server.enqueue({ json: STATEMENTS });
    const result = await ctx.client().getStatements('a/b c', '2025-01-01', '2025-01-31');
    expectOneRequest(ctx.server.requests, {
      method: 'POST',
      path: '/statements/a%2Fb%20c',
      contentType: FORM,
      rawBody: 'date_from=2025-01-01&date_to=2025-01-31',
    });
    expect(result.balance).toBe(5_000_000);
    expect(result.account_name).toBe('PT Contoh');
    expect(result.data).toEqual([
      { ...ROW, amount: 100_000, balance: 5_000_000 },
      { ...ROW, id: 77, amount: 2500, balance: 0 },
    ]);
  });

  it('getStatements: Date arguments are read in WIB, not UTC', async () => {
    ctx.server.enqueue({ json: STATEMENTS });
    // 17:30 UTC on 31 Jan is 00:30 on 1 Feb in Jakarta.
    await ctx.client().getStatements(42, new Date('2025-01-31T17:30:00Z'), new Date('2025-02-03T16:59:59Z'));
    expect(ctx.server.requests[0]?.body).toEqual({ date_from: '2025-02-01', date_to: '2025-02-03' });
  });

  it('getStatements: without dates sends an empty form (the server answers for today)', async () => {
    ctx.server.enqueue({ json: { ...STATEMENTS, data: [] } });
    const result = await ctx.client().getStatements(42);
    expectOneRequest(ctx.server.requests, {
      method: 'POST',
      path: '/statements/42',
      contentType: FORM,
      rawBody: '',
    });
    expect(result.data).toEqual([]);
  });

  it('iterateStatements: one request per window of maxDaysPerRequest, oldest first', async () => {
    ctx.server.setHandler((req) => ({
      json: { ...STATEMENTS, data: [{ ...ROW, id: (req.body as { date_from: string }).date_from }] },
    }));
    const chunks = [];
    for await (const chunk of ctx
      .client()
      .iterateStatements(42, '2025-01-01', '2025-03-05', { maxDaysPerRequest: 31 })) {
      chunks.push(chunk);
    }
    expect(ctx.server.requests.map((r) => r.body)).toEqual([
      { date_from: '2025-01-01', date_to: '2025-01-31' },
      { date_from: '2025-02-01', date_to: '2025-03-03' },
      { date_from: '2025-03-04', date_to: '2025-03-05' },
    ]);
    expect(chunks.map((c) => [c.dateFrom, c.dateTo, c.result.data[0]?.id])).toEqual([
      ['2025-01-01', '2025-01-31', '2025-01-01'],
      ['2025-02-01', '2025-03-03', '2025-02-01'],
      ['2025-03-04', '2025-03-05', '2025-03-04'],
    ]);
  });

  it('matchTransaction: POST /match/{id} as a form with amount and optional dates', async () => {
    ctx.server.enqueue(
      { json: { error: false, valid: true, data: ROW } },
      { json: { error: false, valid: 0, data: null } },
    );
    const client = ctx.client();
    const hit = await client.matchTransaction(42, 100_000, '2025-01-01', new Date('2025-01-10T00:00:00Z'));
    expectOneRequest(ctx.server.requests, {
      method: 'POST',
      path: '/match/42',
      contentType: FORM,
      rawBody: 'amount=100000&date_from=2025-01-01&date_to=2025-01-10',
    });
    expect(hit).toMatchObject({ valid: true, data: { id: ROW.id, amount: 100_000, balance: 5_000_000 } });

    ctx.server.requests.length = 0;
    const miss = await client.matchTransaction(42, 123_456);
    expect(ctx.server.requests[0]?.rawBody).toBe('amount=123456');
    expect(miss).toEqual({ error: false, valid: false, data: null });
  });

  it('matchTransactions: POST /matchs/{id} as a form with amount; every row', async () => {
    ctx.server.enqueue({ json: { error: false, valid: true, data: [ROW, { ...ROW, id: 'second' }] } });
    const result = await ctx.client().matchTransactions('a/b c', 100_000);
    expectOneRequest(ctx.server.requests, {
      method: 'POST',
      path: '/matchs/a%2Fb%20c',
      contentType: FORM,
      rawBody: 'amount=100000',
    });
    expect(result.valid).toBe(true);
    expect(result.data.map((m) => [m.id, m.amount])).toEqual([
      [ROW.id, 100_000],
      ['second', 100_000],
    ]);
  });

  it('validateTransaction: GET /validate/{txId} with the id URL-encoded', async () => {
    ctx.server.enqueue({ json: { error: false, valid: '1', data: { ...ROW, amount: 100000 } } });
    const result = await ctx.client().validateTransaction('tx/1 2');
    expectOneRequest(ctx.server.requests, { method: 'GET', path: '/validate/tx%2F1%202' });
    expect(result.valid).toBe(true);
    expect(result.data?.amount).toBe(100_000);
  });

  it('a row whose amount has sen is an error naming the field, not a rounded amount', async () => {
    ctx.server.enqueue({ json: { ...STATEMENTS, data: [ROW, { ...ROW, amount: '100.50' }] } });
    await expect(ctx.client().getStatements(42)).rejects.toMatchObject({
      name: 'MutasibankServerError',
      status: 200,
      message: expect.stringContaining('data[1].amount is "100.50", expected integer rupiah'),
    });
  });
});

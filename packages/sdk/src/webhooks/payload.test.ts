import { describe, expect, it } from 'vitest';
import { WebhookVerificationError } from '../errors.js';
import { parseWebhookPayload } from './payload.js';

const mutation = {
  id: 'm-1',
  transaction_date: '2025-01-10 14:30:00',
  description: 'TRANSFER ORDER-1',
  type: 'CR',
  amount: 100000,
  balance: 5000000,
};

function codeOf(body: unknown): string {
  try {
    parseWebhookPayload(typeof body === 'string' ? body : JSON.stringify(body));
    return 'ok';
  } catch (error) {
    return (error as WebhookVerificationError).code;
  }
}

describe('parseWebhookPayload', () => {
  it('accepts the README minimal body and keeps unknown fields', () => {
    const { payload } = parseWebhookPayload(
      '{"api_key":"test","account_id":1,"data_mutasi":[],"extra":{"a":1}}',
    );
    expect(payload).toMatchObject({ account_id: 1, data_mutasi: [], extra: { a: 1 } });
  });

  it('normalises decimal strings to integer rupiah and numeric ids to strings', () => {
    const { payload, transactedAt } = parseWebhookPayload(
      JSON.stringify({
        account_id: '123',
        balance: '5000000.00',
        data_mutasi: [{ ...mutation, id: 42, amount: '100000.00', balance: '5000000' }],
      }),
    );
    expect(payload.account_id).toBe(123);
    expect(payload.balance).toBe(5000000);
    expect(payload.data_mutasi[0]).toMatchObject({ id: '42', amount: 100000, balance: 5000000 });
    expect(transactedAt[0]!.toISOString()).toBe('2025-01-10T07:30:00.000Z');
  });

  it.each([
    ['not JSON', 'api_key=test', 'invalid_json'],
    ['an array', [], 'invalid_payload'],
    ['no account_id', { data_mutasi: [] }, 'invalid_payload'],
    ['account_id 0', { account_id: 0, data_mutasi: [] }, 'invalid_payload'],
    ['no data_mutasi', { account_id: 1 }, 'invalid_payload'],
    ['data_mutasi an object', { account_id: 1, data_mutasi: {} }, 'invalid_payload'],
    ['balance a float', { account_id: 1, balance: 1.5, data_mutasi: [] }, 'invalid_payload'],
    ['account_number a number', { account_id: 1, account_number: 123, data_mutasi: [] }, 'invalid_payload'],
    ['api_key a number', { account_id: 1, api_key: 1, data_mutasi: [] }, 'invalid_payload'],
    ['type XX', { account_id: 1, data_mutasi: [{ ...mutation, type: 'XX' }] }, 'invalid_payload'],
    ['amount a float', { account_id: 1, data_mutasi: [{ ...mutation, amount: 1.5 }] }, 'invalid_payload'],
    [
      'amount with sen',
      { account_id: 1, data_mutasi: [{ ...mutation, amount: '100.50' }] },
      'invalid_payload',
    ],
    ['amount negative', { account_id: 1, data_mutasi: [{ ...mutation, amount: -5 }] }, 'invalid_payload'],
    ['no id', { account_id: 1, data_mutasi: [{ ...mutation, id: undefined }] }, 'invalid_payload'],
    [
      'bad date',
      { account_id: 1, data_mutasi: [{ ...mutation, transaction_date: '2025-02-30 10:00:00' }] },
      'invalid_payload',
    ],
    [
      'date not a string',
      { account_id: 1, data_mutasi: [{ ...mutation, transaction_date: 1 }] },
      'invalid_payload',
    ],
    ['mutation not an object', { account_id: 1, data_mutasi: ['x'] }, 'invalid_payload'],
  ])('%s -> %s', (_name, body, expected) => {
    expect(codeOf(body)).toBe(expected);
  });

  it('names the path in the message but not the value', () => {
    try {
      parseWebhookPayload(JSON.stringify({ account_id: 1, api_key: 123456789, data_mutasi: [] }));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(WebhookVerificationError);
      expect((error as Error).message).toMatch(/^api_key must be a string/);
      expect((error as Error).message).not.toContain('123456789');
    }
  });
});

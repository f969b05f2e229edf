import { describe, expect, it } from 'vitest';
import { renderWebhookBody, serializeWebhookPayload } from './webhook-body.js';

describe('webhook body', () => {
  it('renders the README test payload byte for byte', () => {
    const payload = serializeWebhookPayload({ account_id: 1, data_mutasi: [] });
    expect(payload).toBe('{"account_id":1,"data_mutasi":[]}');
    expect(renderWebhookBody(payload, 'test')).toBe('{"api_key":"test","account_id":1,"data_mutasi":[]}');
  });

  it('renders the documented example in its field order', () => {
    const payload = serializeWebhookPayload({
      data_mutasi: [
        {
          balance: 5150123,
          amount: 150123,
          type: 'CR',
          description: 'TRSF E-BANKING CR 3112/FTSCY/WS95271 150123.00 SITI AMINAH ORDER-12345',
          transaction_date: '2025-12-31 21:15:04',
          id: '5f0b8a3e-2c1d-4b7a-9e6f-1a2b3c4d5e6f',
        },
      ],
      balance: 5150123,
      account_number: '1234567890',
      account_name: 'PT Example',
      module: 'bca',
      account_id: 123,
    });
    // The body of the "valid delivery" vector in fixtures/webhook-signatures.json.
    expect(renderWebhookBody(payload, 'TOKEN-EXAMPLE')).toBe(
      '{"api_key":"TOKEN-EXAMPLE","account_id":123,"module":"bca","account_name":"PT Example","account_number":"1234567890","balance":5150123,"data_mutasi":[{"id":"5f0b8a3e-2c1d-4b7a-9e6f-1a2b3c4d5e6f","transaction_date":"2025-12-31 21:15:04","description":"TRSF E-BANKING CR 3112/FTSCY/WS95271 150123.00 SITI AMINAH ORDER-12345","type":"CR","amount":150123,"balance":5150123}]}',
    );
  });

  it('leaves the payload alone without a key, escapes a key, and handles an empty object', () => {
    expect(renderWebhookBody('{"account_id":1}')).toBe('{"account_id":1}');
    expect(JSON.parse(renderWebhookBody('{"a":1}', 'q"\\'))).toEqual({ api_key: 'q"\\', a: 1 });
    expect(renderWebhookBody('{}', 'k')).toBe('{"api_key":"k"}');
    expect(() => renderWebhookBody('[1]', 'k')).toThrow(TypeError);
  });
});

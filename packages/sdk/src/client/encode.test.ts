import { describe, expect, it } from 'vitest';
import { apiPath, encodeForm } from './encode.js';

describe('apiPath', () => {
  it('encodes each parameter as one path segment', () => {
    expect(apiPath`/account/${'a/b c'}/toggle`).toBe('/account/a%2Fb%20c/toggle');
    expect(apiPath`/validate/${'x?y#z&%'}`).toBe('/validate/x%3Fy%23z%26%25');
    expect(apiPath`/account/${42}`).toBe('/account/42');
    expect(apiPath`/accounts`).toBe('/accounts');
  });
});

describe('encodeForm', () => {
  it('skips undefined fields and escapes the rest', () => {
    expect(encodeForm({ amount: '100000', date_from: undefined, note: 'a b&c=d' })).toBe(
      'amount=100000&note=a+b%26c%3Dd',
    );
    expect(encodeForm({})).toBe('');
  });
});

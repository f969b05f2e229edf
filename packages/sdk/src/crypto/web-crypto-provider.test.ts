import { describe, expect, it } from 'vitest';
import { describeCryptoProviderContract } from './crypto-provider.contract.js';
import { encodeHex } from './encoding.js';
import { WebCryptoProvider } from './web-crypto-provider.js';

describeCryptoProviderContract('WebCryptoProvider', () => new WebCryptoProvider());

describe('WebCryptoProvider', () => {
  it('refuses to construct without crypto.subtle, saying what to use instead', () => {
    expect(() => new WebCryptoProvider({} as Crypto)).toThrow(/NodeCryptoProvider/);
  });

  it('keeps giving right digests after more secrets than its key cache holds', async () => {
    const provider = new WebCryptoProvider();
    const node = await import('node:crypto');
    for (let i = 0; i < 40; i++) {
      const key = `secret-${i % 20}`;
      const expected = node.createHmac('sha256', key).update('body').digest('hex');
      expect(encodeHex(await provider.computeHmacSha256Async(key, 'body'))).toBe(expected);
    }
  });
});

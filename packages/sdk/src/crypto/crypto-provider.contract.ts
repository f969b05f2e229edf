/**
 * @module crypto/crypto-provider.contract
 * The one suite every {@link CryptoProvider} passes (stripe's `createCryptoProviderTestSuite`):
 * the vectors of the contract's doc comment, bytes and strings alike, and UUID shape.
 */
import { describe, expect, it } from 'vitest';
import type { CryptoProvider, SyncCryptoProvider } from './crypto-provider.js';
import { encodeHex } from './encoding.js';

/** The vectors from `crypto-provider.ts`'s doc comment. */
export const HMAC_VECTORS = [
  { key: 'test_secret', data: '', hex: 'f7f9bd47fb987337b5796fdc1fdb9ba221d0d5396814bfcaf9521f43fd8927fd' },
  {
    key: 'test_secret',
    data: '\u{1F600}\n',
    hex: '98eed6e38535b7178679ddcddca8102413fea6b15ec42069ee70ca04be55b71d',
  },
  {
    key: 'key',
    data: 'The quick brown fox jumps over the lazy dog',
    hex: 'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
  },
] as const;

function isSync(provider: CryptoProvider): provider is SyncCryptoProvider {
  return typeof (provider as Partial<SyncCryptoProvider>).computeHmacSha256 === 'function';
}

/** Registers the contract suite for one provider. */
export function describeCryptoProviderContract(name: string, create: () => CryptoProvider): void {
  describe(`CryptoProvider contract: ${name}`, () => {
    const provider = create();
    const encoder = new TextEncoder();

    it.each(HMAC_VECTORS)(
      'HMAC-SHA256 of $data.length chars under "$key" (string and bytes)',
      async (vector) => {
        expect(encodeHex(await provider.computeHmacSha256Async(vector.key, vector.data))).toBe(vector.hex);
        expect(
          encodeHex(await provider.computeHmacSha256Async(vector.key, encoder.encode(vector.data))),
        ).toBe(vector.hex);
        if (isSync(provider)) {
          expect(encodeHex(provider.computeHmacSha256(vector.key, vector.data))).toBe(vector.hex);
        }
      },
    );

    it('returns a fresh 32-byte Uint8Array each call', async () => {
      const a = await provider.computeHmacSha256Async('k', 'x');
      const b = await provider.computeHmacSha256Async('k', 'x');
      expect(a).toBeInstanceOf(Uint8Array);
      expect(a.length).toBe(32);
      expect(a).not.toBe(b);
      expect(encodeHex(a)).toBe(encodeHex(b));
    });

    it('keys differ: another key gives another digest', async () => {
      const a = encodeHex(await provider.computeHmacSha256Async('key-a', 'same data'));
      const b = encodeHex(await provider.computeHmacSha256Async('key-b', 'same data'));
      expect(a).not.toBe(b);
    });

    it('randomUUID gives distinct lowercase v4 UUIDs', () => {
      const ids = new Set(Array.from({ length: 50 }, () => provider.randomUUID()));
      expect(ids.size).toBe(50);
      for (const id of ids)
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });
  });
}

/**
 * @module crypto/crypto-provider
 * The seam between webhook signing/verification and a runtime's cryptography: HMAC-SHA256 and
 * random UUIDs. `node:crypto` can do both synchronously; Web Crypto (`crypto.subtle`) only
 * asynchronously, so sync support is stated by type ({@link SyncCryptoProvider}) and a caller that
 * needs it asks for it in its signature instead of discovering it at run time.
 *
 * Test vectors every provider must reproduce (lowercase hex of HMAC-SHA256 over UTF-8 bytes):
 *
 * | key | data | HMAC-SHA256 |
 * |---|---|---|
 * | `test_secret` | `''` (empty) | `f7f9bd47fb987337b5796fdc1fdb9ba221d0d5396814bfcaf9521f43fd8927fd` |
 * | `test_secret` | `'\u{1F600}\n'` (an emoji and a newline) | `98eed6e38535b7178679ddcddca8102413fea6b15ec42069ee70ca04be55b71d` |
 * | `key` | `'The quick brown fox jumps over the lazy dog'` | `f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8` |
 *
 * `crypto-provider.contract.ts` runs these against every implementation.
 */

/** HMAC-SHA256 and randomness, asynchronously: what every runtime can offer. */
export interface CryptoProvider {
  /**
   * HMAC-SHA256 of `data` keyed with the UTF-8 bytes of `key`; a string `data` is hashed as its
   * UTF-8 bytes. Resolves to the 32-byte digest.
   */
  computeHmacSha256Async(key: string, data: Uint8Array | string): Promise<Uint8Array>;
  /** A random RFC 4122 version-4 UUID, lowercase (webhook message ids). */
  randomUUID(): string;
}

/** A {@link CryptoProvider} that can also compute HMAC-SHA256 synchronously (`node:crypto`). */
export interface SyncCryptoProvider extends CryptoProvider {
  /** Same digest as {@link CryptoProvider.computeHmacSha256Async}, returned synchronously. */
  computeHmacSha256(key: string, data: Uint8Array | string): Uint8Array;
}

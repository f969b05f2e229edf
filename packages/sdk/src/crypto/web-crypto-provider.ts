/**
 * @module crypto/web-crypto-provider
 * {@link CryptoProvider} on Web Crypto (`crypto.subtle`): Cloudflare Workers, browsers, Vercel
 * Edge, and any runtime without `node:crypto`. Asynchronous only, so it is not a
 * `SyncCryptoProvider` and the type system keeps it away from the sync verifier.
 */
import type { CryptoProvider } from './crypto-provider.js';

const encoder = new TextEncoder();

/** Keys imported per secret; a receiver has one or two secrets, so a small bound is plenty. */
const MAX_CACHED_KEYS = 16;

/**
 * HMAC-SHA256 through `crypto.subtle`. Imported keys are cached per secret (importKey costs more
 * than signing a small body), at most 16, oldest dropped first.
 *
 * @example
 * const provider = new WebCryptoProvider();
 * await provider.computeHmacSha256Async('test_secret', ''); // 32 bytes, f7f9bd47...
 */
export class WebCryptoProvider implements CryptoProvider {
  readonly #crypto: Crypto;
  readonly #keys = new Map<string, Promise<CryptoKey>>();

  /** @param webCrypto the `Crypto` object to use; defaults to the runtime's `globalThis.crypto`. */
  constructor(webCrypto: Crypto = globalThis.crypto) {
    if (webCrypto?.subtle === undefined) {
      throw new TypeError(
        'WebCryptoProvider needs Web Crypto (globalThis.crypto.subtle); on Node 18 use NodeCryptoProvider',
      );
    }
    this.#crypto = webCrypto;
  }

  async computeHmacSha256Async(key: string, data: Uint8Array | string): Promise<Uint8Array> {
    const cryptoKey = await this.#importKey(key);
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    // subtle.sign wants a BufferSource backed by an ArrayBuffer; a Uint8Array view qualifies.
    const signature = await this.#crypto.subtle.sign('HMAC', cryptoKey, bytes as Uint8Array<ArrayBuffer>);
    return new Uint8Array(signature);
  }

  randomUUID(): string {
    return this.#crypto.randomUUID();
  }

  #importKey(secret: string): Promise<CryptoKey> {
    const cached = this.#keys.get(secret);
    if (cached !== undefined) return cached;
    const imported = this.#crypto.subtle.importKey(
      'raw',
      encoder.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    if (this.#keys.size >= MAX_CACHED_KEYS) {
      const oldest = this.#keys.keys().next().value;
      if (oldest !== undefined) this.#keys.delete(oldest);
    }
    this.#keys.set(secret, imported);
    // A failed import must not stay cached, or every later call would fail the same way.
    imported.catch(() => this.#keys.delete(secret));
    return imported;
  }
}

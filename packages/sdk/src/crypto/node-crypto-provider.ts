/**
 * @module crypto/node-crypto-provider
 * {@link SyncCryptoProvider} on `node:crypto` (Node, Bun, Deno): HMAC-SHA256 without a promise
 * hop, which is why `verifyWebhook` can be synchronous there.
 */
/// <reference types="node" />
import { createHmac, randomUUID } from 'node:crypto';
import type { SyncCryptoProvider } from './crypto-provider.js';

/**
 * HMAC-SHA256 through `node:crypto`. Stateless; one instance can be shared freely.
 *
 * @example
 * const provider = new NodeCryptoProvider();
 * provider.computeHmacSha256('test_secret', ''); // 32 bytes, f7f9bd47...
 */
export class NodeCryptoProvider implements SyncCryptoProvider {
  computeHmacSha256(key: string, data: Uint8Array | string): Uint8Array {
    return createHmac('sha256', key).update(data).digest();
  }

  computeHmacSha256Async(key: string, data: Uint8Array | string): Promise<Uint8Array> {
    // Resolving (not throwing) keeps the async contract: a failure is a rejection, never a throw.
    return new Promise((resolve) => resolve(this.computeHmacSha256(key, data)));
  }

  randomUUID(): string {
    return randomUUID();
  }
}

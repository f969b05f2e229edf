/**
 * @module mutasibank
 * What every entry point of the SDK shares: the API client, errors, money and WIB helpers, and the
 * runtime-neutral webhook pieces. The runtime entry points add the functions that pick a crypto
 * provider: `node.ts` (`node:crypto`: Node, Bun, Deno) and `web.ts` (Web Crypto: Workers,
 * browsers, edge), chosen by the package's `exports` conditions.
 */
export * from './client/index.js';
export type { CryptoProvider, SyncCryptoProvider } from './crypto/crypto-provider.js';
export { timingSafeEqual } from './crypto/timing-safe-equal.js';
export { WebCryptoProvider } from './crypto/web-crypto-provider.js';
export * from './errors.js';
export * from './matching/index.js';
export { isPositiveRupiah, toRupiah } from './money.js';
export * from './webhooks/index.js';
export {
  formatWibDate,
  formatWibDateTime,
  isWibDate,
  parseWibDateTime,
  toWibDate,
  WIB_OFFSET_MS,
} from './wib.js';

/**
 * @module mutasibank
 * The Mutasibank SDK: a typed API client and safe webhook verification, with no runtime
 * dependencies. Works in Node, Bun, Deno and edge runtimes.
 */
export * from './client/index.js';
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

/**
 * @module matching
 * Payment matching for webhook receivers: unique codes ("kode unik"), reference extraction, the
 * pure payment decision, a matcher that calls `onPaid` exactly once, and its stores.
 */
export * from './credit.js';
export * from './decide.js';
export * from './errors.js';
export * from './memory-payment-store.js';
export * from './payment-matcher.js';
export * from './payment-store.js';
export * from './references.js';
export * from './sql/better-sqlite3-executor.js';
export * from './sql/pg-executor.js';
export * from './sql/sql-executor.js';
export * from './sql/sql-payment-store.js';
export * from './sql/sql-schema.js';
export * from './unique-code.js';

/**
 * @module invoices
 * Invoices paid by unique-code transfers: settings, the matcher hook, the service, the expiry
 * sweep, billing accounts for top-ups, and the engine that wires them into a server.
 */
export * from './billing-accounts.js';
export * from './expiry-sweeper.js';
export * from './invoice-engine.js';
export * from './invoice-events.js';
export * from './invoice-matcher.js';
export * from './invoice-service.js';
export * from './invoice-settings.js';

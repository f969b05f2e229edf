/**
 * @module @mutasibank/server
 * The Mutasibank-compatible API server (filled by the server issue).
 */
export {};

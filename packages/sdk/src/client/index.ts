/** @module client — the typed API client (filled by the foundation issue). */
export {};

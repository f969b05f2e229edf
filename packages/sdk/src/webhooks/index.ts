/** @module webhooks — webhook verification and signing (filled by the webhooks issue). */
export {};

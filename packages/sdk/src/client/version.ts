/** @module client/version — the SDK version sent in the default User-Agent. */

/** Version of this package; `test/client/version.test.ts` keeps it equal to package.json's `version`. */
export const SDK_VERSION = '0.1.0';

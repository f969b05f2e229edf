/**
 * Deno smoke: imports the BUILT package by name (its exports map picks dist/node.js, node:crypto)
 * and the explicit Web Crypto entry, then runs the shared webhook checks.
 * Run: node_modules/.bin/deno run --allow-read --allow-env packages/sdk/test-projects/deno/smoke.mjs (after npm run build).
 */
import { readFileSync } from 'node:fs';
import * as sdk from 'mutasibank';
import * as webcrypto from 'mutasibank/webcrypto';
import { reportSmoke, runWebhookSmoke } from '../shared/webhook-smoke.mjs';

const vectors = JSON.parse(
  readFileSync(new URL('../../../../fixtures/webhook-signatures.json', import.meta.url), 'utf8'),
);
const result = await runWebhookSmoke({
  vectors,
  verifiers: {
    'verifyWebhook (node:crypto)': sdk.verifyWebhook,
    'verifyWebhookAsync (node:crypto)': sdk.verifyWebhookAsync,
    'verifyWebhookAsync (Web Crypto)': webcrypto.verifyWebhookAsync,
  },
  signers: {
    signWebhook: sdk.signWebhook,
    'signWebhookAsync (Web Crypto)': webcrypto.signWebhookAsync,
  },
});

// --- API client smoke: to be added with the client (another branch). Start a local server on
// --- 127.0.0.1 here, call it through `new sdk.MutasibankClient(...)`, and push failures into
// --- result.failures so the runtime test reports them.

process.exit(
  reportSmoke('deno', result, { resolved: import.meta.resolve('mutasibank'), version: Deno.version.deno }),
);

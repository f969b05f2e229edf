/**
 * workerd (Cloudflare Workers) smoke worker: imports the package by name, as a Worker would. The
 * runner bundles it with the workerd/worker/browser conditions (what wrangler does), so the
 * exports map must resolve to dist/web.js: Web Crypto only, no node:crypto, no sync verifier.
 */
import * as sdk from 'mutasibank';
import vectors from '../../../../fixtures/webhook-signatures.json' with { type: 'json' };
import { runWebhookSmoke } from '../shared/webhook-smoke.mjs';

export default {
  async fetch() {
    const result = await runWebhookSmoke({
      vectors,
      verifiers: { 'verifyWebhookAsync (Web Crypto)': sdk.verifyWebhookAsync },
      signers: { 'signWebhookAsync (Web Crypto)': sdk.signWebhookAsync },
    });
    // The web build states by its exports that there is no sync verifier or signer.
    if ('verifyWebhook' in sdk || 'signWebhook' in sdk)
      result.failures.push('web build exports a sync verifier');

    // --- API client smoke: to be added with the client (another branch). Call a local server
    // --- (the runner can pass its URL in a binding) through sdk.MutasibankClient and push
    // --- failures into result.failures.

    return Response.json(result);
  },
};

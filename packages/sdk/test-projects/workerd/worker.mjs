/**
 * workerd (Cloudflare Workers) smoke worker: imports the package by name, as a Worker would. The
 * runner bundles it with the workerd/worker/browser conditions (what wrangler does), so the
 * exports map must resolve to dist/web.js: Web Crypto only, no node:crypto, no sync verifier.
 */
import * as sdk from 'mutasibank';
import vectors from '../../../../fixtures/webhook-signatures.json' with { type: 'json' };
import { runClientSmoke } from '../shared/client-smoke.mjs';
import { runWebhookSmoke } from '../shared/webhook-smoke.mjs';

export default {
  async fetch(_request, env) {
    const result = await runWebhookSmoke({
      vectors,
      verifiers: { 'verifyWebhookAsync (Web Crypto)': sdk.verifyWebhookAsync },
      signers: { 'signWebhookAsync (Web Crypto)': sdk.signWebhookAsync },
    });
    // The web build states by its exports that there is no sync verifier or signer.
    if ('verifyWebhook' in sdk || 'signWebhook' in sdk)
      result.failures.push('web build exports a sync verifier');

    // The runner passes the fake API's URL and token as bindings.
    const client = await runClientSmoke(sdk, { baseUrl: env.SMOKE_URL, token: env.SMOKE_TOKEN });
    result.checks += client.checks;
    result.failures.push(...client.failures);

    return Response.json(result);
  },
};

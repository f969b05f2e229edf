/**
 * @module test-projects/shared/node-build-smoke
 * The smoke for runtimes that get the node:crypto build (Bun, Deno): imports the BUILT package by
 * name, as a user would (its exports map picks dist/node.js), plus the explicit Web Crypto entry,
 * and runs the shared webhook checks through all three verifiers.
 */
import { readFileSync } from 'node:fs';
import * as sdk from 'mutasibank';
import * as webcrypto from 'mutasibank/webcrypto';
import { runClientSmoke } from './client-smoke.mjs';
import { reportSmoke, runWebhookSmoke } from './webhook-smoke.mjs';

/** Runs the checks and prints the summary line; resolves to the exit code. */
export async function runNodeBuildSmoke(runtime, version) {
  const vectorsUrl = new URL('../../../../fixtures/webhook-signatures.json', import.meta.url);
  const result = await runWebhookSmoke({
    vectors: JSON.parse(readFileSync(vectorsUrl, 'utf8')),
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

  // The runner serves the fake API on 127.0.0.1 and passes its URL and token in the environment.
  const baseUrl = process.env.MUTASIBANK_SMOKE_URL;
  if (baseUrl) {
    const client = await runClientSmoke(sdk, { baseUrl, token: process.env.MUTASIBANK_SMOKE_TOKEN ?? '' });
    result.checks += client.checks;
    result.failures.push(...client.failures);
  } else result.failures.push('MUTASIBANK_SMOKE_URL is not set: the client smoke did not run');

  return reportSmoke(runtime, result, { resolved: import.meta.resolve('mutasibank'), version });
}

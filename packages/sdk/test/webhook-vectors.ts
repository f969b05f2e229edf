/**
 * @module test/webhook-vectors
 * The shared signature vectors (`fixtures/webhook-signatures.json`), typed, for every verifier
 * test. The runtime smokes read the same file themselves.
 */
import { readFileSync } from 'node:fs';

/** One fixed case: body, headers, expected outcome (`ok` or an error code). */
export interface WebhookVector {
  name: string;
  body: string;
  headers: Record<string, string>;
  expect: string;
  secrets?: string[];
  note?: string;
}

/** The whole file. */
export interface WebhookVectorFile {
  secret: string;
  now: number;
  toleranceSeconds: number;
  cases: WebhookVector[];
}

/** Absolute path of the vectors file (repository root `fixtures/`). */
export const WEBHOOK_VECTORS_PATH = new URL('../../../fixtures/webhook-signatures.json', import.meta.url);

/** Loads the vectors. */
export function loadWebhookVectors(): WebhookVectorFile {
  return JSON.parse(readFileSync(WEBHOOK_VECTORS_PATH, 'utf8')) as WebhookVectorFile;
}

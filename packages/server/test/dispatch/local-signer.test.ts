import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { localSign } from './local-signer.js';

interface Vector {
  name: string;
  body: string;
  headers: Record<string, string>;
  expect: string;
  secrets?: string[];
}
const vectors = JSON.parse(
  readFileSync(new URL('../../../../fixtures/webhook-signatures.json', import.meta.url), 'utf8'),
) as { secret: string; now: number; cases: Vector[] };

// The dispatch tests sign with this helper instead of the SDK; it must agree with the shared vectors.
describe('local test signer', () => {
  const valid = vectors.cases.filter(
    (c) => c.expect === 'ok' && c.secrets === undefined && !/upper|spaces/.test(c.name),
  );
  it.each(valid.map((c) => [c.name, c] as const))('matches the vector "%s"', async (_name, vector) => {
    const headers = await localSign({
      body: vector.body,
      secrets: [vectors.secret],
      webhookId: vector.headers['X-Mutasibank-Webhook-Id'] ?? '',
      timestamp: Number(vector.headers['X-Mutasibank-Timestamp']),
      standard: false,
    });
    expect(headers).toEqual(vector.headers);
  });

  it('found vectors to check', () => {
    expect(valid.length).toBeGreaterThanOrEqual(4);
  });
});

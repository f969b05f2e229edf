/**
 * The seed README's "Test dengan cURL" recipe, run as written (openssl HMAC over a literal
 * payload, curl POST), against a real receiver on 127.0.0.1 that uses the SDK: it is accepted.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { createWebhookHandler } from 'mutasibank/node-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenLocal } from '../src/adapters/test-server.contract.js';

const hasTools = (() => {
  try {
    execFileSync('bash', ['-c', 'command -v openssl && command -v curl'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

// The recipe from the seed README, verbatim but for the URL and the secret's value.
const recipe = `
SECRET="$WEBHOOK_SECRET"
TIMESTAMP=$(date +%s)
PAYLOAD='{"api_key":"test","account_id":1,"data_mutasi":[]}'
SIGNATURE=$(echo -n "$PAYLOAD" | openssl dgst -sha256 -hmac "$SECRET" | cut -d' ' -f2)

curl -s -X POST "$URL" \\
  -H "Content-Type: application/json" \\
  -H "X-Mutasibank-Signature: $SIGNATURE" \\
  -H "X-Mutasibank-Timestamp: $TIMESTAMP" \\
  -H "X-Mutasibank-Webhook-Id: test-123" \\
  -d "$PAYLOAD"
`;

describe.skipIf(!hasTools)('the seed README cURL recipe (needs bash, openssl, curl)', () => {
  const secret = '0123456789abcdef'.repeat(4);
  let server: Awaited<ReturnType<typeof listenLocal>>;
  beforeAll(async () => {
    const handler = createWebhookHandler({ secret, apiKey: 'test' }, (event, _req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ accepted: true, webhookId: event.webhookId, accountId: event.accountId }));
    });
    server = await listenLocal(createServer(handler), '/webhook/mutasibank');
  });
  afterAll(() => server.close());

  it('is accepted by a receiver using the SDK', async () => {
    const child = spawn('bash', ['-c', recipe], {
      env: { ...process.env, WEBHOOK_SECRET: secret, URL: server.url },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ accepted: true, webhookId: 'test-123', accountId: 1 });
  });
});

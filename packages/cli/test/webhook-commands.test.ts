/**
 * `mutasibank trigger` and `mutasibank sign` against a real receiver on 127.0.0.1 that uses the
 * SDK's verifier, and the signature checked with a plain openssl HMAC as well.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryReplayStore, type WebhookEvent } from 'mutasibank';
import { createWebhookHandler } from 'mutasibank/node-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../src/main.js';
import { captureIo } from './cli-io.js';

const secret = '9f'.repeat(32);
const runTs = fileURLToPath(new URL('../src/run.ts', import.meta.url));
const received: WebhookEvent[] = [];
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer(
    createWebhookHandler(
      { secret, apiKey: 'test', replayStore: new MemoryReplayStore() },
      (event, _req, res) => {
        received.push(event);
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ success: true, mutations: event.mutations.length }));
      },
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/webhook/mutasibank`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function run(args: string[], options?: Parameters<typeof captureIo>[0]) {
  const { io, out } = captureIo(options);
  const program = buildProgram(io).exitOverride();
  await program.parseAsync(['node', 'mutasibank', ...args]);
  return out;
}

describe('mutasibank trigger', () => {
  it('sends a signed sample delivery that the SDK verifier accepts, and prints status and body', async () => {
    const before = received.length;
    const out = await run(['trigger', '--url', url, '--secret', secret]);
    expect(out.exitCode).toBeUndefined();
    expect(out.stdout).toBe('HTTP 200 OK\n{"success":true,"mutations":1}\n');
    const event = received[before]!;
    expect(event.mutations[0]).toMatchObject({ direction: 'credit', amount: 150123 });
    expect(event.webhookId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('exits 1 on a non-2xx answer and prints the refusal', async () => {
    const out = await run(['trigger', '--url', url, '--secret', 'ab'.repeat(32)]);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toMatch(/^HTTP 401 Unauthorized\n/);
    expect(out.stdout).toContain('"code":"invalid_signature"');
  });

  it('api key mismatch is a non-2xx too', async () => {
    const out = await run(['trigger', '--url', url, '--secret', secret, '--api-key', 'wrong-token']);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toContain('api_key_mismatch');
  });

  it('--payload sends the file bytes exactly as signed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mutasibank-cli-'));
    const file = join(dir, 'payload.json');
    writeFileSync(file, '{ "api_key": "test", "account_id": 42, "data_mutasi": [] }\n');
    const before = received.length;
    const out = await run(['trigger', '--url', url, '--secret', secret, '--payload', file, '--standard']);
    expect(out.stdout).toMatch(/^HTTP 200/);
    expect(received[before]!.accountId).toBe(42);
  });

  it('a receiver that is not there: exit 2 and the reason on stderr', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const out = await run(['trigger', '--url', `http://127.0.0.1:${port}/`, '--secret', secret]);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/request failed: .*ECONNREFUSED/);
  });

  it('as a real process: secret from WEBHOOK_SECRET, exit status 0 then 1', async () => {
    // Asynchronous spawn: the receiver runs in this process and must keep serving meanwhile.
    const cli = (env: Record<string, string>) =>
      new Promise<{ status: number | null; stdout: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', '--conditions=source', runTs, 'trigger', '--url', url],
          {
            env: { ...process.env, ...env },
            stdio: ['ignore', 'pipe', 'ignore'],
          },
        );
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
        });
        child.on('close', (status) => resolve({ status, stdout }));
      });
    const ok = await cli({ WEBHOOK_SECRET: secret });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^HTTP 200 OK/);
    const refused = await cli({ WEBHOOK_SECRET: 'cd'.repeat(32) });
    expect(refused.status).toBe(1);
  });
});

describe('mutasibank sign', () => {
  const payload = '{"api_key":"test","account_id":1,"data_mutasi":[]}';

  it('prints the delivery headers for the stdin bytes; openssl computes the same signature', async () => {
    const out = await run(
      ['sign', '--secret', secret, '--timestamp', '1767225600', '--webhook-id', 'test-123'],
      {
        stdin: payload,
      },
    );
    const headers = Object.fromEntries(
      out.stdout
        .trim()
        .split('\n')
        .map((line) => line.split(': ') as [string, string]),
    );
    expect(headers).toMatchObject({
      'Content-Type': 'application/json',
      'User-Agent': 'Mutasibank-Webhook/1.0',
      'X-Mutasibank-Timestamp': '1767225600',
      'X-Mutasibank-Webhook-Id': 'test-123',
    });
    const openssl = execFileSync('openssl', ['dgst', '-sha256', '-hmac', secret], {
      input: payload,
    }).toString();
    expect(openssl.trim().split(' ').pop()).toBe(headers['X-Mutasibank-Signature']);
  });

  it('--json --standard adds the Standard Webhooks headers; a trailing newline is signed too', async () => {
    const withNewline = `${payload}\n`;
    const out = await run(['sign', '--secret', secret, '--json', '--standard'], { stdin: withNewline });
    const headers = JSON.parse(out.stdout) as Record<string, string>;
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    const openssl = execFileSync('openssl', ['dgst', '-sha256', '-hmac', secret], {
      input: withNewline,
    }).toString();
    expect(openssl.trim().split(' ').pop()).toBe(headers['X-Mutasibank-Signature']);
  });

  it('a secret with whitespace is refused clearly', async () => {
    await expect(run(['sign', '--secret', ` ${secret}`], { stdin: payload })).rejects.toThrow(/whitespace/);
  });
});

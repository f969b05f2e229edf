import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'mutasibank-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quiet = { MUTASIBANK_LOG_LEVEL: 'warn' };

describe('mutasibank serve', () => {
  it('prints the URL, a fresh token and a curl line on first start, and stops cleanly on SIGTERM', async () => {
    const db = join(dir, 'first.db');
    const p = startCli(['serve', '--db', db, '--port', '0'], { env: quiet });
    const [, url] = await p.waitFor(/listening: (http:\/\/127\.0\.0\.1:\d+\/api\/v1)/);
    const [, token] = await p.waitFor(/^ {2}(mbk_\S+)$/m);
    expect(p.stdout()).toContain(`curl -H "Authorization: ${token}" ${url}/user`);
    const res = await fetch(`${url}/user`, { headers: { authorization: token! } });
    expect(res.status).toBe(200);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.stderr()).toContain('SIGTERM, shutting down');

    const again = startCli(['serve', '--db', db, '--port', '0'], { env: quiet });
    await again.waitFor(/listening: /);
    expect(again.stdout()).not.toContain('API token');
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
  });

  it('uses MUTASIBANK_BOOTSTRAP_TOKEN for the first user', async () => {
    const p = startCli(['serve', '--db', join(dir, 'boot.db'), '--port', '0', '--dev'], {
      env: { ...quiet, MUTASIBANK_BOOTSTRAP_TOKEN: 'known-token-for-scripts-1' },
    });
    const [, url] = await p.waitFor(/listening: (\S+)\s+\(dev mode\)/);
    expect(
      (await fetch(`${url}/user`, { headers: { authorization: 'known-token-for-scripts-1' } })).status,
    ).toBe(200);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('SIGTERM lets a request in flight finish before the process exits', async () => {
    const receiver = createServer((req, res) => {
      req.resume();
      setTimeout(() => res.writeHead(200).end('slow ok'), 1200);
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as AddressInfo).port;
    const token = 'graceful-token-0123456789';
    const p = startCli(['serve', '--db', join(dir, 'graceful.db'), '--port', '0', '--dev'], {
      env: { ...quiet, MUTASIBANK_BOOTSTRAP_TOKEN: token },
    });
    try {
      const [, url] = await p.waitFor(/listening: (\S+)/);
      const post = (path: string, body: unknown) =>
        fetch(`${url}${path}`, {
          method: 'POST',
          headers: { authorization: token, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const account = (await (
        await post('/account/create', { bank_id: 1, account_name: 'G', account_no: '123456' })
      ).json()) as {
        data: { id: number };
      };
      const hook = (await (
        await post('/webhook', { url: `http://127.0.0.1:${port}/slow`, bank_account_id: account.data.id })
      ).json()) as {
        data: { id: number };
      };
      const inFlight = post(`/webhook/${hook.data.id}/test`, {});
      await new Promise((r) => setTimeout(r, 300));
      p.child.kill('SIGTERM');
      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ delivered: true, response_snippet: 'slow ok' });
      expect(await p.exited).toBe(0);
    } finally {
      p.child.kill('SIGKILL');
      receiver.close();
    }
  });

  it('reports a bad setting plainly and exits non-zero', async () => {
    const r = await runCli(['serve', '--db', join(dir, 'bad.db'), '--port', 'eighty']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--port / MUTASIBANK_PORT must be an integer');
  });
});

describe('mutasibank users and tokens', () => {
  it('creates users and tokens, lists them by prefix, and revokes', async () => {
    const db = join(dir, 'admin.db');
    const created = await runCli([
      'users',
      'create',
      '--name',
      'Siti',
      '--email',
      'siti@example.test',
      '--db',
      db,
    ]);
    expect(created.code, created.stderr).toBe(0);
    const [, firstToken] = created.stdout.match(/API token \(shown only now\): (mbk_\S+)/) ?? [];
    expect(firstToken).toBeDefined();
    const dup = await runCli([
      'users',
      'create',
      '--name',
      'Siti',
      '--email',
      'SITI@example.test',
      '--db',
      db,
    ]);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain('already exists');

    const t = await runCli(['tokens', 'create', '--user', 'siti@example.test', '--name', 'ci', '--db', db]);
    expect(t.code, t.stderr).toBe(0);
    const [, tokenId, token] = t.stdout.match(/token (\d+) for user .*\n(mbk_\S+)/) ?? [];
    const list = await runCli(['tokens', 'list', '--user', '1', '--db', db]);
    expect(list.stdout).toContain(`${tokenId}\t${token!.slice(0, 8)}…\tci\tactive`);
    expect(list.stdout).not.toContain(token);

    const server = startCli(['serve', '--db', db, '--port', '0'], { env: quiet });
    const [, url] = await server.waitFor(/listening: (\S+)/);
    try {
      expect((await fetch(`${url}/user`, { headers: { authorization: token! } })).status).toBe(200);
      const revoked = await runCli(['tokens', 'revoke', tokenId!, '--db', db]);
      expect(revoked.code, revoked.stderr).toBe(0);
      expect((await fetch(`${url}/user`, { headers: { authorization: token! } })).status).toBe(401);
      expect((await fetch(`${url}/user`, { headers: { authorization: firstToken! } })).status).toBe(200);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    const again = await runCli(['tokens', 'revoke', tokenId!, '--db', db]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`no active token ${tokenId}`);
  });
});

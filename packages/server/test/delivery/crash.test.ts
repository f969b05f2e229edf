/**
 * Crash safety of delivery: the server runs as a child process, thousands of messages go to a
 * slow receiver, the server is killed with SIGKILL mid-way and started again on the same file.
 * Every message must arrive at least once; duplicates (in flight at the kill) carry the same id
 * and the same body. The counts are printed for the issue notes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../dispatch/receiver.js';

const BIN = fileURLToPath(new URL('../../../cli/bin/mutasibank.js', import.meta.url));
const TOKEN = 'crash-test-token-0123456789';
const MESSAGES = 2000;
const dir = mkdtempSync(join(tmpdir(), 'mutasibank-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function serve(db: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--dev', '--db', db, '--port', '0'], {
    env: {
      ...process.env,
      MUTASIBANK_LOG_LEVEL: 'error',
      MUTASIBANK_BOOTSTRAP_TOKEN: TOKEN,
      MUTASIBANK_DELIVERY_LEASE_SECONDS: '2',
      MUTASIBANK_DELIVERY_PER_ENDPOINT: '8',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening: (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.on('exit', (code, signal) => reject(new Error(`server exited early (${code ?? signal})`)));
  });
}

async function api(url: string, path: string, body: unknown) {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: TOKEN, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { data: { id: number } };
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json.data;
}

describe('delivery survives kill -9', () => {
  it('every message arrives at least once; duplicates keep their id', async () => {
    const arrivals = new Map<string, { count: number; body: string }>();
    const receiver = await startReceiver((req, res) => {
      const id = String(req.headers['x-mutasibank-webhook-id']);
      const seen = arrivals.get(id);
      if (seen) {
        seen.count++;
        expect(req.body).toBe(seen.body);
      } else arrivals.set(id, { count: 1, body: req.body });
      setTimeout(() => res.writeHead(200).end('ok'), 30);
    });
    const db = join(dir, 'crash.db');
    let server = await serve(db);
    try {
      const account = await api(server.url, '/account/create', {
        bank_id: 1,
        account_name: 'Crash',
        account_no: '9990001112',
      });
      await api(server.url, '/webhook', {
        url: `${receiver.origin}/hook`,
        bank_account_id: account.id,
        ordered: false,
      });
      let sent = 0;
      const workers = Array.from({ length: 8 }, async () => {
        while (sent < MESSAGES) {
          sent++;
          await api(server.url, `/simulator/${account.id}/mutations`, {
            type: 'CR',
            amount: 1000 + sent,
            description: `CRASH ${sent}`,
          });
        }
      });
      // All messages queued; kill the server while they are still going out to the slow receiver.
      await Promise.all(workers);
      expect(arrivals.size).toBeLessThan(MESSAGES);
      server.child.kill('SIGKILL');
      const beforeKill = arrivals.size;
      await new Promise((r) => server.child.once('close', r));

      server = await serve(db);
      const deadline = Date.now() + 60_000;
      let pending = Number.POSITIVE_INFINITY;
      while (Date.now() < deadline && pending > 0) {
        await new Promise((r) => setTimeout(r, 100));
        const { stdout } = await sqlite(
          db,
          "select count(*) from outbox_messages where status <> 'delivered'",
        );
        pending = Number(stdout.trim());
      }
      expect(pending).toBe(0);
      const committed = Number((await sqlite(db, 'select count(*) from outbox_messages')).stdout.trim());
      const duplicates = [...arrivals.values()].reduce((s, a) => s + a.count - 1, 0);
      process.stdout.write(
        `crash test: ${committed} messages queued, ${beforeKill} had arrived at the kill, ` +
          `${arrivals.size} distinct ids arrived, ${duplicates} duplicate deliveries (same id, same body)\n`,
      );
      expect(committed).toBe(MESSAGES);
      expect(arrivals.size).toBe(MESSAGES);
    } finally {
      server.child.kill('SIGKILL');
      await receiver.close();
    }
  }, 120_000);
});

/** Reads the database with a separate connection (the server keeps running). */
async function sqlite(db: string, query: string): Promise<{ stdout: string }> {
  const { default: Database } = await import('better-sqlite3');
  const conn = new Database(db, { readonly: true });
  try {
    const row = conn.prepare(query).pluck().get();
    return { stdout: String(row) };
  } finally {
    conn.close();
  }
}

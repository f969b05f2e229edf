import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { loadConfig, startServer } from '../src/index.js';

/**
 * Starts this file as a child process (`mode`: `api <db> [dev]` or `bare`) and resolves with its
 * port once it prints READY. Benches drive it over HTTP from their own process.
 */
export function startBenchServer(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', fileURLToPath(import.meta.url), ...args],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`bench server exited ${code}`)));
  });
}

/**
 * Child process of the API bench: serves either the real API on a prepared database or a bare
 * Fastify route (the baseline), and prints `READY <port>` when listening.
 */

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
const [mode, dbPath] = isMain ? process.argv.slice(2) : [];
if (mode === 'bare') {
  const app = Fastify({ logger: false });
  const body = {
    error: false,
    data: [{ id: 1, bank: 'Simulator', account_no: '1234567890', account_name: 'Bench' }],
  };
  app.get('/bare', async () => body);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const a = app.server.address();
  process.stdout.write(`READY ${typeof a === 'object' && a ? a.port : 0}\n`);
} else if (mode === 'api') {
  const config = loadConfig(
    { MUTASIBANK_SECRET_KEY: '22'.repeat(32), MUTASIBANK_BOOTSTRAP_TOKEN: 'bench-token-0000000000' },
    { db: dbPath, port: 0, dev: process.argv[4] === 'dev' },
  );
  const server = await startServer(config, { logger: false });
  process.stdout.write(`READY ${new URL(server.apiUrl).port}\n`);
}
process.on('SIGINT', () => process.exit(0));

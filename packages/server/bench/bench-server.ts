/**
 * Child process of the API bench: serves either the real API on a prepared database or a bare
 * Fastify route (the baseline), and prints `READY <port>` when listening.
 */
import Fastify from 'fastify';
import { loadConfig, startServer } from '../src/index.js';

const [mode, dbPath] = process.argv.slice(2);
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
} else {
  const config = loadConfig(
    { MUTASIBANK_SECRET_KEY: '22'.repeat(32), MUTASIBANK_BOOTSTRAP_TOKEN: 'bench-token-0000000000' },
    { db: dbPath, port: 0 },
  );
  const server = await startServer(config, { logger: false });
  process.stdout.write(`READY ${new URL(server.apiUrl).port}\n`);
}
process.on('SIGINT', () => process.exit(0));

/**
 * @module test/helpers/test-server
 * A real server for tests: in-process, on 127.0.0.1 with a free port, on a SQLite file in a fresh
 * temp directory, with a known first-user token. `api()` is a small fetch wrapper for raw calls.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Clock,
  loadConfig,
  type RunningServer,
  type StartOptions,
  startServer,
} from '../../src/index.js';
import { dropPostgresSchema, freshPostgresUrl, type TestDialect } from './dialects.js';

export const TEST_TOKEN = 'test-token-aaaaaaaaaaaaaaaa';
export const TEST_KEY = '11'.repeat(32);

/** A started test server. */
export interface TestServer {
  server: RunningServer;
  url: string;
  token: string;
  dir: string;
  dbPath: string;
  /** Creates another user and returns its token. */
  newUser(name?: string): Promise<string>;
  /** A raw request; `body` objects are sent as JSON, strings/URLSearchParams as form. */
  api(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string | null; headers?: Record<string, string> },
  ): Promise<{ status: number; json: Record<string, unknown>; text: string }>;
  stop(): Promise<void>;
}

/** Options of {@link startTestServer}. */
export interface TestServerOptions {
  dev?: boolean;
  clock?: Clock;
  dir?: string;
  env?: Record<string, string>;
  /** Default sqlite. For postgres, a fresh schema is created and dropped on stop. */
  dialect?: TestDialect;
  /** Run the connector scheduler (default off: tests add mutations themselves). */
  scheduler?: boolean;
  /** Further start options (dispatcher tuning, sender, resolver). */
  start?: Partial<StartOptions>;
  /** Reuse a database (restart tests): the `db` value of an earlier server. */
  db?: string;
}

/** Starts a server; call `stop()` (and it removes the temp directory unless `dir` was given). */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'mutasibank-test-'));
  const pgTarget = options.dialect === 'postgres' && !options.db ? freshPostgresUrl() : undefined;
  const dbPath = options.db ?? pgTarget?.url ?? join(dir, 'test.db');
  const config = loadConfig(
    {
      MUTASIBANK_BOOTSTRAP_TOKEN: TEST_TOKEN,
      MUTASIBANK_SECRET_KEY: TEST_KEY,
      ...options.env,
    },
    { db: dbPath, port: 0, host: '127.0.0.1', dev: options.dev ?? true },
  );
  const server = await startServer(config, {
    logger: false,
    scheduler: options.scheduler ?? false,
    ...options.start,
    ...(options.clock && { clock: options.clock }),
  });
  let users = 1;
  const api: TestServer['api'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token !== null) headers.authorization = o.token ?? TEST_TOKEN;
    let body: string | undefined;
    if (typeof o.body === 'string' || o.body instanceof URLSearchParams) {
      body = o.body.toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    } else if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${server.apiUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined && { body }),
    });
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // tests assert on text for non-JSON answers
    }
    return { status: res.status, json, text };
  };
  return {
    server,
    url: server.apiUrl,
    token: TEST_TOKEN,
    dir,
    dbPath,
    api,
    async newUser(name) {
      users += 1;
      const user = await server.store.users.create({
        name: name ?? `User ${users}`,
        email: `user${users}@example.test`,
      });
      return (await server.store.users.createToken(user.id, 'test')).token;
    },
    async stop() {
      await server.close();
      if (pgTarget) await dropPostgresSchema(pgTarget.schema);
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

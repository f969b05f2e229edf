/**
 * The runtime matrix: the BUILT package (dist/, through its exports map) in Bun, Deno and workerd.
 * `npm test` builds first; this test builds nothing, and says so when dist/ is missing.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeApiHandler } from './helpers/fake-api.js';
import { type RecordingServer, startRecordingServer } from './helpers/recording-server.js';
import { loadWebhookVectors } from './webhook-vectors.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const projects = fileURLToPath(new URL('../test-projects/', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../dist/node.js', import.meta.url)));
const vectorCount = loadWebhookVectors().cases.length;

interface SmokeSummary {
  runtime: string;
  checks: number;
  failures: string[];
  resolved: unknown;
}

// The client part of every smoke calls this fake API (string amounts, as the hosted service sends).
const SMOKE_TOKEN = 'smoke-token-0123456789';
let api: RecordingServer;
beforeAll(async () => {
  api = await startRecordingServer(createFakeApiHandler({ token: SMOKE_TOKEN }));
});
afterAll(() => api.close());

// Asynchronous on purpose: the fake API answers from this process's event loop, which a
// spawnSync would block.
function spawnSmoke(
  command: string,
  args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: repoRoot,
      env: { ...process.env, MUTASIBANK_SMOKE_URL: `${api.url}/api/v1`, MUTASIBANK_SMOKE_TOKEN: SMOKE_TOKEN },
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

async function runSmoke(command: string, args: string[]): Promise<SmokeSummary> {
  const before = api.requests.length;
  const result = await spawnSmoke(command, args);
  // The client smoke really talked to the API from inside the runtime.
  expect(api.requests.length - before).toBeGreaterThanOrEqual(5);
  const line = result.stdout.split('\n').find((l) => l.startsWith('SMOKE '));
  if (line === undefined) {
    throw new Error(`no SMOKE line (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  const summary = JSON.parse(line.slice('SMOKE '.length)) as SmokeSummary;
  expect(summary.failures).toEqual([]);
  expect(result.status).toBe(0);
  return summary;
}

describe('runtime smokes against the built package', () => {
  it('dist/ exists (npm test builds before testing; run npm run build otherwise)', () => {
    expect(built).toBe(true);
  });

  it.skipIf(!built)(
    'Bun: node:crypto build, every vector through 3 verifiers, round trips, the API client',
    async () => {
      const summary = await runSmoke(`${repoRoot}node_modules/.bin/bun`, [`${projects}bun/smoke.mjs`]);
      expect(summary.resolved).toMatch(/packages\/sdk\/dist\/node\.js$/);
      expect(summary.checks).toBeGreaterThanOrEqual(3 * vectorCount);
    },
  );

  it.skipIf(!built)(
    'Deno: node:crypto build, every vector through 3 verifiers, round trips, the API client',
    async () => {
      const summary = await runSmoke(`${repoRoot}node_modules/.bin/deno`, [
        'run',
        '--allow-read',
        '--allow-env',
        '--allow-net=127.0.0.1',
        `${projects}deno/smoke.mjs`,
      ]);
      expect(summary.resolved).toMatch(/packages\/sdk\/dist\/node\.js$/);
      expect(summary.checks).toBeGreaterThanOrEqual(3 * vectorCount);
    },
  );

  it.skipIf(!built)(
    'workerd (Miniflare): Web Crypto build, every vector, round trips, the API client',
    async () => {
      const summary = await runSmoke(process.execPath, [`${projects}workerd/run.mjs`]);
      expect(summary.resolved).toContain('packages/sdk/dist/web.js');
      expect(summary.checks).toBeGreaterThanOrEqual(vectorCount);
    },
  );
});

/**
 * The runtime matrix: the BUILT package (dist/, through its exports map) in Bun, Deno and workerd.
 * `npm test` builds first; this test builds nothing, and says so when dist/ is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
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

function runSmoke(command: string, args: string[]): SmokeSummary {
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  const line = result.stdout?.split('\n').find((l) => l.startsWith('SMOKE '));
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

  it.skipIf(!built)('Bun: node:crypto build, every vector through 3 verifiers, round trips', () => {
    const summary = runSmoke(`${repoRoot}node_modules/.bin/bun`, [`${projects}bun/smoke.mjs`]);
    expect(summary.resolved).toMatch(/packages\/sdk\/dist\/node\.js$/);
    expect(summary.checks).toBeGreaterThanOrEqual(3 * vectorCount);
  });

  it.skipIf(!built)('Deno: node:crypto build, every vector through 3 verifiers, round trips', () => {
    const summary = runSmoke(`${repoRoot}node_modules/.bin/deno`, [
      'run',
      '--allow-read',
      '--allow-env',
      `${projects}deno/smoke.mjs`,
    ]);
    expect(summary.resolved).toMatch(/packages\/sdk\/dist\/node\.js$/);
    expect(summary.checks).toBeGreaterThanOrEqual(3 * vectorCount);
  });

  it.skipIf(!built)('workerd (Miniflare): Web Crypto build, every vector, round trips', () => {
    const summary = runSmoke(process.execPath, [`${projects}workerd/run.mjs`]);
    expect(summary.resolved).toContain('packages/sdk/dist/web.js');
    expect(summary.checks).toBeGreaterThanOrEqual(vectorCount);
  });
});

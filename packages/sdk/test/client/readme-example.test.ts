/**
 * Runs every README block marked `<!-- example: client-quickstart -->` (in the SDK's README and, when
 * present, the root README) as a real program against a local stand-in of the API, so the
 * documented quick start cannot rot.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeApiHandler } from '../helpers/fake-api.js';
import { type RecordingServer, startRecordingServer } from '../helpers/recording-server.js';

const run = promisify(execFile);
const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = join(HERE, '../../../..');
const README_FILES = [join(REPO_ROOT, 'packages/sdk/README.md'), join(REPO_ROOT, 'README.md')];
const MARKED_BLOCK = /^<!-- example: client-quickstart -->[ \t]*\r?\n```ts\r?\n([\s\S]*?)\r?\n```/gm;
const TOKEN = 'readme-example-token';

/** What the quick start prints against the fake API's fixtures. */
const EXPECTED_OUTPUT = `Toko Contoh: credit Rp 250000
BCA 1234567890 (PT Contoh): Rp 5000000
  2025-01-10 14:30:00 CR 100000 TRANSFER FROM JOHN DOE ORDER-12345
  2025-01-11 09:00:00 DB 15000 BIAYA ADM
  paid: TRANSFER FROM JOHN DOE ORDER-12345
`;

interface Example {
  name: string;
  code: string;
}

function findExamples(): Example[] {
  const examples: Example[] = [];
  for (const file of README_FILES) {
    if (!existsSync(file)) continue;
    const blocks = [...readFileSync(file, 'utf8').matchAll(MARKED_BLOCK)];
    blocks.forEach((block, index) => {
      examples.push({ name: `${relative(REPO_ROOT, file)} block ${index + 1}`, code: block[1] ?? '' });
    });
  }
  return examples;
}

const examples = findExamples();

describe('README client quick start', () => {
  let server: RecordingServer;
  const tempFiles: string[] = [];

  beforeAll(async () => {
    server = await startRecordingServer(createFakeApiHandler({ token: TOKEN }));
  });
  afterAll(async () => {
    for (const file of tempFiles) rmSync(file, { force: true });
    await server.close();
  });

  it('the SDK README has a marked example', () => {
    expect(examples.some((e) => e.name.startsWith('packages/sdk/README.md'))).toBe(true);
  });

  /** Writes `code` inside the repository, so `import 'mutasibank'` resolves to this workspace's sources. */
  function writeTemp(name: string, code: string): string {
    const file = join(HERE, `readme-example-${process.pid}-${tempFiles.length}-${name}`);
    tempFiles.push(file);
    writeFileSync(file, code);
    return file;
  }

  it.each(examples)('$name type-checks', async ({ code }) => {
    const file = writeTemp('check.tmp.ts', code);
    const tsconfig = writeTemp(
      'tsconfig.tmp.json',
      JSON.stringify({
        extends: relative(HERE, join(REPO_ROOT, 'tsconfig.base.json')),
        compilerOptions: {
          noEmit: true,
          composite: false,
          declaration: false,
          declarationMap: false,
          lib: ['ES2023', 'DOM'],
          types: ['node'],
        },
        files: [file],
      }),
    );
    const tsc = join(REPO_ROOT, 'node_modules/.bin/tsc');
    const result = await run(tsc, ['-p', tsconfig], { cwd: REPO_ROOT }).catch(
      (error: { stdout?: string }) => error,
    );
    expect(result.stdout ?? '').toBe('');
  });

  it.each(examples)('$name runs and prints the expected output', async ({ code }) => {
    server.reset();
    const file = writeTemp('run.tmp.ts', code);
    const { NODE_OPTIONS: _, ...env } = process.env;
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', '--conditions=source', file], {
      cwd: REPO_ROOT,
      env: { ...env, MUTASIBANK_TOKEN: TOKEN, MUTASIBANK_URL: `${server.url}/api/v1` },
      timeout: 20_000,
    });
    expect(stderr).toBe('');
    expect(stdout).toBe(EXPECTED_OUTPUT);
    expect(server.requests.length).toBeGreaterThan(0);
    for (const request of server.requests) {
      expect(request.path.startsWith('/api/v1/')).toBe(true);
      expect(request.headers.authorization).toBe(TOKEN);
    }
  });
});

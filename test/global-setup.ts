/**
 * Vitest global setup: bring dist/ up to date (an incremental `tsc -b`, about a second when
 * nothing changed), so tests that spawn the built CLI or load the built SDK in other runtimes
 * never run stale code, even when vitest is started directly instead of through `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(
    process.execPath,
    [
      fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url)),
      '-b',
      'packages/sdk',
      'packages/server',
      'packages/cli',
    ],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { createSecretBox } from '../../src/security/secret-box.js';
import { openSqlite } from '../../src/store/dialects/sqlite.js';
import { openStore } from '../../src/store/store.js';

const dir = mkdtempSync(join(tmpdir(), 'mutasibank-2proc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CHILD = fileURLToPath(new URL('../helpers/scheduler-child.ts', import.meta.url));

function runChild(dbPath: string, owner: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=source', CHILD, dbPath, owner, '2500'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`child ${owner} exited ${code}: ${err}`)),
    );
  });
}

describe('two server processes on one database file', () => {
  it('run every due account exactly once between them', async () => {
    const dbPath = join(dir, 'shared.db');
    const store = await openStore(
      openSqlite({ filename: dbPath }),
      createSecretBox(Buffer.alloc(32, 9)),
      systemClock,
    );
    const user = await store.users.create({ name: 'U', email: 'u@example.test' });
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) {
      ids.push(
        (
          await store.accounts.create(
            user.id,
            { bank_id: 1, module: 'fake', account_name: `A${i}`, account_no: `${i}00` },
            {},
          )
        ).id,
      );
    }
    const [a, b] = await Promise.all([runChild(dbPath, 'proc-a'), runChild(dbPath, 'proc-b')]);
    const runs = [...a.matchAll(/RUN (\d+)/g), ...b.matchAll(/RUN (\d+)/g)].map((m) => Number(m[1]));
    expect(runs.slice().sort((x, y) => x - y)).toEqual(ids);
    const logged = await store.db.selectFrom('bot_runs').select(['account_id', 'outcome']).execute();
    expect(logged).toHaveLength(30);
    expect(new Set(logged.map((r) => r.outcome))).toEqual(new Set(['ok']));
    const stored = await store.db.selectFrom('mutations').select('account_id').execute();
    expect(stored).toHaveLength(30);
    await store.close();
  });
});

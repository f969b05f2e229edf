import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { signWebhook } from 'mutasibank';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const redisUrl = process.env.REDIS_URL;
const secret = 'd'.repeat(64);
const receiverScript = fileURLToPath(new URL('./fixtures/redis-receiver.ts', import.meta.url));
const keyPrefix = `mutasibank-xproc-${process.pid}-${Date.now()}:`;

async function startReceiver(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', receiverScript, redisUrl ?? '', secret, keyPrefix],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return { child, url: `http://127.0.0.1:${chunk.toString().trim()}/` };
}

describe.skipIf(!redisUrl)(
  'replay guard across two receiver processes sharing Redis (set REDIS_URL to run)',
  () => {
    let receivers: Array<{ child: ChildProcess; url: string }> = [];
    beforeAll(async () => {
      receivers = await Promise.all([startReceiver(), startReceiver()]);
    });
    afterAll(() => {
      for (const { child } of receivers) child.kill();
    });

    const body = JSON.stringify({ api_key: 'test', account_id: 1, data_mutasi: [] });
    const post = (url: string, headers: Record<string, string>) =>
      fetch(url, { method: 'POST', headers, body });

    it('one delivery sent to both processes at once is accepted exactly once', async () => {
      const headers = signWebhook({ payload: body, secret });
      const responses = await Promise.all(receivers.map(({ url }) => post(url, headers)));
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 401]);
      const refused = await responses.find((r) => r.status === 401)!.json();
      expect(refused).toMatchObject({ error: true, code: 'replayed' });
    });

    it('a replay to the other process later is still caught', async () => {
      const headers = signWebhook({ payload: body, secret });
      expect((await post(receivers[0]!.url, headers)).status).toBe(200);
      const replay = await post(receivers[1]!.url, headers);
      expect(replay.status).toBe(401);
      expect(await replay.json()).toMatchObject({ code: 'replayed' });
    });

    it('distinct messages pass on both', async () => {
      const responses = await Promise.all(
        receivers.map(({ url }) => post(url, signWebhook({ payload: body, secret }))),
      );
      expect(responses.map((r) => r.status)).toEqual([200, 200]);
      const pids = await Promise.all(responses.map(async (r) => ((await r.json()) as { pid: number }).pid));
      expect(new Set(pids).size).toBe(2);
    });
  },
);

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UndiciSender } from '../../src/dispatch/sender.js';
import type { HostResolver } from '../../src/dispatch/ssrf-guard.js';
import { type Receiver, startReceiver } from './receiver.js';

// Outside dev mode, with a real receiver listening on 127.0.0.1: every way of pointing a delivery at
// it is refused before a connection is made (the receiver counts connections, and sees none).
const names: Record<string, string[]> = {
  'rebind.test': ['127.0.0.1'],
  'mixed.test': ['93.184.216.34', '127.0.0.1'],
  'mapped.test': ['::ffff:127.0.0.1'],
};
const resolve: HostResolver = async (hostname) =>
  (names[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

let target: Receiver;
let sender: UndiciSender;
beforeAll(async () => {
  target = await startReceiver();
  sender = new UndiciSender({ dev: false, nowMs: () => 0, resolve, timeoutMs: 2_000 });
});
afterAll(async () => {
  await sender.close();
  await target.close();
});

describe('UndiciSender outside dev mode refuses the local network', () => {
  it.each([
    'http://127.0.0.1:PORT/hook',
    'https://127.0.0.1:PORT/hook',
    'https://127.1:PORT/hook',
    'https://2130706433:PORT/hook',
    'https://0x7f.1:PORT/hook',
    'https://0177.0.0.1:PORT/hook',
    'https://[::1]:PORT/hook',
    'https://[::ffff:127.0.0.1]:PORT/hook',
    'https://localhost:PORT/hook',
    'https://rebind.test:PORT/hook',
    'https://mixed.test:PORT/hook',
    'https://mapped.test:PORT/hook',
  ])('%s is blocked without connecting', async (template) => {
    const url = template.replace('PORT', String(target.port));
    const result = await sender.send({ url, body: '{}', headers: { 'content-type': 'application/json' } });
    expect(result).toMatchObject({ outcome: 'failed', kind: 'blocked' });
    expect(result.error).not.toMatch(/127\.0\.0\.1/);
    expect(target.connections()).toBe(0);
  });
});

import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretBox, loadOrCreateKeyFile, parseServerKey } from './secret-box.js';

const key = Buffer.alloc(32, 7);

describe('secret box', () => {
  it('round-trips, with a fresh nonce each time', () => {
    const box = createSecretBox(key);
    const a = box.seal('hunter2', 'account-credentials');
    const b = box.seal('hunter2', 'account-credentials');
    expect(a).not.toBe(b);
    expect(a).not.toContain('hunter2');
    expect(box.open(a, 'account-credentials')).toBe('hunter2');
  });
  it('refuses another purpose, another key, and tampering', () => {
    const box = createSecretBox(key);
    const sealed = box.seal('s', 'webhook-secret');
    expect(() => box.open(sealed, 'account-credentials')).toThrow();
    expect(() => createSecretBox(Buffer.alloc(32, 8)).open(sealed, 'webhook-secret')).toThrow();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[2]!, 'base64url');
    body[0] = body[0]! ^ 1;
    expect(() =>
      box.open(`${parts[0]}.${parts[1]}.${body.toString('base64url')}`, 'webhook-secret'),
    ).toThrow();
    expect(() => box.open('garbage', 'webhook-secret')).toThrow();
  });
  it('parses hex and base64 keys and says what it expects otherwise', () => {
    expect(parseServerKey('ab'.repeat(32)).length).toBe(32);
    expect(parseServerKey(Buffer.alloc(32, 1).toString('base64')).length).toBe(32);
    expect(() => parseServerKey('short')).toThrow(/64 hex characters or as base64/);
  });
  it('creates a 0600 key file once and warns about loose permissions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mutasibank-key-'));
    try {
      const path = join(dir, 'k');
      const first = loadOrCreateKeyFile(path);
      expect(first.created).toBe(true);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const again = loadOrCreateKeyFile(path);
      expect(again.created).toBe(false);
      expect(Buffer.from(again.key).equals(Buffer.from(first.key))).toBe(true);
      expect(readFileSync(path, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
      chmodSync(path, 0o644);
      expect(loadOrCreateKeyFile(path).warning).toContain('chmod 600');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadWebhookVectors } from '../../test/webhook-vectors.js';
import { NodeCryptoProvider } from '../crypto/node-crypto-provider.js';
import { WebhookVerificationError } from '../errors.js';
import { signWebhookWith } from './sign.js';
import { verifyWebhookWith } from './verify.js';

const vectors = loadWebhookVectors();
const node = new NodeCryptoProvider();
const now = new Date(vectors.now * 1000);
const { secret } = vectors;
const body = vectors.cases[0]!.body;
const headers = signWebhookWith(node, { payload: body, secret }, now);

/** The outcome code; a non-verification exception fails the property. */
function codeOf(run: () => unknown): string {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.code;
    throw error;
  }
}

const verify = (overrides: Partial<Parameters<typeof verifyWebhookWith>[1]>) =>
  codeOf(() => verifyWebhookWith(node, { payload: body, headers, secret, now, ...overrides }));

/** A header name in random letter case. */
const anyCase = (name: string) =>
  fc
    .array(fc.boolean(), { minLength: name.length, maxLength: name.length })
    .map((upper) => [...name].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch.toLowerCase())).join(''));

describe('verifyWebhook properties', () => {
  it('any change to the body is invalid_signature', () => {
    fc.assert(
      fc.property(fc.nat(body.length - 1), fc.string({ minLength: 1, maxLength: 3 }), (at, inserted) => {
        const changed = body.slice(0, at) + inserted + body.slice(at + 1);
        fc.pre(changed !== body);
        expect(verify({ payload: changed })).toBe('invalid_signature');
      }),
    );
  });

  it('any other signature header is refused with a code, never an exception', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 140 }), (signature) => {
        fc.pre(signature.trim().toLowerCase() !== headers['X-Mutasibank-Signature']);
        const code = verify({ headers: { ...headers, 'X-Mutasibank-Signature': signature } });
        expect(['invalid_signature', 'missing_signature']).toContain(code);
      }),
    );
  });

  it('a flipped hex digit in the signature is invalid_signature', () => {
    fc.assert(
      fc.property(fc.nat(63), fc.integer({ min: 1, max: 15 }), (at, delta) => {
        const sig = headers['X-Mutasibank-Signature'];
        const digit = ((Number.parseInt(sig[at]!, 16) + delta) % 16).toString(16);
        const changed = sig.slice(0, at) + digit + sig.slice(at + 1);
        expect(verify({ headers: { ...headers, 'X-Mutasibank-Signature': changed } })).toBe(
          'invalid_signature',
        );
      }),
    );
  });

  it('any timestamp header gives ok only within the window, otherwise a timestamp code', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String)), (timestamp) => {
        const code = verify({ headers: { ...headers, 'X-Mutasibank-Timestamp': timestamp } });
        const seconds = Number(timestamp.trim());
        const inWindow = /^\d+$/.test(timestamp.trim()) && Math.abs(seconds - vectors.now) <= 300;
        if (inWindow) expect(code).toBe('ok');
        else
          expect([
            'missing_timestamp',
            'invalid_timestamp',
            'timestamp_too_old',
            'timestamp_too_new',
          ]).toContain(code);
      }),
    );
  });

  it('header names in any letter case verify; an absent header gives its missing_ code', () => {
    fc.assert(
      fc.property(
        anyCase('X-Mutasibank-Signature'),
        anyCase('X-Mutasibank-Timestamp'),
        fc.constantFrom('none', 'signature', 'timestamp'),
        (signatureName, timestampName, dropped) => {
          const cased: Record<string, string> = {};
          if (dropped !== 'signature') cased[signatureName] = headers['X-Mutasibank-Signature'];
          if (dropped !== 'timestamp') cased[timestampName] = headers['X-Mutasibank-Timestamp'];
          const expected = { none: 'ok', signature: 'missing_signature', timestamp: 'missing_timestamp' }[
            dropped
          ];
          expect(verify({ headers: cased })).toBe(expected);
          expect(verify({ headers: new Headers(cased) })).toBe(expected);
        },
      ),
    );
  });

  it('a secret of another length is invalid_secret', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (other) => {
        fc.pre(other.length !== 64);
        expect(verify({ secret: other })).toBe('invalid_secret');
      }),
    );
  });

  it('any other 64-character secret is invalid_signature', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 64, maxLength: 64, unit: 'grapheme-ascii' }), (other) => {
        fc.pre(other !== secret && other.trim() === other);
        expect(verify({ secret: other })).toBe('invalid_signature');
      }),
    );
  });
});

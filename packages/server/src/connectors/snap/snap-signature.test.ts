import { createVerify, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  bodyDigest,
  formatSnapTimestamp,
  serviceStringToSign,
  signServiceRequest,
  signTokenRequest,
} from './snap-signature.js';

// Vectors computed with openssl, not with this code:
//   printf '%s' '{"accountNo":"0123456789"}' | openssl dgst -sha256
//   printf '%s' "POST:...:<digest>:2020-12-21T14:56:11+07:00" | openssl dgst -sha512 -hmac client-secret -binary | base64
const PARTS = {
  method: 'post',
  relativePath: '/openapi/v1.0/bank-statement',
  accessToken: 'tok123',
  minifiedBody: '{"accountNo":"0123456789"}',
  timestamp: '2020-12-21T14:56:11+07:00',
};

describe('SNAP signatures', () => {
  it('writes X-TIMESTAMP in WIB with its offset', () => {
    expect(formatSnapTimestamp(new Date('2020-12-21T07:56:11.042Z'))).toBe('2020-12-21T14:56:11+07:00');
    expect(formatSnapTimestamp(new Date('2020-12-21T17:00:00.042Z'), true)).toBe(
      '2020-12-22T00:00:00.042+07:00',
    );
  });

  it('hashes the minified body as lower-case hex SHA-256', () => {
    expect(bodyDigest(PARTS.minifiedBody)).toBe(
      '397fa5f2800f9e4cd83180c71f0bec949fd5279d67629cb7c60375d5fc42f7de',
    );
    expect(bodyDigest('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('signs a service call with HMAC-SHA512 over METHOD:path:token:digest:timestamp', () => {
    expect(serviceStringToSign(PARTS)).toBe(
      'POST:/openapi/v1.0/bank-statement:tok123:397fa5f2800f9e4cd83180c71f0bec949fd5279d67629cb7c60375d5fc42f7de:2020-12-21T14:56:11+07:00',
    );
    expect(signServiceRequest('client-secret', PARTS)).toBe(
      'jJm6gEjIn+rXDCktzFuW1yW09FVidjJA/Wmgk7Z6y0Cyq2Qv0NvFHSa0Mg+L0wwN9WHXlQ29ycFpXBqdoD1oZA==',
    );
  });

  it('signs the token request with SHA256withRSA over clientId|timestamp', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signature = signTokenRequest(privateKey, 'client-1', PARTS.timestamp);
    expect(
      createVerify('RSA-SHA256').update(`client-1|${PARTS.timestamp}`).verify(publicKey, signature, 'base64'),
    ).toBe(true);
    expect(
      createVerify('RSA-SHA256').update(`client-2|${PARTS.timestamp}`).verify(publicKey, signature, 'base64'),
    ).toBe(false);
  });
});

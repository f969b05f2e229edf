/**
 * @module crypto/timing-safe-equal
 * Constant-time comparison that never throws: the seed Express handler's
 * `crypto.timingSafeEqual` throws on a length mismatch, turning a bad signature into a 500.
 */

const encoder = new TextEncoder();

/**
 * True when `candidate` equals `known`, in time that depends only on the candidate's length (which
 * the caller already knows), never on where the first difference is or on `known`'s length.
 * Strings are compared as their UTF-8 bytes. Never throws, whatever the lengths or contents.
 *
 * @param known the secret-derived value (expected signature, configured api key)
 * @param candidate the value from the request
 * @example
 * timingSafeEqual('abc', 'abd'); // false
 * timingSafeEqual(new Uint8Array([1]), new Uint8Array([1, 2])); // false, no exception
 */
export function timingSafeEqual(known: Uint8Array | string, candidate: Uint8Array | string): boolean {
  const a = typeof known === 'string' ? encoder.encode(known) : known;
  const b = typeof candidate === 'string' ? encoder.encode(candidate) : candidate;
  const knownLength = a.length;
  // Loop over the candidate so the duration reveals nothing about the known value's length.
  let diff = knownLength ^ b.length;
  for (let i = 0; i < b.length; i++) {
    const knownByte = knownLength === 0 ? 0 : (a[i % knownLength] as number);
    diff |= knownByte ^ (b[i] as number);
  }
  return diff === 0;
}

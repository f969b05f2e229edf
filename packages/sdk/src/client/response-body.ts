/**
 * @module client/response-body
 * Reading a response body as text without trusting its size: a misbehaving proxy or server must
 * not make the client buffer gigabytes.
 */

/** The body is larger than the client's `maxResponseBytes`. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

const UTF8 = new TextDecoder();

/** Reads the body as UTF-8 text, refusing to buffer more than `maxBytes`. */
export async function readBodyText(response: Response, maxBytes: number): Promise<string> {
  const declared = response.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) {
    await response.body?.cancel();
    throw new BodyTooLargeError();
  }
  if (response.body === null) return '';
  // A declared length within the limit is enforced by fetch itself (a longer body is an error),
  // so one buffered read is safe and cheaper; only a chunked body needs counting as it streams.
  if (declared !== null) {
    const buffer = await response.arrayBuffer();
    if (buffer.byteLength > maxBytes) throw new BodyTooLargeError();
    return UTF8.decode(buffer);
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new BodyTooLargeError();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return UTF8.decode(bytes);
}

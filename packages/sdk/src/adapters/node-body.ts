/**
 * @module adapters/node-body
 * Reads a Node request body as bytes, with a size limit, for the adapters that get a bare
 * `IncomingMessage` (Express, node:http). Refuses a stream someone else already read, because its
 * bytes are gone and a verification could only fail.
 */
/// <reference types="node" />
import type { IncomingMessage } from 'node:http';
import { WebhookVerificationError } from '../errors.js';

function tooLarge(limitBytes: number): WebhookVerificationError {
  return new WebhookVerificationError(
    'payload_too_large',
    `the webhook body is larger than ${limitBytes} bytes`,
  );
}

/** True when the request stream has already been consumed (a body parser ran before us). */
export function isBodyConsumed(request: IncomingMessage): boolean {
  return request.readableEnded;
}

/**
 * The body's bytes. Rejects with `payload_too_large` past `limitBytes` (before reading, when
 * Content-Length says so) and `payload_not_raw` when the stream was already read.
 */
export function readNodeBody(
  request: IncomingMessage,
  limitBytes: number,
  consumedHint: string,
): Promise<Buffer> {
  if (isBodyConsumed(request)) {
    return Promise.reject(
      new WebhookVerificationError('payload_not_raw', `the request body was already read by ${consumedHint}`),
    );
  }
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.reject(tooLarge(limitBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) {
        cleanup();
        // Stop buffering but keep draining, so the 413 can still be written on this connection.
        request.resume();
        reject(tooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, received));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  });
}

/**
 * @module test/helpers/recording-server
 * A real node:http server on 127.0.0.1 (port 0) that records every request it receives (method,
 * raw path, headers, content type, raw and decoded body) and answers from a queue of canned
 * responses or a handler. Shared by the client tests, the README example test and other packages'
 * tests that need to see exactly what went over the wire.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it. */
export interface RecordedRequest {
  method: string;
  /** Path as sent, still percent-encoded, without the query. */
  path: string;
  /** The query string without `?` (`''` when none). */
  query: string;
  /** Lower-cased header names, as node:http gives them. */
  headers: IncomingHttpHeaders;
  /** Media type of the body without parameters (`application/json`), or `undefined`. */
  contentType: string | undefined;
  rawBody: string;
  /**
   * The body decoded by its content type: an object of fields for form bodies, the parsed value
   * for JSON, `undefined` for an empty body, otherwise the raw text.
   */
  body: unknown;
}

/**
 * What the server answers. `hang: true` never answers (for timeout tests); `destroy: true` cuts
 * the connection without an answer (for connection-error tests).
 */
export interface CannedResponse {
  status?: number;
  headers?: Record<string, string>;
  /** Sent as `application/json` unless `headers` say otherwise. */
  json?: unknown;
  /** Sent as is (for HTML error pages, broken JSON). */
  text?: string;
  /** Sent piece by piece with chunked transfer encoding (no Content-Length). */
  chunks?: string[];
  hang?: boolean;
  destroy?: boolean;
}

/** Decides the answer to a request; may be async. */
export type RecordingHandler = (request: RecordedRequest) => CannedResponse | Promise<CannedResponse>;

/** A running recording server. */
export interface RecordingServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  /** Every request received so far, oldest first. */
  requests: RecordedRequest[];
  /** Answers queued for the next requests, one each, before the handler is used. */
  enqueue(...responses: CannedResponse[]): void;
  /** Replaces the handler used when the queue is empty (default: 200 `{ error: false }`). */
  setHandler(handler: RecordingHandler): void;
  /** Forgets requests and queued answers and restores the default handler. */
  reset(): void;
  /** Stops the server, cutting open (kept-alive or hanging) connections. */
  close(): Promise<void>;
}

const DEFAULT_HANDLER: RecordingHandler = () => ({ json: { error: false } });

function decodeBody(contentType: string | undefined, rawBody: string): unknown {
  if (rawBody === '') return undefined;
  if (contentType === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(rawBody));
  }
  if (contentType === 'application/json') {
    try {
      return JSON.parse(rawBody);
    } catch {
      return rawBody;
    }
  }
  return rawBody;
}

function writeResponse(res: ServerResponse, answer: CannedResponse): void {
  const headers: Record<string, string> = { ...answer.headers };
  let payload = answer.text ?? '';
  if (answer.json !== undefined) {
    payload = JSON.stringify(answer.json);
    headers['content-type'] ??= 'application/json';
  }
  res.writeHead(answer.status ?? 200, headers);
  if (answer.chunks === undefined) {
    res.end(payload);
    return;
  }
  for (const chunk of answer.chunks) res.write(chunk);
  res.end();
}

/**
 * Starts a recording server.
 *
 * @example
 * const server = await startRecordingServer();
 * server.enqueue({ status: 500, json: { error: true, message: 'down' } });
 * // ... call the client with baseUrl `${server.url}/api/v1` ...
 * expect(server.requests[0]?.path).toBe('/api/v1/accounts');
 * await server.close();
 */
export async function startRecordingServer(
  handler: RecordingHandler = DEFAULT_HANDLER,
): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const queue: CannedResponse[] = [];
  let current = handler;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const target = req.url ?? '/';
      const queryAt = target.indexOf('?');
      const contentType = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: queryAt === -1 ? target : target.slice(0, queryAt),
        query: queryAt === -1 ? '' : target.slice(queryAt + 1),
        headers: req.headers,
        contentType,
        rawBody,
        body: decodeBody(contentType, rawBody),
      };
      requests.push(recorded);
      const next = queue.shift();
      Promise.resolve(next ?? current(recorded)).then(
        (answer) => {
          if (answer.destroy) req.socket.destroy();
          else if (!answer.hang) writeResponse(res, answer);
        },
        (error: unknown) =>
          writeResponse(res, { status: 599, text: `test handler failed: ${String(error)}` }),
      );
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...responses) => queue.push(...responses),
    setHandler: (next) => {
      current = next;
    },
    reset: () => {
      requests.length = 0;
      queue.length = 0;
      current = handler;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

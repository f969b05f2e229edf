/**
 * @module test/dispatch/receiver
 * A real webhook receiver on 127.0.0.1 (port 0) for the dispatch tests and bench: records every
 * request with its raw body, answers through a handler the test supplies, and lets a test wait for
 * the n-th request without sleeping.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the receiver saw it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Which TCP connection carried it (1-based, in accept order): shows keep-alive reuse. */
  connection: number;
}

/** Answers a request; may answer later, or never (to test timeouts). */
export type ReceiverHandler = (request: ReceivedRequest, response: ServerResponse) => void;

/** A running receiver. */
export interface Receiver {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  requests: ReceivedRequest[];
  /** Connections accepted so far. */
  connections(): number;
  /** Resolves once `count` requests have arrived (at once if they already have). */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
  server: Server;
}

/** Answers 200 `ok`. */
export const answerOk: ReceiverHandler = (_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
};

/** Starts a receiver on 127.0.0.1 with a fresh port. */
export async function startReceiver(handler: ReceiverHandler = answerOk): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const sockets = new Map<Socket, number>();
  let accepted = 0;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        connection: sockets.get(req.socket) ?? 0,
      };
      requests.push(received);
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      handler(received, res);
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (socket) => {
    accepted += 1;
    sockets.set(socket, accepted);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    server,
    connections: () => accepted,
    waitForRequests: (count) =>
      requests.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const receiver = await startReceiver();
  await receiver.close();
  return receiver.port;
}

/**
 * @module adapters/test-server.contract
 * Small helpers the adapter tests share: listen on 127.0.0.1 port 0 and the handler's answer.
 */
import type { Server } from 'node:http';
import type { WebhookEvent } from '../webhooks/event.js';
import { FAILING_ACCOUNT_ID, type HarnessServer, type HarnessSuccessBody } from './adapter.contract.js';

/** Listens on 127.0.0.1, port 0, and resolves to the URL of `path`. */
export async function listenLocal(server: Server, path: string): Promise<HarnessServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The harness handler: the success body, or a throw for the failing account. */
export function harnessAnswer(event: WebhookEvent): HarnessSuccessBody {
  if (event.accountId === FAILING_ACCOUNT_ID) throw new Error('the order service is down');
  return {
    success: true,
    webhookId: event.webhookId,
    accountId: event.accountId,
    mutationCount: event.mutations.length,
  };
}

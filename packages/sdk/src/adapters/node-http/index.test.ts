import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { describeAdapterContract, type HarnessServerOptions } from '../adapter.contract.js';
import { harnessAnswer, listenLocal } from '../test-server.contract.js';
import { createWebhookHandler } from './index.js';

async function start({ adapter, parseJsonFirst }: HarnessServerOptions) {
  const webhook = createWebhookHandler(adapter, (event, _req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(harnessAnswer(event)));
  });
  const listener = async (req: IncomingMessage, res: ServerResponse) => {
    if (parseJsonFirst) {
      // A hand-rolled body parser that reads the stream before the webhook handler.
      let text = '';
      for await (const chunk of req) text += chunk;
      (req as IncomingMessage & { body?: unknown }).body = JSON.parse(text);
    }
    webhook(req, res);
  };
  return listenLocal(createServer(listener), '/webhook');
}

describeAdapterContract({ name: 'node:http', start, parsedBody: 'payload_not_raw' });

describe('node:http handler', () => {
  it('a bad secret fails at set-up', () => {
    expect(() => createWebhookHandler({ secret: ['e'.repeat(64), ''] }, () => undefined)).toThrow(/#2 of 2/);
  });
});

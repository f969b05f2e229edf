/**
 * @module outbox/enqueue
 * Writes webhook messages into the outbox inside the transaction that stores what they announce:
 * one message per active endpoint of the account (its webhooks and its `url_callback`) per batch
 * of new mutations, and one per endpoint for each event (`invoice.paid`, ...). The dispatcher is
 * woken after the commit (`Ingestor.onCommitted`), never before, so it cannot miss a message or
 * send one whose mutations were rolled back.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { formatWibDateTime } from 'mutasibank';
import type { Clock } from '../clock.js';
import { serializeWebhookPayload } from '../dispatch/webhook-body.js';
import type { IngestHook } from '../ingest/ingest.js';
import type { Database } from '../store/schema.js';
import type { Store } from '../store/store.js';

/**
 * Most mutations in one message: a file import of 100,000 rows becomes 200 messages per endpoint
 * instead of one body of tens of megabytes that no receiver accepts.
 */
export const MAX_MUTATIONS_PER_MESSAGE = 500;

/** The ingest hook that announces new mutations. */
export function outboxHook(store: Store, clock: Clock): IngestHook {
  return async ({ trx, account, mutations }) => {
    const endpoints = await store.webhooks.activeForAccount(trx, account.id);
    if (endpoints.length === 0) return;
    const current = await trx
      .selectFrom('accounts')
      .select('balance')
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    const now = clock.now();
    const messages = [];
    for (let i = 0; i < mutations.length; i += MAX_MUTATIONS_PER_MESSAGE) {
      const payload = serializeWebhookPayload({
        account_id: account.id,
        module: account.module,
        account_name: account.account_name,
        account_number: account.account_no,
        balance: current.balance,
        // serializeWebhookPayload picks the documented fields of each row, in order.
        data_mutasi: mutations.slice(i, i + MAX_MUTATIONS_PER_MESSAGE),
      });
      for (const e of endpoints) {
        messages.push({
          id: randomUUID(),
          endpointId: e.id,
          accountId: account.id,
          kind: 'mutations',
          payload,
          createdAt: now,
        });
      }
    }
    await store.outbox.insertMessages(trx, messages);
  };
}

/**
 * The envelope of an event message (documented in docs/delivery.md):
 * `{"event": "invoice.paid", "id": "<event uuid>", "created_at": "<WIB>", "account_id": 1, "data": {...}}`,
 * with `api_key` in front when the endpoint includes it, like every delivery.
 */
export interface EventEnvelope {
  event: string;
  id: string;
  created_at: string;
  account_id: number;
  data: unknown;
}

/** Enqueues one event for every active endpoint of an account; returns how many messages. */
export async function enqueueEvent(
  store: Store,
  trx: Kysely<Database>,
  input: { accountId: number; event: string; data: unknown; now: number },
): Promise<number> {
  const endpoints = await store.webhooks.activeForAccount(trx, input.accountId);
  if (endpoints.length === 0) return 0;
  const envelope: EventEnvelope = {
    event: input.event,
    id: randomUUID(),
    created_at: formatWibDateTime(new Date(input.now)),
    account_id: input.accountId,
    data: input.data,
  };
  const payload = JSON.stringify(envelope);
  await store.outbox.insertMessages(
    trx,
    endpoints.map((e) => ({
      id: randomUUID(),
      endpointId: e.id,
      accountId: input.accountId,
      kind: input.event,
      payload,
      createdAt: input.now,
    })),
  );
  return endpoints.length;
}

/**
 * @module http/routes/deliveries
 * Webhook delivery extensions (documented as such in docs/delivery.md):
 * - `GET /webhook/{id}/deliveries`: the endpoint's messages, newest first, each with its attempts
 *   (time, status code, latency, outcome, error, a capped response snippet); `limit` and a
 *   `before` cursor page through them.
 * - `POST /webhook/{id}/deliveries/{messageId}/resend`: send a message again now (same id).
 * - `POST /webhook/{id}/test`: send a signed sample message at once and answer with the result.
 * - `POST /webhook/{id}/rotate_secret`: a new secret; the old one keeps signing alongside it
 *   (both signatures, space-separated) for the grace period.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { formatWibDateTime } from 'mutasibank';
import { Type } from 'typebox';
import { sendSignedMessage } from '../../dispatch/signed-delivery.js';
import { serializeWebhookPayload } from '../../dispatch/webhook-body.js';
import { notFound } from '../../errors.js';
import type { ApiContext } from '../context.js';
import { errorResponses, IdParams, MessageResponse } from '../schemas.js';

const NullableString = Type.Unsafe<string | null>({ type: ['string', 'null'] });
const NullableInteger = Type.Unsafe<number | null>({ type: ['integer', 'null'] });

const Attempt = Type.Object({
  attempt: Type.Integer(),
  started_at: Type.String(),
  outcome: Type.String({ description: 'delivered, failed or gone' }),
  kind: Type.String({ description: 'http, timeout, connect, refused, redirect, tls, blocked, ...' }),
  status_code: NullableInteger,
  latency_ms: Type.Integer(),
  error: NullableString,
  response_snippet: NullableString,
});

const Delivery = Type.Object({
  id: Type.String({ description: 'the X-Mutasibank-Webhook-Id of every attempt' }),
  kind: Type.String({ description: 'mutations, or an event such as invoice.paid' }),
  status: Type.String({ description: 'pending, delivered or failed' }),
  attempts: Type.Integer(),
  created_at: Type.String(),
  next_attempt_at: NullableString,
  finished_at: NullableString,
  attempt_log: Type.Array(Attempt),
});

const wib = (ms: number | null) => (ms === null ? null : formatWibDateTime(new Date(ms)));

export const deliveryRoutes: FastifyPluginAsyncTypebox<{ ctx: ApiContext }> = async (app, { ctx }) => {
  const { store, rotationGraceMs } = ctx;

  async function owned(userId: number, id: number) {
    const webhook = await store.webhooks.get(userId, id);
    if (!webhook) throw notFound('webhook');
    return webhook;
  }

  app.get(
    '/webhook/:id/deliveries',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Messages sent to this endpoint and their attempts, newest first',
        params: IdParams,
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          before: Type.Optional(
            Type.Integer({ minimum: 1, description: 'cursor: next_before of the previous page' }),
          ),
        }),
        response: {
          200: Type.Object({
            error: Type.Literal(false),
            data: Type.Array(Delivery),
            next_before: NullableInteger,
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const webhook = await owned(request.user.id, request.params.id);
      const limit = request.query.limit ?? 50;
      const rows = await store.outbox.listDeliveries(webhook.id, {
        limit: limit + 1,
        ...(request.query.before !== undefined && { beforeSeq: request.query.before }),
      });
      const page = rows.slice(0, limit);
      return {
        error: false as const,
        next_before: rows.length > limit ? (page.at(-1)?.seq ?? null) : null,
        data: page.map((m) => ({
          id: m.id,
          kind: m.kind,
          status: m.status,
          attempts: m.attempts,
          created_at: formatWibDateTime(new Date(m.created_at)),
          next_attempt_at: m.status === 'pending' ? wib(m.next_attempt_at) : null,
          finished_at: wib(m.finished_at),
          attempt_log: m.attemptLog.map((a) => ({
            attempt: a.attempt_number,
            started_at: formatWibDateTime(new Date(a.started_at)),
            outcome: a.outcome,
            kind: a.kind,
            status_code: a.status_code,
            latency_ms: a.latency_ms,
            error: a.error,
            response_snippet: a.response_snippet,
          })),
        })),
      };
    },
  );

  app.post(
    '/webhook/:id/deliveries/:messageId/resend',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Send a message again now (it keeps its id)',
        params: Type.Object({
          id: IdParams.properties.id,
          messageId: Type.String({ minLength: 1, maxLength: 64 }),
        }),
        response: { 200: MessageResponse, ...errorResponses },
      },
    },
    async (request) => {
      const webhook = await owned(request.user.id, request.params.id);
      const message = await store.outbox.messageOfEndpoint(webhook.id, request.params.messageId);
      if (!message) throw notFound('delivery');
      await store.outbox.requeueMessage({ messageId: message.id, now: ctx.clock.now() });
      ctx.notifyOutbox();
      return { error: false as const, message: 'Queued for sending now' };
    },
  );

  app.post(
    '/webhook/:id/test',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Send a signed sample message to the endpoint now and report what it answered',
        params: IdParams,
        body: Type.Object({}),
        response: {
          200: Type.Object({
            error: Type.Literal(false),
            delivered: Type.Boolean(),
            webhook_id: Type.String(),
            status_code: NullableInteger,
            kind: Type.String(),
            latency_ms: Type.Integer(),
            error_message: NullableString,
            response_snippet: NullableString,
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const webhook = await owned(request.user.id, request.params.id);
      const account = await store.accounts.getById(webhook.account_id);
      const webhookId = `test-${randomUUID()}`;
      // An empty batch, as the seed README's own test recipe sends: a receiver can't mistake it
      // for money received.
      const payload = serializeWebhookPayload({
        account_id: webhook.account_id,
        module: account?.module,
        account_name: account?.account_name,
        account_number: account?.account_no,
        balance: account?.balance,
        data_mutasi: [],
      });
      const apiKey = webhook.include_api_key
        ? await store.users.webhookApiKey(store.db, request.user.id)
        : undefined;
      const { result } = await sendSignedMessage({
        sender: ctx.sender,
        sign: ctx.sign,
        nowMs: () => ctx.clock.now(),
        message: {
          url: webhook.url,
          webhookId,
          payload,
          ...(apiKey !== undefined && { apiKey }),
          secrets: await store.webhooks.signingSecrets(webhook.id),
          standardSignature: webhook.standard_signature === 1,
        },
      });
      return {
        error: false as const,
        delivered: result.outcome === 'delivered',
        webhook_id: webhookId,
        status_code: result.statusCode ?? null,
        kind: result.kind,
        latency_ms: Math.round(result.latencyMs),
        error_message: result.error ?? null,
        response_snippet: result.responseSnippet ?? null,
      };
    },
  );

  app.post(
    '/webhook/:id/rotate_secret',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Replace the signing secret; the old one keeps signing alongside it for the grace period',
        params: IdParams,
        body: Type.Object({}),
        response: {
          200: Type.Object({
            error: Type.Literal(false),
            message: Type.String(),
            data: Type.Object({ secret: Type.String(), previous_secret_expires_at: Type.String() }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      await owned(request.user.id, request.params.id);
      const secret = await store.webhooks.rotateSecret(request.user.id, request.params.id, rotationGraceMs);
      if (secret === undefined) throw notFound('webhook');
      return {
        error: false as const,
        message:
          'New secret; store it now, it is not shown again. The old one signs alongside it until the time given.',
        data: {
          secret,
          previous_secret_expires_at: formatWibDateTime(new Date(ctx.clock.now() + rotationGraceMs)),
        },
      };
    },
  );
};

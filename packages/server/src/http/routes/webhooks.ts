/**
 * @module http/routes/webhooks
 * Webhook endpoints. The secret appears once, in the create response; list and get never show it.
 * Extensions (documented): `include_api_key`, `standard_signature`, `ordered` flags.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import { ApiError, notFound } from '../../errors.js';
import type { WebhookFields } from '../../store/webhooks.js';
import type { ApiContext } from '../context.js';
import { DataResponse, errorResponses, IdParams, MessageResponse, Webhook } from '../schemas.js';
import { webhookView } from '../views.js';

const FlagInput = Type.Union([Type.Boolean(), Type.Literal(0), Type.Literal(1)]);
const WebhookBody = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 2048 }),
  bank_account_id: Type.Integer({ minimum: 1 }),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  is_active: Type.Optional(FlagInput),
  include_api_key: Type.Optional(FlagInput),
  standard_signature: Type.Optional(FlagInput),
  ordered: Type.Optional(FlagInput),
});

const flag = (v: boolean | 0 | 1 | undefined) =>
  v === undefined ? undefined : v === true || v === 1 ? 1 : 0;

export const webhookRoutes: FastifyPluginAsyncTypebox<{ ctx: ApiContext }> = async (app, { ctx }) => {
  const { store } = ctx;

  async function toFields(userId: number, body: Partial<Static<typeof WebhookBody>>): Promise<WebhookFields> {
    const fields: WebhookFields = {};
    if (body.url !== undefined) {
      await ctx.validateWebhookUrl(body.url.trim());
      fields.url = body.url.trim();
    }
    if (body.bank_account_id !== undefined) {
      if (!(await store.accounts.get(userId, body.bank_account_id))) {
        throw new ApiError('unprocessable', 'bank_account_id is not one of your accounts');
      }
      fields.account_id = body.bank_account_id;
    }
    if (body.description !== undefined) fields.description = body.description;
    for (const key of ['is_active', 'include_api_key', 'standard_signature', 'ordered'] as const) {
      const v = flag(body[key]);
      if (v !== undefined) fields[key] = v;
    }
    return fields;
  }

  app.get(
    '/webhooks',
    {
      schema: { tags: ['webhooks'], response: { 200: DataResponse(Type.Array(Webhook)), ...errorResponses } },
    },
    async (request) => ({
      error: false as const,
      data: (await store.webhooks.list(request.user.id)).map(webhookView),
    }),
  );

  app.get(
    '/webhook/:id',
    {
      schema: {
        tags: ['webhooks'],
        params: IdParams,
        response: { 200: DataResponse(Webhook), ...errorResponses },
      },
    },
    async (request) => {
      const w = await store.webhooks.get(request.user.id, request.params.id);
      if (!w) throw notFound('webhook');
      return { error: false as const, data: webhookView(w) };
    },
  );

  app.post(
    '/webhook',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Create an endpoint; the response carries its signing secret, shown only this once',
        body: WebhookBody,
        response: {
          200: Type.Object({
            error: Type.Literal(false),
            message: Type.String(),
            data: Type.Object({ ...Webhook.properties, secret: Type.String() }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const fields = await toFields(request.user.id, request.body);
      const w = await store.webhooks.create(request.user.id, {
        ...fields,
        url: fields.url!,
        account_id: fields.account_id!,
      });
      return {
        error: false as const,
        message: 'Webhook created; store the secret now, it is not shown again',
        data: { ...webhookView(w), secret: w.secret },
      };
    },
  );

  app.put(
    '/webhook/:id',
    {
      schema: {
        tags: ['webhooks'],
        params: IdParams,
        body: Type.Partial(WebhookBody),
        response: { 200: MessageResponse, ...errorResponses },
      },
    },
    async (request) => {
      if (!(await store.webhooks.get(request.user.id, request.params.id))) throw notFound('webhook');
      const fields = await toFields(request.user.id, request.body ?? {});
      await store.webhooks.update(request.user.id, request.params.id, fields);
      return { error: false as const, message: 'Webhook updated' };
    },
  );

  app.delete(
    '/webhook/:id',
    {
      schema: { tags: ['webhooks'], params: IdParams, response: { 200: MessageResponse, ...errorResponses } },
    },
    async (request) => {
      if (!(await store.webhooks.delete(request.user.id, request.params.id))) throw notFound('webhook');
      return { error: false as const, message: 'Webhook deleted' };
    },
  );
};

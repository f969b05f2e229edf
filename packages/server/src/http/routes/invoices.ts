/**
 * @module http/routes/invoices
 * Invoices, an extension of the API (docs/invoices.md): create one with a unique code and ask
 * the customer to transfer its `total`; the ingest path pays it when the transfer arrives. List,
 * read, cancel, settle by hand with an unmatched credit, and list the credits that paid nothing.
 * Tenant-scoped like every route: another user's invoice, account or mutation is a 404.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { normalizeReference, parseWibDateTime } from 'mutasibank';
import { Type } from 'typebox';
import { ApiError, notFound } from '../../errors.js';
import type { InvoiceStatus } from '../../store/schema.js';
import type { ApiContext } from '../context.js';
import { DataResponse, errorResponses, IdParams, Mutation, NullableString } from '../schemas.js';
import { invoiceView, mutationView } from '../views.js';

const WIB = 'WIB (UTC+7) time, YYYY-MM-DD HH:mm:ss';
const STATUSES: readonly InvoiceStatus[] = ['open', 'review', 'paid', 'paid_late', 'expired', 'cancelled'];
const NullableInteger = (description: string) =>
  Type.Unsafe<number | null>({ type: ['integer', 'null'], description });

const Invoice = Type.Object({
  id: Type.Integer(),
  account_id: Type.Integer(),
  amount: Type.Integer({ description: 'the price, before the unique code' }),
  unique_code: Type.Integer({ description: 'kode unik' }),
  total: Type.Integer({ description: 'transfer exactly this amount' }),
  reference: Type.String(),
  description: NullableString(),
  status: Type.Unsafe<InvoiceStatus>({ type: 'string', enum: [...STATUSES] }),
  created_at: Type.String({ description: WIB }),
  valid_from: Type.String({ description: `${WIB}; credits before it never pay the invoice` }),
  expires_at: Type.String({ description: WIB }),
  paid_mutation_id: NullableString('the credit that paid it'),
  paid_at: NullableString(WIB),
  paid_via: NullableString('match (the ingest path) or settle (by hand)'),
  review_reason: NullableString(
    'latest review: underpaid, overpaid, reference_conflict, ambiguous, outside_window, order_closed',
  ),
  review_mutation_id: NullableString('the credit of the latest review'),
  review_difference: NullableInteger('amount - total of the latest under/overpayment'),
  reviewed_at: NullableString(WIB),
  closed_at: NullableString(`${WIB}; when it expired or was cancelled`),
  topup_user_id: NullableInteger('for a saldo top-up: the user whose saldo its payment raises'),
  updated_at: Type.String({ description: WIB }),
});

const Paging = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'default 100' })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 })),
};
const AccountFilter = Type.Optional(Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }));
const InvoiceMessage = Type.Object({ error: Type.Literal(false), message: Type.String(), data: Invoice });

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A WIB time (`YYYY-MM-DD HH:mm:ss`), or ISO 8601 with an explicit zone. */
function readInstant(text: string, field: string): number {
  const t = text.trim();
  const instant = ISO_WITH_ZONE.test(t) ? new Date(t) : parseWibDateTime(t);
  if (!instant || Number.isNaN(instant.getTime())) {
    throw new ApiError(
      'validation_failed',
      `${field} must be a WIB time written YYYY-MM-DD HH:mm:ss (or ISO 8601 with a zone)`,
    );
  }
  return instant.getTime();
}

/** The invoice routes and `GET /mutations/unmatched`; register inside the authenticated `/api/v1` scope. */
export const invoiceRoutes: FastifyPluginAsyncTypebox<{ ctx: ApiContext }> = async (app, { ctx }) => {
  const { store } = ctx;

  async function ownAccount(userId: number, accountId: number | undefined): Promise<void> {
    if (accountId !== undefined && !(await store.accounts.get(userId, accountId))) throw notFound('account');
  }

  app.post(
    '/invoices',
    {
      schema: {
        tags: ['invoices'],
        summary: 'Create an invoice: the customer transfers exactly `total` (amount plus or minus kode unik)',
        body: Type.Object({
          account_id: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }),
          amount: Type.Integer({ minimum: 1, maximum: 1e15, description: 'integer rupiah' }),
          reference: Type.String({
            minLength: 1,
            maxLength: 64,
            description: 'your order number, e.g. ORDER-123 or INV/2025/001; unique among open invoices',
          }),
          expires_at: Type.Optional(Type.String({ maxLength: 40, description: `${WIB}; default now + TTL` })),
          description: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
        }),
        response: { 200: DataResponse(Invoice), ...errorResponses },
      },
    },
    async (request) => {
      const b = request.body;
      const invoice = await ctx.invoices.create({
        userId: request.user.id,
        accountId: b.account_id,
        amount: b.amount,
        reference: b.reference.trim(),
        description: b.description ?? null,
        ...(b.expires_at !== undefined && { expiresAt: readInstant(b.expires_at, 'expires_at') }),
      });
      return { error: false as const, data: invoiceView(invoice) };
    },
  );

  app.get(
    '/invoices',
    {
      schema: {
        tags: ['invoices'],
        querystring: Type.Object({
          status: Type.Optional(Type.Unsafe<InvoiceStatus>({ type: 'string', enum: [...STATUSES] })),
          account_id: AccountFilter,
          reference: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          ...Paging,
        }),
        response: {
          200: Type.Object({
            error: Type.Literal(false),
            has_more: Type.Boolean(),
            data: Type.Array(Invoice),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      await ownAccount(request.user.id, q.account_id);
      const limit = q.limit ?? 100;
      const rows = await store.invoices.list(
        request.user.id,
        {
          ...(q.status !== undefined && { status: q.status }),
          ...(q.account_id !== undefined && { accountId: q.account_id }),
          ...(q.reference !== undefined && { referenceKey: normalizeReference(q.reference) }),
        },
        { limit: limit + 1, offset: q.offset ?? 0 },
      );
      const hasMore = rows.length > limit;
      return {
        error: false as const,
        has_more: hasMore,
        data: (hasMore ? rows.slice(0, limit) : rows).map(invoiceView),
      };
    },
  );

  app.get(
    '/invoice/:id',
    {
      schema: {
        tags: ['invoices'],
        params: IdParams,
        response: { 200: DataResponse(Invoice), ...errorResponses },
      },
    },
    async (request) => {
      const invoice = await store.invoices.getForUser(request.user.id, request.params.id);
      if (!invoice) throw notFound('invoice');
      return { error: false as const, data: invoiceView(invoice) };
    },
  );

  app.post(
    '/invoice/:id/cancel',
    {
      schema: {
        tags: ['invoices'],
        summary: 'Cancel an open invoice (frees its total)',
        params: IdParams,
        response: { 200: InvoiceMessage, ...errorResponses },
      },
    },
    async (request) => {
      const invoice = await ctx.invoices.cancel(request.user.id, request.params.id);
      return { error: false as const, message: 'Invoice cancelled', data: invoiceView(invoice) };
    },
  );

  app.post(
    '/invoice/:id/settle',
    {
      schema: {
        tags: ['invoices'],
        summary: 'Pay an invoice by hand with a credit that paid nothing (unmatched or in review)',
        params: IdParams,
        body: Type.Object({ mutation_id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: InvoiceMessage, ...errorResponses },
      },
    },
    async (request) => {
      const invoice = await ctx.invoices.settle(request.user.id, request.params.id, request.body.mutation_id);
      ctx.notifyOutbox();
      return { error: false as const, message: 'Invoice settled', data: invoiceView(invoice) };
    },
  );

  app.get(
    '/mutations/unmatched',
    {
      schema: {
        tags: ['invoices'],
        summary: 'Credits that paid no invoice and are not in review, newest first',
        querystring: Type.Object({ account_id: AccountFilter, ...Paging }),
        response: {
          200: Type.Object({
            error: Type.Literal(false),
            has_more: Type.Boolean(),
            data: Type.Array(Mutation),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      await ownAccount(request.user.id, q.account_id);
      const limit = q.limit ?? 100;
      const rows = await store.invoices.unmatchedCredits(
        request.user.id,
        q.account_id === undefined ? {} : { accountId: q.account_id },
        { limit: limit + 1, offset: q.offset ?? 0 },
      );
      const hasMore = rows.length > limit;
      return {
        error: false as const,
        has_more: hasMore,
        data: (hasMore ? rows.slice(0, limit) : rows).map(mutationView),
      };
    },
  );
};

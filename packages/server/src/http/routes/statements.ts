/**
 * @module http/routes/statements
 * Reading mutations: `statements`, `match`, `matchs`, `validate`.
 *
 * - `statements/{id}`: the account's rows in `date_from..date_to` (WIB, inclusive; at most
 *   `statementsMaxDays` days; none given means today), newest first. Extension: `limit` and
 *   `offset` page through a long range, with `has_more` in the answer.
 * - `match/{id}`: the newest credit of exactly `amount` in the range (default: the last
 *   `matchDefaultDays` days including today); `valid: false, data: null` when none.
 * - `matchs/{id}`: every such credit, newest first; `valid: false, data: []` when none.
 * - `validate/{id}`: `valid: true` and the row when the mutation belongs to one of the caller's
 *   accounts; otherwise `valid: false, data: null` (another user's id looks exactly like a missing one).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../errors.js';
import type { ApiContext } from '../context.js';
import { resolveDateRange } from '../date-range.js';
import { errorResponses, IdParams, Mutation, Rupiah } from '../schemas.js';
import { mutationView } from '../views.js';

const DateField = Type.Optional(Type.String({ maxLength: 10, description: 'YYYY-MM-DD (WIB)' }));

export const statementRoutes: FastifyPluginAsyncTypebox<{ ctx: ApiContext }> = async (app, { ctx }) => {
  const { store } = ctx;

  async function owned(userId: number, id: number) {
    const account = await store.accounts.get(userId, id);
    if (!account) throw notFound('account');
    return account;
  }

  app.post(
    '/statements/:id',
    {
      schema: {
        tags: ['mutations'],
        params: IdParams,
        body: Type.Object({
          date_from: DateField,
          date_to: DateField,
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
          offset: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
        response: {
          200: Type.Object({
            error: Type.Literal(false),
            account_name: Type.String(),
            account_number: Type.String(),
            balance: Type.Integer(),
            date_from: Type.String(),
            date_to: Type.String(),
            has_more: Type.Boolean(),
            data: Type.Array(Mutation),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const account = await owned(request.user.id, request.params.id);
      const body = request.body;
      const r = resolveDateRange(body, {
        nowMs: ctx.clock.now(),
        defaultDays: 1,
        maxDays: ctx.statementsMaxDays,
      });
      const limit = body.limit;
      const rows = await store.mutations.statements(
        account.id,
        r.range,
        limit === undefined ? {} : { limit: limit + 1, offset: body.offset ?? 0 },
      );
      const hasMore = limit !== undefined && rows.length > limit;
      return {
        error: false as const,
        account_name: account.account_name,
        account_number: account.account_no,
        balance: account.balance,
        date_from: r.dateFrom,
        date_to: r.dateTo,
        has_more: hasMore,
        data: (hasMore ? rows.slice(0, limit) : rows).map(mutationView),
      };
    },
  );

  const MatchBody = Type.Object({ amount: Rupiah, date_from: DateField, date_to: DateField });

  app.post(
    '/match/:id',
    {
      schema: {
        tags: ['mutations'],
        params: IdParams,
        body: MatchBody,
        response: {
          200: Type.Object({
            error: Type.Literal(false),
            valid: Type.Boolean(),
            data: Type.Union([Mutation, Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const account = await owned(request.user.id, request.params.id);
      const r = resolveDateRange(request.body, { nowMs: ctx.clock.now(), defaultDays: ctx.matchDefaultDays });
      const [first] = await store.mutations.matchCredits(account.id, request.body.amount, r.range, 1);
      return { error: false as const, valid: first !== undefined, data: first ? mutationView(first) : null };
    },
  );

  app.post(
    '/matchs/:id',
    {
      schema: {
        tags: ['mutations'],
        params: IdParams,
        body: MatchBody,
        response: {
          200: Type.Object({ error: Type.Literal(false), valid: Type.Boolean(), data: Type.Array(Mutation) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const account = await owned(request.user.id, request.params.id);
      const r = resolveDateRange(request.body, { nowMs: ctx.clock.now(), defaultDays: ctx.matchDefaultDays });
      const rows = await store.mutations.matchCredits(account.id, request.body.amount, r.range, 1000);
      return { error: false as const, valid: rows.length > 0, data: rows.map(mutationView) };
    },
  );

  app.get(
    '/validate/:txId',
    {
      schema: {
        tags: ['mutations'],
        params: Type.Object({ txId: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: {
          200: Type.Object({
            error: Type.Literal(false),
            valid: Type.Boolean(),
            message: Type.Optional(Type.String()),
            data: Type.Union([Mutation, Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const m = await store.mutations.getForUser(request.user.id, request.params.txId);
      return m
        ? { error: false as const, valid: true, data: mutationView(m) }
        : { error: false as const, valid: false, message: 'transaction not found', data: null };
    },
  );
};

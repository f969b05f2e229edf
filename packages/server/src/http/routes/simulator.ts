/**
 * @module http/routes/simulator
 * Dev mode only: `POST /simulator/{accountId}/mutations` records a mutation as if the bank had
 * shown it, through the same ingest path as every connector (balance, matching, webhooks).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { formatWibDateTime, parseWibDateTime } from 'mutasibank';
import { Type } from 'typebox';
import { ApiError, notFound } from '../../errors.js';
import type { ApiContext } from '../context.js';
import { errorResponses, Mutation, Rupiah } from '../schemas.js';
import { mutationView } from '../views.js';

export const simulatorRoutes: FastifyPluginAsyncTypebox<{ ctx: ApiContext }> = async (app, { ctx }) => {
  app.post(
    '/simulator/:accountId/mutations',
    {
      schema: {
        tags: ['simulator'],
        summary: 'Dev mode: record a mutation as if the bank had shown it',
        params: Type.Object({ accountId: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }) }),
        body: Type.Object({
          type: Type.Union([Type.Literal('CR'), Type.Literal('DB')]),
          amount: Rupiah,
          description: Type.String({ minLength: 1, maxLength: 500 }),
          transaction_date: Type.Optional(
            Type.String({ description: 'WIB, YYYY-MM-DD HH:mm:ss; default now' }),
          ),
        }),
        response: {
          200: Type.Object({
            error: Type.Literal(false),
            message: Type.String(),
            balance: Type.Integer(),
            data: Mutation,
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const account = await ctx.store.accounts.get(request.user.id, request.params.accountId);
      if (!account) throw notFound('account');
      const { type, amount, description } = request.body;
      let when = formatWibDateTime(new Date(ctx.clock.now()));
      if (request.body.transaction_date !== undefined) {
        const t = parseWibDateTime(request.body.transaction_date.trim());
        if (!t)
          throw new ApiError(
            'validation_failed',
            'transaction_date must be a WIB time written YYYY-MM-DD HH:mm:ss',
          );
        when = formatWibDateTime(t);
      }
      const result = await ctx.ingestor.ingest({
        accountId: account.id,
        source: 'simulator',
        alwaysNew: true,
        rows: [{ transactionDate: when, description: description.trim(), type, amount, balance: null }],
      });
      const stored = result.inserted[0]!;
      return {
        error: false as const,
        message: 'Mutation recorded',
        balance: stored.balance,
        data: mutationView({ ...stored, category: null }),
      };
    },
  );
};

/**
 * @module http/routes/user
 * `GET /user` and `GET /list_bank`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { formatWibDateTime } from 'mutasibank';
import { Type } from 'typebox';
import type { ApiContext } from '../context.js';
import { Bank, DataResponse, errorResponses } from '../schemas.js';
import { bankView } from '../views.js';

const User = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  saldo: Type.Integer({ description: 'credit balance, integer rupiah' }),
  package: Type.String(),
  created_at: Type.String(),
});

export const userRoutes: FastifyPluginAsyncTypebox<{ ctx: ApiContext }> = async (app, { ctx }) => {
  app.get(
    '/user',
    {
      schema: {
        tags: ['user'],
        summary: 'The caller',
        response: { 200: DataResponse(User), ...errorResponses },
      },
    },
    async (request) => {
      const u = request.user;
      return {
        error: false as const,
        data: {
          id: u.id,
          name: u.name,
          email: u.email,
          saldo: u.saldo,
          package: 'self-hosted',
          created_at: formatWibDateTime(new Date(u.created_at)),
        },
      };
    },
  );

  app.get(
    '/list_bank',
    {
      schema: {
        tags: ['banks'],
        summary: 'Banks this server supports',
        response: { 200: DataResponse(Type.Array(Bank)), ...errorResponses },
      },
    },
    async () => ({ error: false as const, data: [...ctx.banks.values()].map(bankView) }),
  );
};

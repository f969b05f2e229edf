/**
 * @module http/routes/topup
 * `topup_kredit`: a pending saldo top-up whose transfer of exactly `total` (amount + kode unik)
 * to the chosen payment account identifies it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { formatWibDateTime } from 'mutasibank';
import { Type } from 'typebox';
import { ApiError } from '../../errors.js';
import type { ApiContext } from '../context.js';
import { DataResponse, errorResponses, Rupiah } from '../schemas.js';

const Topup = Type.Object({
  trans_id: Type.String(),
  jumlah: Type.Integer(),
  kode_unik: Type.Integer(),
  total: Type.Integer({ description: 'transfer exactly this amount' }),
  status: Type.String(),
  expires_at: Type.String(),
  payment: Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    account_number: Type.String(),
    account_name: Type.String(),
  }),
});

export const topupRoutes: FastifyPluginAsyncTypebox<{ ctx: ApiContext }> = async (app, { ctx }) => {
  app.post(
    '/topup_kredit',
    {
      schema: {
        tags: ['billing'],
        body: Type.Object({ jumlah: Rupiah, payment_id: Type.Integer({ minimum: 1 }) }),
        response: { 200: DataResponse(Topup), ...errorResponses },
      },
    },
    async (request) => {
      const { jumlah, payment_id } = request.body;
      if (jumlah < ctx.topupMinAmount) {
        throw new ApiError('validation_failed', `jumlah must be at least ${ctx.topupMinAmount} rupiah`);
      }
      const payment = ctx.paymentAccounts.find((p) => p.id === payment_id);
      if (!payment) {
        const ids = ctx.paymentAccounts.map((p) => `${p.id} (${p.name})`).join(', ');
        throw new ApiError('validation_failed', `payment_id must be one of: ${ids}`);
      }
      const t = await ctx.store.topups.create({
        userId: request.user.id,
        paymentId: payment.id,
        amount: jumlah,
        ttlMs: ctx.topupTtlMs,
      });
      return {
        error: false as const,
        data: {
          trans_id: t.trans_id,
          jumlah: t.jumlah,
          kode_unik: t.kode_unik,
          total: t.total,
          status: t.status,
          expires_at: formatWibDateTime(new Date(t.expires_at)),
          payment,
        },
      };
    },
  );
};

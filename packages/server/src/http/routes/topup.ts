/**
 * @module http/routes/topup
 * `topup_kredit`: a saldo top-up whose transfer of exactly `total` (amount + kode unik) to the
 * chosen payment account identifies it. It is an invoice on that payment account's billing
 * account (see docs/invoices.md): when the transfer arrives through any ingest path, the invoice
 * matcher pays it and raises the caller's saldo by `jumlah`, once.
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
      const t = await ctx.invoices.createTopup({
        userId: request.user.id,
        payment,
        amount: jumlah,
        ttlMs: ctx.topupTtlMs,
      });
      return {
        error: false as const,
        data: {
          trans_id: t.reference,
          jumlah: t.amount,
          kode_unik: t.unique_code,
          total: t.total,
          // A new top-up waits for its transfer; the hosted service calls that `pending`.
          status: 'pending',
          expires_at: formatWibDateTime(new Date(t.expires_at)),
          payment,
        },
      };
    },
  );
};

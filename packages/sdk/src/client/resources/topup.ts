/**
 * @module client/resources/topup
 * Buying credit: `POST /topup_kredit`. The answer carries a unique code (`kode_unik`, a few rupiah
 * added to the amount) so the incoming transfer of exactly `total` identifies the top-up.
 */
import { MutasibankInvalidRequestError } from '../../errors.js';
import { checkAmount, checkPositiveInteger, type Id } from '../arguments.js';
import type { ApiSender, RequestOptions } from '../request.js';
import { type JsonObject, readObject, readRupiah } from '../response-fields.js';

/** Smallest top-up the service accepts, in rupiah. */
export const TOPUP_MINIMUM_RUPIAH = 10_000;

/** Where to transfer: `1` BCA, `2` Mandiri. */
export type TopupPaymentId = 1 | 2;

/** The bank account to transfer the top-up to. */
export interface TopupPayment {
  name: string;
  account_number: string;
  account_name: string;
  [field: string]: unknown;
}

/** A pending top-up: transfer exactly `total` to `payment`. All amounts integer rupiah. */
export interface TopupResult {
  trans_id: Id;
  /** The amount asked for. */
  jumlah: number;
  /** The few rupiah added so the transfer is recognisable. */
  kode_unik: number;
  /** `jumlah + kode_unik`: the exact amount to transfer. */
  total: number;
  payment: TopupPayment;
  [field: string]: unknown;
}

function readTopup(body: JsonObject): TopupResult {
  const data = readObject(body.data, 'data');
  return {
    ...data,
    jumlah: readRupiah(data.jumlah, 'data.jumlah'),
    kode_unik: readRupiah(data.kode_unik, 'data.kode_unik'),
    total: readRupiah(data.total, 'data.total'),
    payment: readObject(data.payment, 'data.payment'),
  } as TopupResult;
}

/** `POST /topup_kredit` (form `jumlah`, `payment_id`); see `MutasibankClient.topupKredit`. */
export async function topupKredit(
  api: ApiSender,
  amount: number,
  paymentId: TopupPaymentId,
  options?: RequestOptions,
): Promise<TopupResult> {
  const jumlah = checkAmount(amount, 'amount');
  if (jumlah < TOPUP_MINIMUM_RUPIAH) {
    throw new MutasibankInvalidRequestError(
      `amount must be at least ${TOPUP_MINIMUM_RUPIAH} rupiah, got ${jumlah}`,
    );
  }
  // Checked as any positive integer, not only 1 or 2, so a payment method the service adds later
  // works at runtime before the type learns of it.
  const form = { jumlah: String(jumlah), payment_id: String(checkPositiveInteger(paymentId, 'paymentId')) };
  return api.send({ method: 'POST', path: '/topup_kredit', form }, readTopup, options);
}

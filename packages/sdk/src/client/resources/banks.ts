/**
 * @module client/resources/banks
 * Banks the service can watch: `GET /list_bank`.
 */
import type { Id } from '../arguments.js';
import type { ApiSender, RequestOptions } from '../request.js';
import { readObjects } from '../response-fields.js';

/** A supported bank. `id` is what `createAccount` takes as `bank_id`. */
export interface BankInfo {
  id: Id;
  bank_name: string;
  /** Connector name (`bca`, `bri`, `mandiri`, ...). */
  module_name: string;
  /** Whether new accounts can use it; PHP services send `1`/`0` or booleans. */
  is_active: boolean | number;
  /** Whether the bank's site is down for maintenance; `1`/`0` or booleans. */
  is_maintenance: boolean | number;
  [field: string]: unknown;
}

/** `GET /list_bank`; see `MutasibankClient.getListBank`. */
export async function getListBank(api: ApiSender, options?: RequestOptions): Promise<BankInfo[]> {
  return api.send(
    { method: 'GET', path: '/list_bank' },
    (body) => readObjects(body.data, 'data') as BankInfo[],
    options,
  );
}

/**
 * @module client/resources/user
 * The account owner: `GET /user`.
 */
import type { ApiSender, RequestOptions } from '../request.js';
import { readBalance, readObject } from '../response-fields.js';

/** The user the token belongs to, with their credit (`saldo`) and package details. */
export interface UserInfo {
  name: string;
  email: string;
  /** Remaining credit in integer rupiah (0 when the service leaves it empty). */
  saldo: number;
  /** Package info and any other field the service sends. */
  [field: string]: unknown;
}

/** `GET /user`; see `MutasibankClient.getUser`. */
export async function getUser(api: ApiSender, options?: RequestOptions): Promise<UserInfo> {
  return api.send(
    { method: 'GET', path: '/user' },
    (body) => {
      const data = readObject(body.data, 'data');
      return { ...data, saldo: readBalance(data.saldo, 'data.saldo') } as UserInfo;
    },
    options,
  );
}

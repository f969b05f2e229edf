/**
 * @module http/plugins/auth
 * API token authentication for one encapsulated scope (`/api/v1`): `Authorization: <token>` as
 * the hosted service expects, or `Authorization: Bearer <token>`. Health checks live outside the
 * scope and need no token. The authenticated user is `request.user`.
 */
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../errors.js';
import type { UserRow } from '../../store/schema.js';
import type { Store } from '../../store/store.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, set by the auth hook on every authenticated route. */
    user: UserRow;
  }
}

/** Reads the token from an Authorization header value; undefined when absent or blank. */
export function readToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const t = header.trim();
  const m = /^Bearer\s+(.+)$/i.exec(t);
  const token = (m ? m[1]! : t).trim();
  return token === '' ? undefined : token;
}

/** Adds the onRequest hook that authenticates every route of `app`'s scope. */
export function registerAuth(app: FastifyInstance, store: Store): void {
  app.decorateRequest('user', undefined as unknown as UserRow);
  app.addHook('onRequest', async (request) => {
    const token = readToken(request.headers.authorization);
    if (!token) throw new ApiError('unauthorized', 'Missing API token: send it in the Authorization header');
    const user = await store.users.authenticate(token);
    if (!user) throw new ApiError('unauthorized', 'Invalid or revoked API token');
    request.user = user;
  });
}

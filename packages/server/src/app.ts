/**
 * @module app
 * Builds the HTTP application without listening, so tests drive it with `inject` or on a real
 * port, and `main.ts` only adds the socket. `/api/v1` is one encapsulated scope with the token
 * check, text-input coercion and body parsers; health checks and the OpenAPI document sit outside it.
 * The statement import route has a scope of its own under the same prefix (its body is streamed).
 */
import { tmpdir } from 'node:os';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { ApiContext } from './http/context.js';
import { registerAuth } from './http/plugins/auth.js';
import { registerTextCoercion } from './http/plugins/coerce.js';
import { registerErrorHandling } from './http/plugins/errors.js';
import { accountRoutes } from './http/routes/accounts.js';
import { categoryRoutes } from './http/routes/categories.js';
import { deliveryRoutes } from './http/routes/deliveries.js';
import { healthRoutes } from './http/routes/health.js';
import { DEFAULT_IMPORT_LIMIT_BYTES, importRoutes } from './http/routes/import.js';
import { invoiceRoutes } from './http/routes/invoices.js';
import { simulatorRoutes } from './http/routes/simulator.js';
import { statementRoutes } from './http/routes/statements.js';
import { topupRoutes } from './http/routes/topup.js';
import { userRoutes } from './http/routes/user.js';
import { webhookRoutes } from './http/routes/webhooks.js';
import { ErrorResponse } from './http/schemas.js';

/** Everything {@link buildApp} needs. */
export interface AppOptions {
  ctx: ApiContext;
  /** A pino logger or Fastify logger options; `false` for silence (tests). */
  logger?: FastifyServerOptions['logger'] | FastifyBaseLogger;
  /** Largest accepted JSON/form body, bytes. Default 1 MiB. */
  bodyLimit?: number;
  /** Trust X-Forwarded-* from a reverse proxy. Default false. */
  trustProxy?: boolean;
  /** Largest statement file `POST /account/{id}/import` accepts, bytes. Default 200 MiB. */
  importLimitBytes?: number;
  /** Directory for the temporary copy of each uploaded statement. Default: the OS temp dir. */
  importSpoolDir?: string;
}

/** Builds the application (routes, plugins, error handling); call `listen` or `inject` on it. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { ctx } = options;
  const logger = options.logger ?? false;
  const app = Fastify({
    ...(typeof logger === 'object' && 'child' in logger ? { loggerInstance: logger } : { logger }),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: true, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addSchema(ErrorResponse);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Mutasibank-compatible API',
        version: '1.0.0',
        description:
          'The Mutasibank API as served by @mutasibank/server. Send the API token in the Authorization header, raw or as Bearer.',
      },
      servers: [{ url: '/api/v1' }],
      components: { securitySchemes: { token: { type: 'apiKey', in: 'header', name: 'Authorization' } } },
      security: [{ token: [] }],
    },
    transform: ({ schema, url }) => ({ schema, url: url.replace(/^\/api\/v1/, '') }),
  });
  registerErrorHandling(app);
  await app.register(healthRoutes, { database: ctx.store.database });

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (api) => {
      registerAuth(api, ctx.store);
      registerTextCoercion(api);
      await api.register(formbody, { bodyLimit: options.bodyLimit ?? 1024 * 1024 });
      await api.register(multipart, {
        attachFieldsToBody: 'keyValues',
        limits: { fields: 50, fileSize: 1024 * 1024, files: 1, parts: 60 },
      });
      for (const routes of [
        userRoutes,
        accountRoutes,
        statementRoutes,
        categoryRoutes,
        webhookRoutes,
        deliveryRoutes,
        topupRoutes,
        invoiceRoutes,
      ]) {
        await api.register(routes, { ctx });
      }
      if (ctx.dev) await api.register(simulatorRoutes, { ctx });
    },
    { prefix: '/api/v1' },
  );
  await app.register(importRoutes, {
    prefix: '/api/v1',
    ctx,
    limitBytes: options.importLimitBytes ?? DEFAULT_IMPORT_LIMIT_BYTES,
    spoolDir: options.importSpoolDir ?? tmpdir(),
  });
  return app;
}

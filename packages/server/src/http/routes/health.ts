/**
 * @module http/routes/health
 * `/healthz` (the process answers) and `/readyz` (the database answers), outside the API scope.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { StoreDatabase } from '../../store/dialects/dialect.js';

export const healthRoutes: FastifyPluginAsync<{ database: StoreDatabase }> = async (app, { database }) => {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (request, reply) => {
    try {
      await database.ping();
      return { status: 'ready' };
    } catch (err) {
      request.log.warn({ err }, 'readiness check failed');
      return reply.code(503).send({ status: 'unavailable', error: true, message: 'database unreachable' });
    }
  });
};

import type { FastifyReply, FastifyRequest } from 'fastify';
import { requireRole, type Service } from '@vivier/service-kit';

/**
 * Registers `routes` so that every one of them is ADMIN-only: `app.authenticate` then
 * `requireRole('ADMIN')` (401 without a valid token, 403 for any other role). Hooked on
 * `onRequest` for the whole scope, so no route can forget it and nobody else gets as far as body
 * parsing or validation errors.
 */
export async function adminOnly(app: Service, options: { routes: (scope: Service) => Promise<void> }) {
  const isAdmin = requireRole('ADMIN');
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    await app.authenticate.call(app, request, reply);
    await isAdmin(request, reply);
  });
  await options.routes(app);
}

import {
  AcceptedResponse,
  IdParams,
  InternalUserCreate,
  InternalUserListQuery,
  InternalUserPatch,
  UserAdminChange,
  UserAdminList,
  UserAdminView,
} from '@vivier/contracts';
import { requireInternalToken, type Service } from '@vivier/service-kit';
import type { UserAdminService } from '../services/user-admin-service';

/**
 * Service-to-service only: needs the internal token; the gateway never routes /internal. The
 * token is checked on request, before validation, so a caller without it learns nothing (404)
 * whatever it sends.
 */
export async function internalUserRoutes(
  app: Service,
  options: { users: UserAdminService; internalToken: string },
) {
  app.addHook('onRequest', requireInternalToken(options.internalToken));

  app.get(
    '/internal/users',
    { schema: { querystring: InternalUserListQuery, response: { 200: UserAdminList } } },
    (request) => options.users.listUsers(request.query),
  );

  app.get(
    '/internal/users/:id',
    { schema: { params: IdParams, response: { 200: UserAdminView } } },
    (request) => options.users.getUser(request.params.id),
  );

  app.post(
    '/internal/users',
    { schema: { body: InternalUserCreate, response: { 201: UserAdminView } } },
    async (request, reply) => reply.status(201).send(await options.users.createUser(request.body)),
  );

  app.delete('/internal/users/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await options.users.deleteUser(request.params.id);
    return reply.status(204).send();
  });

  app.post(
    '/internal/users/:id/password-reset',
    { schema: { params: IdParams, response: { 202: AcceptedResponse } } },
    async (request, reply) => {
      await options.users.sendPasswordReset(request.params.id);
      return reply.status(202).send({ ok: true as const });
    },
  );

  app.patch(
    '/internal/users/:id',
    { schema: { params: IdParams, body: InternalUserPatch, response: { 200: UserAdminChange } } },
    (request) => options.users.updateUser(request.params.id, request.body),
  );
}

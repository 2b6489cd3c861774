import {
  AcceptedResponse,
  InternalUserCreate,
  AdminUserListQuery,
  IdParams,
  AdminUserPatch,
  UserAdminList,
  UserAdminView,
} from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { UserAdminService } from '../services/user-admin-service';

export async function userRoutes(app: Service, { users }: { users: UserAdminService }) {
  app.get(
    '/api/admin/users',
    { schema: { querystring: AdminUserListQuery, response: { 200: UserAdminList } } },
    (request) => users.listUsers(request.query, request.id),
  );

  app.post(
    '/api/admin/users',
    { schema: { body: InternalUserCreate, response: { 201: UserAdminView } } },
    async (request, reply) =>
      reply.status(201).send(await users.createUser(callerOf(request).id, request.body, request.id)),
  );

  app.delete('/api/admin/users/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await users.deleteUser(callerOf(request).id, request.params.id, request.id);
    return reply.status(204).send();
  });

  app.post(
    '/api/admin/users/:id/password-reset',
    { schema: { params: IdParams, response: { 202: AcceptedResponse } } },
    async (request, reply) => {
      await users.sendPasswordReset(callerOf(request).id, request.params.id, request.id);
      return reply.status(202).send({ ok: true as const });
    },
  );

  app.patch(
    '/api/admin/users/:id',
    { schema: { params: IdParams, body: AdminUserPatch, response: { 200: UserAdminView } } },
    (request) => users.updateUser(callerOf(request).id, request.params.id, request.body, request.id),
  );
}

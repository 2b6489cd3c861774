import {
  IdParams,
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

  app.patch(
    '/internal/users/:id',
    { schema: { params: IdParams, body: InternalUserPatch, response: { 200: UserAdminChange } } },
    (request) => options.users.updateUser(request.params.id, request.body),
  );
}

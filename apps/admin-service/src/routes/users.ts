import {
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

  app.patch(
    '/api/admin/users/:id',
    { schema: { params: IdParams, body: AdminUserPatch, response: { 200: UserAdminView } } },
    (request) => users.updateUser(callerOf(request).id, request.params.id, request.body, request.id),
  );
}

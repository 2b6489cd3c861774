import { z } from 'zod';
import { InternalUserPatch, User } from '@vivier/contracts';
import { requireInternalToken, type Service } from '@vivier/service-kit';
import type { UserAdminService } from '../services/user-admin-service';

const UserAdminView = User.extend({ disabled: z.boolean() });
const Params = z.object({ id: z.string().max(64) });

/** Service-to-service only: needs the internal token; the gateway never routes /internal. */
export async function internalUserRoutes(app: Service, options: { users: UserAdminService; internalToken: string }) {
  app.addHook('preHandler', requireInternalToken(options.internalToken));

  app.get('/internal/users/:id', { schema: { params: Params, response: { 200: UserAdminView } } }, (request) =>
    options.users.getUser(request.params.id),
  );

  app.patch(
    '/internal/users/:id',
    {
      schema: {
        params: Params,
        body: InternalUserPatch,
        response: { 200: z.object({ before: UserAdminView, after: UserAdminView }) },
      },
    },
    (request) => options.users.updateUser(request.params.id, request.body),
  );
}

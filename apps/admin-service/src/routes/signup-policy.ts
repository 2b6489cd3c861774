import { IdParams } from '@vivier/contracts';
import {
  InviteCreateRequest,
  InviteCreated,
  InviteList,
  SignupPolicy,
  SignupPolicyUpdate,
} from '@vivier/contracts/access';
import { callerOf, registerSettingRoutes, type Service } from '@vivier/service-kit';
import type { SignupAdminService } from '../services/signup-admin-service';

export async function signupPolicyRoutes(app: Service, { signup }: { signup: SignupAdminService }) {
  registerSettingRoutes(app, '/api/admin/signup-policy', {
    schemas: { view: SignupPolicy, update: SignupPolicyUpdate },
    read: (requestId) => signup.getPolicy(requestId),
    write: (callerId, body, requestId) => signup.setPolicy(callerId, body, requestId),
  });
}

export async function inviteRoutes(app: Service, { signup }: { signup: SignupAdminService }) {
  app.get('/api/admin/invites', { schema: { response: { 200: InviteList } } }, (request) =>
    signup.listInvites(request.id),
  );

  app.post(
    '/api/admin/invites',
    { schema: { body: InviteCreateRequest, response: { 201: InviteCreated } } },
    async (request, reply) =>
      reply.status(201).send(await signup.createInvite(callerOf(request).id, request.body, request.id)),
  );

  app.delete('/api/admin/invites/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await signup.revokeInvite(callerOf(request).id, request.params.id, request.id);
    return reply.status(204).send();
  });
}

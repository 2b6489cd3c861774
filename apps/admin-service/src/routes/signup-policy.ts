import {
  IdParams,
  InviteCreateRequest,
  InviteCreated,
  InviteList,
  SignupPolicy,
  SignupPolicyUpdate,
} from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { SignupAdminService } from '../services/signup-admin-service';

export async function signupPolicyRoutes(app: Service, { signup }: { signup: SignupAdminService }) {
  app.get('/api/admin/signup-policy', { schema: { response: { 200: SignupPolicy } } }, (request) =>
    signup.getPolicy(request.id),
  );

  app.put(
    '/api/admin/signup-policy',
    { schema: { body: SignupPolicyUpdate, response: { 200: SignupPolicy } } },
    (request) => signup.setPolicy(callerOf(request).id, request.body, request.id),
  );
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

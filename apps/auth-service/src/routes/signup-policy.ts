import {
  IdParams,
  InternalInviteCreate,
  InviteCreated,
  InviteList,
  InviteChange,
  SignupPolicy,
  SignupPolicyChange,
  SignupPolicyUpdate,
} from '@vivier/contracts';
import { requireInternalToken, type Service } from '@vivier/service-kit';
import type { SignupPolicyService } from '../services/signup-policy';

/** Public: the register page shows the policy (the allowed domains are no secret: they are the rule). */
export async function signupPolicyRoutes(app: Service, { signup }: { signup: SignupPolicyService }) {
  app.get('/api/auth/signup-policy', { schema: { response: { 200: SignupPolicy } } }, () =>
    signup.getPolicy(),
  );
}

/** Service-to-service only (admin-service, which checks the admin and writes the audit log). */
export async function internalSignupPolicyRoutes(
  app: Service,
  options: { signup: SignupPolicyService; internalToken: string },
) {
  const { signup } = options;
  app.addHook('onRequest', requireInternalToken(options.internalToken));

  app.get('/internal/signup-policy', { schema: { response: { 200: SignupPolicy } } }, () =>
    signup.getPolicy(),
  );
  app.put(
    '/internal/signup-policy',
    { schema: { body: SignupPolicyUpdate, response: { 200: SignupPolicyChange } } },
    (request) => signup.setPolicy(request.body),
  );
  app.get('/internal/invites', { schema: { response: { 200: InviteList } } }, () => signup.listInvites());
  app.post(
    '/internal/invites',
    { schema: { body: InternalInviteCreate, response: { 201: InviteCreated } } },
    async (request, reply) => reply.status(201).send(await signup.createInvite(request.body)),
  );
  app.delete(
    '/internal/invites/:id',
    { schema: { params: IdParams, response: { 200: InviteChange } } },
    (request) => signup.revokeInvite(request.params.id),
  );
}

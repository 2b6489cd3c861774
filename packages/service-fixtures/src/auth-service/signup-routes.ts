import {
  AppError,
  IdParams,
  InternalInviteCreate,
  InviteChange,
  InviteCreated,
  InviteList,
  newId,
  SignupPolicy,
  SignupPolicyChange,
  SignupPolicyUpdate,
  type InviteView,
} from '@vivier/contracts';
import type { Service } from '@vivier/service-kit';

/**
 * auth-service's internal sign-up policy and invite routes, for admin-service tests: the same
 * paths, schemas and answers as apps/auth-service/src/routes/signup-policy.ts, kept in memory.
 */
export function addSignupStandInRoutes(app: Service) {
  let policy: SignupPolicy = { mode: 'open', domains: [] };
  const invites = new Map<string, InviteView>();

  app.get('/internal/signup-policy', { schema: { response: { 200: SignupPolicy } } }, () => policy);
  app.put(
    '/internal/signup-policy',
    { schema: { body: SignupPolicyUpdate, response: { 200: SignupPolicyChange } } },
    (request) => {
      const before = policy;
      policy = {
        mode: request.body.mode,
        domains: request.body.mode === 'domains' ? (request.body.domains ?? []) : [],
      };
      return { before, after: policy };
    },
  );
  app.get('/internal/invites', { schema: { response: { 200: InviteList } } }, () => ({
    items: [...invites.values()].reverse(),
  }));
  app.post(
    '/internal/invites',
    { schema: { body: InternalInviteCreate, response: { 201: InviteCreated } } },
    async (request, reply) => {
      const invite: InviteView = {
        id: newId('invite'),
        email: request.body.email ?? null,
        status: 'active',
        expiresAt: new Date(Date.now() + request.body.expiresInHours * 3_600_000).toISOString(),
        usedAt: null,
        createdAt: new Date().toISOString(),
      };
      invites.set(invite.id, invite);
      return reply
        .status(201)
        .send({ url: `http://localhost:3000/register?invite=stand-in-${invite.id}`, invite });
    },
  );
  app.delete(
    '/internal/invites/:id',
    { schema: { params: IdParams, response: { 200: InviteChange } } },
    (request) => {
      const before = invites.get(request.params.id);
      if (!before) throw new AppError('NOT_FOUND', 'Invite not found');
      const after: InviteView = { ...before, status: 'revoked' };
      invites.set(after.id, after);
      return { before, after };
    },
  );
  return {
    get policy() {
      return policy;
    },
    invites,
  };
}

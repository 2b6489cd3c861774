import type {
  InviteCreateRequest,
  InviteCreated,
  InviteList,
  SignupPolicy,
  SignupPolicyUpdate,
} from '@vivier/contracts';
import type { AuditLog } from './audit-log';
import type { AuthSignupClient } from './auth-signup-client';

/** Sign-up policy and invites as admins manage them: changed in auth-service, every change audited. */
export function createSignupAdminService(deps: {
  signup: AuthSignupClient;
  audit: Pick<AuditLog, 'record'>;
}) {
  return {
    getPolicy: (requestId: string): Promise<SignupPolicy> => deps.signup.getPolicy(requestId),

    async setPolicy(actorId: string, update: SignupPolicyUpdate, requestId: string): Promise<SignupPolicy> {
      const { before, after } = await deps.signup.setPolicy(update, requestId);
      await deps.audit.record({
        actorId,
        action: 'signup-policy.update',
        targetType: 'settings',
        targetId: 'signup-policy',
        before,
        after,
      });
      return after;
    },

    listInvites: (requestId: string): Promise<InviteList> => deps.signup.listInvites(requestId),

    /** The link (with its token) goes to the admin once; the audit keeps only the invite's facts. */
    async createInvite(
      actorId: string,
      input: InviteCreateRequest,
      requestId: string,
    ): Promise<InviteCreated> {
      const created = await deps.signup.createInvite({ ...input, createdById: actorId }, requestId);
      await deps.audit.record({
        actorId,
        action: 'invite.create',
        targetType: 'invite',
        targetId: created.invite.id,
        before: null,
        after: created.invite,
      });
      return created;
    },

    async revokeInvite(actorId: string, inviteId: string, requestId: string): Promise<void> {
      const { before, after } = await deps.signup.revokeInvite(inviteId, requestId);
      await deps.audit.record({
        actorId,
        action: 'invite.revoke',
        targetType: 'invite',
        targetId: inviteId,
        before,
        after,
      });
    },
  };
}

export type SignupAdminService = ReturnType<typeof createSignupAdminService>;

import {
  InviteChange,
  InviteCreated,
  InviteList,
  SignupPolicy,
  SignupPolicyChange,
  type InternalInviteCreate,
  type SignupPolicyUpdate,
} from '@vivier/contracts';
import type { Logger } from '@vivier/service-kit';
import { createInternalApi } from './internal-api';

/** auth-service's internal sign-up policy and invite API (auth owns both tables). */
export function createAuthSignupClient(options: {
  baseUrl: string;
  internalToken: string;
  logger: Logger;
  fetch?: typeof fetch;
}) {
  const call = createInternalApi({
    ...options,
    service: 'auth-service',
    unavailableMessage: 'The sign-up settings are unavailable; try again shortly',
    notFoundMessage: 'Invite not found',
  });
  return {
    getPolicy: (requestId: string) =>
      call(SignupPolicy, { method: 'GET', path: '/internal/signup-policy', requestId }),
    setPolicy: (update: SignupPolicyUpdate, requestId: string) =>
      call(SignupPolicyChange, { method: 'PUT', path: '/internal/signup-policy', requestId, body: update }),
    listInvites: (requestId: string) =>
      call(InviteList, { method: 'GET', path: '/internal/invites', requestId }),
    createInvite: (input: InternalInviteCreate, requestId: string) =>
      call(InviteCreated, { method: 'POST', path: '/internal/invites', requestId, body: input }),
    revokeInvite: (inviteId: string, requestId: string) =>
      call(InviteChange, {
        method: 'DELETE',
        path: `/internal/invites/${encodeURIComponent(inviteId)}`,
        requestId,
      }),
  };
}

export type AuthSignupClient = ReturnType<typeof createAuthSignupClient>;

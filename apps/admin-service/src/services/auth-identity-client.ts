import { MfaPolicyBody, MfaPolicyChange, TwoFactorReset, type MfaRequirement } from '@vivier/contracts';
import type { Logger } from '@vivier/service-kit';
import { createInternalApi } from './internal-api';

/** auth-service's internal API for sign-in settings it owns: the two-factor policy and resets. */
export interface AuthIdentityClient {
  mfaPolicy(requestId: string): Promise<MfaPolicyBody>;
  setMfaPolicy(require: MfaRequirement, requestId: string): Promise<MfaPolicyChange>;
  resetTwoFactor(userId: string, requestId: string): Promise<TwoFactorReset>;
}

export function createAuthIdentityClient(options: {
  baseUrl: string | undefined;
  internalToken: string;
  logger: Logger;
}): AuthIdentityClient {
  const call = createInternalApi({
    ...options,
    service: 'auth-service',
    unavailableMessage: 'The sign-in settings are unavailable; try again shortly',
    notFoundMessage: 'User not found',
  });
  return {
    mfaPolicy: (requestId) => call(MfaPolicyBody, { method: 'GET', path: '/internal/mfa-policy', requestId }),
    setMfaPolicy: (require, requestId) =>
      call(MfaPolicyChange, { method: 'PUT', path: '/internal/mfa-policy', requestId, body: { require } }),
    resetTwoFactor: (userId, requestId) =>
      call(TwoFactorReset, {
        method: 'DELETE',
        path: `/internal/users/${encodeURIComponent(userId)}/2fa`,
        requestId,
      }),
  };
}

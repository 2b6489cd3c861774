import {
  MfaPolicyBody,
  MfaPolicyChange,
  OidcProviderChange,
  OidcProviderList,
  TwoFactorReset,
  type MfaRequirement,
  type OidcProviderCreate,
  type OidcProviderInput,
} from '@vivier/contracts';
import type { Logger } from '@vivier/service-kit';
import { createInternalApi } from './internal-api';

/** auth-service's internal API for sign-in settings it owns: two-factor and OIDC providers. */
export interface AuthIdentityClient {
  mfaPolicy(requestId: string): Promise<MfaPolicyBody>;
  setMfaPolicy(require: MfaRequirement, requestId: string): Promise<MfaPolicyChange>;
  resetTwoFactor(userId: string, requestId: string): Promise<TwoFactorReset>;
  oidcProviders(requestId: string): Promise<OidcProviderList>;
  createOidcProvider(input: OidcProviderCreate, requestId: string): Promise<OidcProviderChange>;
  putOidcProvider(id: string, input: OidcProviderInput, requestId: string): Promise<OidcProviderChange>;
  deleteOidcProvider(id: string, requestId: string): Promise<OidcProviderChange>;
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
    notFoundMessage: 'Not found',
  });
  const providerPath = (id: string) => `/internal/oidc-providers/${encodeURIComponent(id)}`;
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
    oidcProviders: (requestId) =>
      call(OidcProviderList, { method: 'GET', path: '/internal/oidc-providers', requestId }),
    createOidcProvider: (input, requestId) =>
      call(OidcProviderChange, { method: 'POST', path: '/internal/oidc-providers', requestId, body: input }),
    putOidcProvider: (id, input, requestId) =>
      call(OidcProviderChange, { method: 'PUT', path: providerPath(id), requestId, body: input }),
    deleteOidcProvider: (id, requestId) =>
      call(OidcProviderChange, { method: 'DELETE', path: providerPath(id), requestId }),
  };
}

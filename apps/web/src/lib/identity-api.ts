import type {
  MfaRequirement,
  OidcProviderCreate,
  OidcProviderInput,
  OidcProviderView,
} from '@vivier/contracts';
import { apiClient, type ApiClient } from './api-client';
import { collectionEndpoints } from './api-collection';
import type { Contracts } from './contracts';

/**
 * Two-factor and single sign-on: the login's second step, the Security page, the login page's
 * provider buttons, and the admins' sign-in settings. Kept out of api.ts so the chat bundle
 * never carries them.
 */
function createIdentityApi(client: ApiClient) {
  const { request, requestVoid } = client;
  const Session = (c: Contracts) => c.SessionResponse;
  const Enabled = (c: Contracts) => c.TotpEnableResponse;

  return {
    /** Completes a login that answered `mfaRequired`. */
    async loginWithCode(mfaToken: string, code: string) {
      const session = await request('POST', '/api/auth/login/mfa', Session, {
        body: { mfaToken, code },
        authenticated: false,
      });
      client.setAccessToken(session.accessToken);
      return session;
    },
    status: () => request('GET', '/api/auth/2fa', (c: Contracts) => c.TwoFactorStatus),
    /** With `mfaToken` (an enrolment the admins require at login) instead of a session. */
    setup: (mfaToken?: string) =>
      request('POST', '/api/auth/2fa/totp/setup', (c: Contracts) => c.TotpSetupResponse, {
        body: mfaToken ? { mfaToken } : {},
        authenticated: !mfaToken,
      }),
    async enable(code: string, mfaToken?: string) {
      const answer = await request('POST', '/api/auth/2fa/totp/enable', Enabled, {
        body: mfaToken ? { code, mfaToken } : { code },
        authenticated: !mfaToken,
      });
      if (answer.accessToken) client.setAccessToken(answer.accessToken);
      return answer;
    },
    disable: (password: string) => requestVoid('POST', '/api/auth/2fa/totp/disable', { body: { password } }),
    ssoProviders: async () =>
      (
        await request('GET', '/api/auth/oidc/providers', (c: Contracts) => c.OidcProviderButtons, {
          authenticated: false,
        })
      ).items,
    admin: {
      mfaPolicy: () => request('GET', '/api/admin/mfa-policy', (c: Contracts) => c.MfaPolicyBody),
      setMfaPolicy: (require: MfaRequirement) =>
        request('PUT', '/api/admin/mfa-policy', (c: Contracts) => c.MfaPolicyBody, { body: { require } }),
      resetTwoFactor: (userId: string) =>
        requestVoid('DELETE', `/api/admin/users/${encodeURIComponent(userId)}/2fa`),
      oidcProviders: collectionEndpoints<OidcProviderView, OidcProviderCreate, OidcProviderInput>(
        client,
        '/api/admin/oidc-providers',
        { list: (c: Contracts) => c.OidcProviderList, item: (c: Contracts) => c.OidcProviderView },
        'PUT',
      ),
    },
  };
}

export const identityApi = createIdentityApi(apiClient);

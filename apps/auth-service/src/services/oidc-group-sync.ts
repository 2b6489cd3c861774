import { SsoGroupSyncResult } from '@vivier/contracts';
import { createInternalClient, type Logger } from '@vivier/service-kit';
import { claimValuesOf } from '../lib/oidc-claims';
import type { OidcProviderSettings } from './oidc-providers';
import { OidcSignInError } from './oidc-sign-in-error';

/**
 * IdP claim → Vivier groups at each OIDC sign-in (issue 16). admin-service owns Group,
 * GroupMember and AuditLog, so auth-service sends it the provider's mapping and the claim's values
 * (`POST /internal/users/:id/sso-groups`) and waits for the answer before it issues the session.
 * Fails closed: when admin-service cannot be reached (or is not configured) the sign-in ends on
 * the login page with `groups_unavailable` ("try again shortly"), never with a session on stale
 * groups. Providers without a mapping
 * never call it.
 */
export function createOidcGroupSync(deps: {
  /** Unset: a provider with a group mapping cannot sign anyone in. */
  adminServiceUrl: string | undefined;
  internalToken: string;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  timeoutMs?: number;
  fetch?: typeof fetch;
}) {
  const admin = deps.adminServiceUrl
    ? createInternalClient({
        service: 'admin-service',
        baseUrl: deps.adminServiceUrl,
        internalToken: deps.internalToken,
        timeoutMs: deps.timeoutMs,
        fetch: deps.fetch,
      })
    : undefined;

  return {
    async syncGroups(
      userId: string,
      provider: Pick<OidcProviderSettings, 'id' | 'groupsClaim' | 'groupMapping'>,
      claims: Record<string, unknown>,
    ): Promise<void> {
      if (provider.groupMapping.length === 0) return;
      if (!admin) {
        deps.logger.error(
          { provider: provider.id },
          'this provider maps groups but ADMIN_SERVICE_URL is not set: sign-in refused',
        );
        throw new OidcSignInError('groups_unavailable');
      }
      let answer;
      try {
        answer = await admin({
          method: 'POST',
          path: `/internal/users/${encodeURIComponent(userId)}/sso-groups`,
          body: {
            provider: provider.id,
            claim: provider.groupsClaim,
            mapping: provider.groupMapping,
            claimValues: claimValuesOf(claims, provider.groupsClaim).slice(0, 1000),
          },
        });
      } catch (error) {
        deps.logger.warn({ err: error, provider: provider.id, userId }, 'group sync unanswered');
        throw new OidcSignInError('groups_unavailable', { cause: error });
      }
      const result = SsoGroupSyncResult.safeParse(answer.body);
      if (!answer.ok || !result.success) {
        deps.logger.warn(
          { provider: provider.id, userId, status: answer.status, body: answer.body },
          'group sync refused by admin-service',
        );
        throw new OidcSignInError('groups_unavailable');
      }
      if (result.data.added.length > 0 || result.data.removed.length > 0) {
        deps.logger.info({ userId, provider: provider.id, ...result.data }, 'groups follow the IdP claim');
      }
    },
  };
}

export type OidcGroupSync = ReturnType<typeof createOidcGroupSync>;

import { IdParams, SsoGroupSyncRequest, SsoGroupSyncResult } from '@vivier/contracts';
import { requireInternalToken, type Service } from '@vivier/service-kit';
import type { SsoGroupSync } from '../services/sso-group-sync';

/** Service-to-service (auth-service, at each OIDC sign-in): membership follows the IdP's groups claim. */
export async function internalSsoGroupRoutes(
  app: Service,
  options: { groups: Pick<SsoGroupSync, 'syncGroups'>; internalToken: string },
) {
  app.addHook('onRequest', requireInternalToken(options.internalToken));

  app.post(
    '/internal/users/:id/sso-groups',
    { schema: { params: IdParams, body: SsoGroupSyncRequest, response: { 200: SsoGroupSyncResult } } },
    (request) => options.groups.syncGroups(request.params.id, request.body),
  );
}

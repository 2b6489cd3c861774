import { OidcProviderChange, OidcProviderInput, OidcProviderList, OidcProviderId } from '@vivier/contracts';
import { requireInternalToken, type Service } from '@vivier/service-kit';
import { z } from 'zod';
import type { OidcProviders } from '../services/oidc-providers';

const ProviderIdParams = z.object({ id: OidcProviderId });

/** Service-to-service (admin-service): the OIDC providers admins manage. */
export async function internalOidcRoutes(
  app: Service,
  options: { providers: OidcProviders; internalToken: string },
) {
  app.addHook('onRequest', requireInternalToken(options.internalToken));

  app.get('/internal/oidc-providers', { schema: { response: { 200: OidcProviderList } } }, async () => ({
    items: await options.providers.list(),
  }));

  app.put(
    '/internal/oidc-providers/:id',
    { schema: { params: ProviderIdParams, body: OidcProviderInput, response: { 200: OidcProviderChange } } },
    (request) => options.providers.put(request.params.id, request.body),
  );

  app.delete(
    '/internal/oidc-providers/:id',
    { schema: { params: ProviderIdParams, response: { 200: OidcProviderChange } } },
    (request) => options.providers.remove(request.params.id),
  );
}

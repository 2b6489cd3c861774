import { IdParams } from '@vivier/contracts';
import {
  OidcProviderChange,
  OidcProviderCreate,
  OidcProviderInput,
  OidcProviderList,
} from '@vivier/contracts/oidc';
import { requireInternalToken, type Service } from '@vivier/service-kit';
import type { OidcProviders } from '../services/oidc-providers';

/** Service-to-service (admin-service): the OIDC providers admins manage. */
export async function internalOidcRoutes(
  app: Service,
  options: { providers: OidcProviders; internalToken: string },
) {
  app.addHook('onRequest', requireInternalToken(options.internalToken));

  app.get('/internal/oidc-providers', { schema: { response: { 200: OidcProviderList } } }, async () => ({
    items: await options.providers.list(),
  }));

  app.post(
    '/internal/oidc-providers',
    { schema: { body: OidcProviderCreate, response: { 200: OidcProviderChange } } },
    (request) => options.providers.create(request.body),
  );

  app.put(
    '/internal/oidc-providers/:id',
    { schema: { params: IdParams, body: OidcProviderInput, response: { 200: OidcProviderChange } } },
    (request) => options.providers.update(request.params.id, request.body),
  );

  app.delete(
    '/internal/oidc-providers/:id',
    { schema: { params: IdParams, response: { 200: OidcProviderChange } } },
    (request) => options.providers.remove(request.params.id),
  );
}

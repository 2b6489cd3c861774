import {
  IdParams,
  MfaPolicyBody,
  OidcProviderCreate,
  OidcProviderInput,
  OidcProviderList,
  OidcProviderView,
} from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { IdentityAdminService } from '../services/identity-admin-service';

/** Two-factor policy and resets, and OIDC providers (sign-in settings owned by auth-service). */
export async function identityRoutes(app: Service, { identity }: { identity: IdentityAdminService }) {
  app.get('/api/admin/mfa-policy', { schema: { response: { 200: MfaPolicyBody } } }, (request) =>
    identity.mfaPolicy(request.id),
  );

  app.put(
    '/api/admin/mfa-policy',
    { schema: { body: MfaPolicyBody, response: { 200: MfaPolicyBody } } },
    (request) => identity.setMfaPolicy(callerOf(request).id, request.body.require, request.id),
  );

  app.delete('/api/admin/users/:id/2fa', { schema: { params: IdParams } }, async (request, reply) => {
    await identity.resetTwoFactor(callerOf(request).id, request.params.id, request.id);
    return reply.status(204).send();
  });

  app.get('/api/admin/oidc-providers', { schema: { response: { 200: OidcProviderList } } }, (request) =>
    identity.oidcProviders(request.id),
  );

  app.post(
    '/api/admin/oidc-providers',
    { schema: { body: OidcProviderCreate, response: { 201: OidcProviderView } } },
    async (request, reply) =>
      reply
        .status(201)
        .send(await identity.createOidcProvider(callerOf(request).id, request.body, request.id)),
  );

  app.put(
    '/api/admin/oidc-providers/:id',
    { schema: { params: IdParams, body: OidcProviderInput, response: { 200: OidcProviderView } } },
    (request) => identity.putOidcProvider(callerOf(request).id, request.params.id, request.body, request.id),
  );

  app.delete('/api/admin/oidc-providers/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await identity.deleteOidcProvider(callerOf(request).id, request.params.id, request.id);
    return reply.status(204).send();
  });
}

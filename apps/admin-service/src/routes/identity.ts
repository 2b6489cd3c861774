import { IdParams } from '@vivier/contracts';
import {
  OidcProviderCreate,
  OidcProviderInput,
  OidcProviderList,
  OidcProviderView,
} from '@vivier/contracts/oidc';
import { MfaPolicyBody } from '@vivier/contracts/two-factor';
import { callerOf, registerSettingRoutes, type Service } from '@vivier/service-kit';
import type { IdentityAdminService } from '../services/identity-admin-service';

/** Two-factor policy and resets, and OIDC providers (sign-in settings owned by auth-service). */
export async function identityRoutes(app: Service, { identity }: { identity: IdentityAdminService }) {
  registerSettingRoutes(app, '/api/admin/mfa-policy', {
    schemas: { view: MfaPolicyBody, update: MfaPolicyBody },
    read: (requestId) => identity.mfaPolicy(requestId),
    write: (callerId, body, requestId) => identity.setMfaPolicy(callerId, body.require, requestId),
  });

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

import { IdParams, MfaPolicyBody } from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { IdentityAdminService } from '../services/identity-admin-service';

/** Two-factor policy and resets (sign-in settings owned by auth-service). */
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
}

import { IdParams, MfaPolicyBody, MfaPolicyChange, TwoFactorReset } from '@vivier/contracts';
import { requireInternalToken, type Service } from '@vivier/service-kit';
import type { TwoFactorService } from '../services/two-factor-service';

/** Service-to-service (admin-service): the two-factor policy and a user's reset. */
export async function internalTwoFactorRoutes(
  app: Service,
  options: { twoFactor: TwoFactorService; internalToken: string },
) {
  app.addHook('onRequest', requireInternalToken(options.internalToken));

  app.get('/internal/mfa-policy', { schema: { response: { 200: MfaPolicyBody } } }, () =>
    options.twoFactor.policy(),
  );

  app.put(
    '/internal/mfa-policy',
    { schema: { body: MfaPolicyBody, response: { 200: MfaPolicyChange } } },
    (request) => options.twoFactor.setPolicy(request.body.require),
  );

  app.delete(
    '/internal/users/:id/2fa',
    { schema: { params: IdParams, response: { 200: TwoFactorReset } } },
    (request) => options.twoFactor.resetForUser(request.params.id),
  );
}

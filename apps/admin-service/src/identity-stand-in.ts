import {
  AppError,
  IdParams,
  MfaPolicyBody,
  MfaPolicyChange,
  TwoFactorReset,
  type MfaRequirement,
} from '@vivier/contracts';
import type { Service } from '@vivier/service-kit';

/**
 * auth-service's internal two-factor routes for the auth stand-in (test-support.ts), answering as
 * apps/auth-service/src/routes/internal-two-factor.ts does: the policy with before/after, and a
 * reset that is 404 for an unknown user.
 */
export function addIdentityStandInRoutes(app: Service, knownUser: (id: string) => boolean) {
  const state = { require: 'off' as MfaRequirement, resets: [] as string[] };

  app.get('/internal/mfa-policy', { schema: { response: { 200: MfaPolicyBody } } }, () => ({
    require: state.require,
  }));

  app.put(
    '/internal/mfa-policy',
    { schema: { body: MfaPolicyBody, response: { 200: MfaPolicyChange } } },
    (request) => {
      const before = { require: state.require };
      state.require = request.body.require;
      return { before, after: { require: state.require } };
    },
  );

  app.delete(
    '/internal/users/:id/2fa',
    { schema: { params: IdParams, response: { 200: TwoFactorReset } } },
    (request) => {
      if (!knownUser(request.params.id)) throw new AppError('NOT_FOUND', 'User not found');
      state.resets.push(request.params.id);
      return { totpEnabled: true };
    },
  );
  return state;
}

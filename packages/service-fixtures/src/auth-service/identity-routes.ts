import {
  AppError,
  IdParams,
  MfaPolicyBody,
  MfaPolicyChange,
  OidcProviderChange,
  OidcProviderCreate,
  OidcProviderInput,
  OidcProviderList,
  TwoFactorReset,
  type MfaRequirement,
  type OidcProviderView,
} from '@vivier/contracts';
import type { Service } from '@vivier/service-kit';

/**
 * auth-service's internal two-factor routes for the auth stand-in (test-support.ts), answering as
 * apps/auth-service/src/routes/internal-two-factor.ts and internal-oidc.ts do: the policy with
 * before/after, a reset that is 404 for an unknown user, and OIDC providers (409 on a taken id,
 * 404 on an unknown one; the secret never comes back).
 */
export function addIdentityStandInRoutes(app: Service, knownUser: (id: string) => boolean) {
  const state = {
    require: 'off' as MfaRequirement,
    resets: [] as string[],
    providers: new Map<string, OidcProviderView>(),
  };
  const providerOr404 = (id: string) => {
    const provider = state.providers.get(id);
    if (!provider) throw new AppError('NOT_FOUND', 'Provider not found');
    return provider;
  };

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
  app.get('/internal/oidc-providers', { schema: { response: { 200: OidcProviderList } } }, () => ({
    items: [...state.providers.values()],
  }));

  app.post(
    '/internal/oidc-providers',
    { schema: { body: OidcProviderCreate, response: { 200: OidcProviderChange } } },
    (request) => {
      const { clientSecret, ...fields } = request.body;
      if (state.providers.has(fields.id))
        throw new AppError('CONFLICT', 'A provider with this id already exists');
      const after: OidcProviderView = { ...fields, hasClientSecret: Boolean(clientSecret), source: 'admin' };
      state.providers.set(after.id, after);
      return { before: null, after };
    },
  );

  app.put(
    '/internal/oidc-providers/:id',
    { schema: { params: IdParams, body: OidcProviderInput, response: { 200: OidcProviderChange } } },
    (request) => {
      const before = providerOr404(request.params.id);
      const { clientSecret, ...fields } = request.body;
      const after: OidcProviderView = {
        ...before,
        ...fields,
        hasClientSecret: clientSecret === undefined ? before.hasClientSecret : clientSecret !== null,
      };
      state.providers.set(after.id, after);
      return { before, after };
    },
  );

  app.delete(
    '/internal/oidc-providers/:id',
    { schema: { params: IdParams, response: { 200: OidcProviderChange } } },
    (request) => {
      const before = providerOr404(request.params.id);
      state.providers.delete(before.id);
      return { before, after: null };
    },
  );
  return state;
}

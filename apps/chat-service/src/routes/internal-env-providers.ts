import { EnvProviderOfferList } from '@vivier/contracts';
import type { ProviderRegistry } from '@vivier/providers';
import { requireInternalToken, type Service } from '@vivier/service-kit';

/**
 * Service-to-service (admin-service): the providers this service's env configures, each with every
 * model it offers, unfiltered, so admins can limit them to groups in Admin → Providers.
 */
export async function internalEnvProviderRoutes(
  app: Service,
  options: { registry: Pick<ProviderRegistry, 'listEnvProviders'>; internalToken: string },
) {
  app.addHook('onRequest', requireInternalToken(options.internalToken));

  app.get('/internal/env-providers', { schema: { response: { 200: EnvProviderOfferList } } }, async () => ({
    items: (await options.registry.listEnvProviders()).map((offer) => ({
      kind: offer.kind,
      offlineDemo: offer.offlineDemo,
      models: offer.models.map((model) => ({ id: model.id, label: model.label, pricing: model.pricing })),
    })),
  }));
}

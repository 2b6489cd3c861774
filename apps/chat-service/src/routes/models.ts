import { ModelList, type Model } from '@vivier/contracts';
import type { ProviderRegistry } from '@vivier/providers';
import { callerOf, type Service } from '@vivier/service-kit';

export async function modelRoutes(
  app: Service,
  { registry }: { registry: Pick<ProviderRegistry, 'listModels'> },
) {
  app.addHook('onRequest', app.authenticate);

  /**
   * What env providers and enabled admin providers offer, admin overrides applied (disabled models
   * left out, prices replaced, the default flagged). `provider` is what a chat is created with: a
   * kind for env providers, the `prv_…` id for admin ones. The offline demo says so, for the UI.
   */
  app.get('/api/models', { schema: { response: { 200: ModelList } } }, async (request) => ({
    // Only what the caller may use: models an admin limits to groups they are not in are left out.
    items: (await registry.listModels(callerOf(request).id)).map((model): Model => ({
      provider: model.providerId,
      id: model.id,
      label: model.label,
      contextWindow: model.contextWindow,
      pricing: model.pricing,
      capabilities: model.capabilities,
      ...(model.providerLabel === undefined ? {} : { providerLabel: model.providerLabel }),
      ...(model.offlineDemo ? { offlineDemo: true } : {}),
      ...(model.isDefault ? { default: true as const } : {}),
    })),
  }));
}

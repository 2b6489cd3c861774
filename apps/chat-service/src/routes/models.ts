import { ModelList, type Model } from '@vivier/contracts';
import type { ProviderRegistry } from '@vivier/providers';
import type { Service } from '@vivier/service-kit';

export async function modelRoutes(
  app: Service,
  { registry }: { registry: Pick<ProviderRegistry, 'listModels'> },
) {
  app.addHook('onRequest', app.authenticate);

  /** Only what configured providers offer; the offline demo says so, for the UI to label it. */
  app.get('/api/models', { schema: { response: { 200: ModelList } } }, async () => ({
    items: (await registry.listModels()).map((model): Model => ({
      provider: model.provider,
      id: model.id,
      label: model.label,
      contextWindow: model.contextWindow,
      pricing: model.pricing,
      capabilities: model.capabilities,
      ...(model.offlineDemo ? { offlineDemo: true } : {}),
    })),
  }));
}

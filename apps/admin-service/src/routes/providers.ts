import { ProviderSettings, ProviderSettingsUpdate } from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { ProviderSettingsService } from '../services/provider-settings-service';

export async function providerRoutes(app: Service, { providers }: { providers: ProviderSettingsService }) {
  app.get('/api/admin/providers', { schema: { response: { 200: ProviderSettings } } }, () =>
    providers.getSettings(),
  );

  app.put(
    '/api/admin/providers',
    { schema: { body: ProviderSettingsUpdate, response: { 200: ProviderSettings } } },
    (request) => providers.updateSettings(callerOf(request).id, request.body),
  );
}

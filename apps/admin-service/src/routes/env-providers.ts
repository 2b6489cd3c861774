import {
  EnvProviderAccess,
  EnvProviderAccessView,
  EnvProviderList,
  EnvProviderParams,
} from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { EnvProviderAccessService } from '../services/env-provider-access-service';

export async function envProviderRoutes(app: Service, { access }: { access: EnvProviderAccessService }) {
  app.get('/api/admin/env-providers', { schema: { response: { 200: EnvProviderList } } }, (request) =>
    access.listEnvProviders(request.id),
  );

  app.put(
    '/api/admin/env-providers/:kind',
    {
      schema: {
        params: EnvProviderParams,
        body: EnvProviderAccess,
        response: { 200: EnvProviderAccessView },
      },
    },
    (request) => access.updateAccess(callerOf(request).id, request.params.kind, request.body),
  );
}

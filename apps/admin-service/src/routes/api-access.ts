import { ApiAccessSetting, ApiAccessUpdate } from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { ApiAccessService } from '../services/api-access-service';

/** `GET|PUT /api/admin/api-access`: turn the OpenAI-compatible API (`/v1`) on or off, or limit it to groups. */
export async function apiAccessRoutes(app: Service, { access }: { access: ApiAccessService }) {
  app.get('/api/admin/api-access', { schema: { response: { 200: ApiAccessSetting } } }, () =>
    access.getSetting(),
  );

  app.put(
    '/api/admin/api-access',
    { schema: { body: ApiAccessUpdate, response: { 200: ApiAccessSetting } } },
    (request) => access.updateSetting(callerOf(request).id, request.body),
  );
}

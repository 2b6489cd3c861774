import { apiClient, type ApiClient } from './api-client';
import type { Contracts } from './contracts';

/** Admin-only: every knowledge base, and the groups it is shared with (admin-service). */
function createAdminKnowledgeApi(client: ApiClient) {
  const { request } = client;
  return {
    list: async () =>
      (await request('GET', '/api/admin/knowledge', (c: Contracts) => c.AdminKnowledgeBaseList)).items,
    /** Replaces the groups whose members may read the base (`[]` unshares it). */
    share: (id: string, groupIds: string[]) =>
      request(
        'PUT',
        `/api/admin/knowledge/${encodeURIComponent(id)}/groups`,
        (c: Contracts) => c.AdminKnowledgeBase,
        { body: { groupIds } },
      ),
  };
}

export const adminKnowledgeApi = createAdminKnowledgeApi(apiClient);

import { apiClient, type ApiClient } from './api-client';
import type { Contracts } from './contracts';

export const keysQueryKey = ['api-keys'] as const;

/** The API keys page's endpoints (only that page imports this). */
function createKeysApi(client: ApiClient) {
  const { request, requestVoid } = client;
  return {
    list: async () => (await request('GET', '/api/keys', (c: Contracts) => c.ApiKeyList)).items,
    /** The answer carries the secret: shown once, never again. */
    create: (name: string) =>
      request('POST', '/api/keys', (c: Contracts) => c.CreatedApiKey, { body: { name } }),
    revoke: (id: string) => requestVoid('DELETE', `/api/keys/${encodeURIComponent(id)}`),
  };
}

export const keysApi = createKeysApi(apiClient);

import { apiClient, type ApiClient } from './api-client';
import type { DeleteAccountRequest } from '@vivier/contracts';
import type { Contracts } from './contracts';

/** The account page's endpoints (only that page imports this, keeping it out of the chat bundle). */
function createAccountApi(client: ApiClient) {
  const { request, requestVoid, download } = client;
  return {
    account: () => request('GET', '/api/auth/me', (c: Contracts) => c.AccountResponse),
    update: (body: { name?: string | null; email?: string }) =>
      request('PATCH', '/api/auth/me', (c: Contracts) => c.AccountResponse, { body }),
    changePassword: (body: { currentPassword: string; newPassword: string }) =>
      requestVoid('POST', '/api/auth/change-password', { body }),
    sessions: async () =>
      (await request('GET', '/api/auth/sessions', (c: Contracts) => c.AccountSessionList)).items,
    revokeSession: (id: string) => requestVoid('DELETE', `/api/auth/sessions/${encodeURIComponent(id)}`),
    deleteAccount: (body: DeleteAccountRequest) => requestVoid('DELETE', '/api/auth/me', { body }),
    exportAll: () => download('/api/chats/export'),
  };
}

export const accountApi = createAccountApi(apiClient);

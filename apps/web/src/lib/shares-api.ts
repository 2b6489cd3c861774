import { apiClient, type ApiClient } from './api-client';
import type { Contracts } from './contracts';

export const sharesQueryKey = ['shares'] as const;

/** Share links and forks (issue 17). */
function createSharesApi(client: ApiClient) {
  const { request, requestVoid } = client;
  return {
    list: async () => (await request('GET', '/api/shares', (c: Contracts) => c.ShareLinkList)).items,
    /** Creates the chat's link, or updates its snapshot (same URL) when it has one. */
    share: (chatId: string) =>
      request('POST', `/api/chats/${encodeURIComponent(chatId)}/share`, (c: Contracts) => c.CreatedShare, {
        body: {},
      }),
    revoke: (id: string) => requestVoid('DELETE', `/api/shares/${encodeURIComponent(id)}`),
    /** The public page's data: no sign-in, the token is the permission. */
    publicView: (id: string) =>
      request('GET', `/api/shares/${encodeURIComponent(id)}/public`, (c: Contracts) => c.SharedChat, {
        authenticated: false,
      }),
    fork: (messageId: string) =>
      request('POST', `/api/messages/${encodeURIComponent(messageId)}/fork`, (c: Contracts) => c.Chat),
  };
}

export const sharesApi = createSharesApi(apiClient);

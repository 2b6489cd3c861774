import { apiClient, type ApiClient } from './api-client';
import type { Contracts } from './contracts';

export const knowledgeQueryKey = ['knowledge'] as const;
export const knowledgeFilesQueryKey = (baseId: string) => ['knowledge', baseId, 'files'] as const;

const base = (id: string) => `/api/knowledge/${encodeURIComponent(id)}`;

/** Knowledge bases: the Knowledge page, and the chat settings that attach them. */
function createKnowledgeApi(client: ApiClient) {
  const { request, requestVoid } = client;
  return {
    list: async () => (await request('GET', '/api/knowledge', (c: Contracts) => c.KnowledgeBaseList)).items,
    create: (name: string) =>
      request('POST', '/api/knowledge', (c: Contracts) => c.KnowledgeBase, { body: { name } }),
    rename: (id: string, name: string) =>
      request('PATCH', base(id), (c: Contracts) => c.KnowledgeBase, { body: { name } }),
    remove: (id: string) => requestVoid('DELETE', base(id)),
    files: async (id: string) =>
      (await request('GET', `${base(id)}/files`, (c: Contracts) => c.KnowledgeFileList)).items,
    /** Queues an uploaded File for indexing (202); adding it again re-indexes it. */
    addFile: (id: string, fileId: string) =>
      request('POST', `${base(id)}/files`, (c: Contracts) => c.KnowledgeFile, { body: { fileId } }),
    /** Indexes a file of the base again (202, `queued`): the Retry of a failed one. */
    retryFile: (id: string, fileId: string) =>
      request(
        'POST',
        `${base(id)}/files/${encodeURIComponent(fileId)}/retry`,
        (c: Contracts) => c.KnowledgeFile,
      ),
    removeFile: (id: string, fileId: string) =>
      requestVoid('DELETE', `${base(id)}/files/${encodeURIComponent(fileId)}`),
    search: async (id: string, query: string) =>
      (
        await request('POST', `${base(id)}/search`, (c: Contracts) => c.KnowledgeSearchResponse, {
          body: { query },
        })
      ).items,
  };
}

export const knowledgeApi = createKnowledgeApi(apiClient);

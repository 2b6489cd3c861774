import type { CreateFolderRequest, UpdateFolderRequest } from '@vivier/contracts';
import { apiClient, type ApiClient } from './api-client';
import type { Contracts } from './contracts';

export const foldersQueryKey = ['folders'] as const;
export const tagsQueryKey = ['tags'] as const;

const folderPath = (id: string) => `/api/folders/${encodeURIComponent(id)}`;

/** Folders and tags (the sidebar). Chats are filed, pinned and tagged with `api.chats.update`. */
function createOrganiseApi(client: ApiClient) {
  const { request, requestVoid } = client;
  return {
    folders: {
      list: async () => (await request('GET', '/api/folders', (c: Contracts) => c.FolderList)).items,
      create: (body: CreateFolderRequest) =>
        request('POST', '/api/folders', (c: Contracts) => c.Folder, { body }),
      update: (id: string, body: UpdateFolderRequest) =>
        request('PATCH', folderPath(id), (c: Contracts) => c.Folder, { body }),
      /** Its chats move out to no folder, unless `deleteChats`. */
      remove: (id: string, deleteChats: boolean) =>
        requestVoid('DELETE', folderPath(id), { query: { deleteChats: deleteChats ? 'true' : undefined } }),
    },
    tags: {
      list: async () => (await request('GET', '/api/tags', (c: Contracts) => c.TagList)).items,
    },
  };
}

export const organiseApi = createOrganiseApi(apiClient);

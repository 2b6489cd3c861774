import {
  CreateFolderRequest,
  DeleteFolderQuery,
  Folder,
  FolderList,
  IdParams,
  UpdateFolderRequest,
} from '@vivier/contracts';
import { callerOf, type Service } from '@vivier/service-kit';
import type { FolderService } from '../services/folder-service';

export async function folderRoutes(app: Service, { folders }: { folders: FolderService }) {
  app.addHook('onRequest', app.authenticate);

  app.get('/api/folders', { schema: { response: { 200: FolderList } } }, async (request) => ({
    items: await folders.listFolders(callerOf(request).id),
  }));

  app.post(
    '/api/folders',
    { schema: { body: CreateFolderRequest, response: { 201: Folder } } },
    async (request, reply) =>
      reply.status(201).send(await folders.createFolder(callerOf(request).id, request.body)),
  );

  app.patch(
    '/api/folders/:id',
    { schema: { params: IdParams, body: UpdateFolderRequest, response: { 200: Folder } } },
    (request) => folders.updateFolder(callerOf(request).id, request.params.id, request.body),
  );

  app.delete(
    '/api/folders/:id',
    { schema: { params: IdParams, querystring: DeleteFolderQuery } },
    async (request, reply) => {
      await folders.deleteFolder(callerOf(request).id, request.params.id, request.query.deleteChats ?? false);
      return reply.status(204).send();
    },
  );
}

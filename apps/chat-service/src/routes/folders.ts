import {
  CreateFolderRequest,
  DeleteFolderQuery,
  Folder,
  FolderList,
  IdParams,
  UpdateFolderRequest,
} from '@vivier/contracts';
import { callerOf, registerCollectionRoutes, type Service } from '@vivier/service-kit';
import type { FolderService } from '../services/folder-service';

export async function folderRoutes(app: Service, { folders }: { folders: FolderService }) {
  app.addHook('onRequest', app.authenticate);
  registerCollectionRoutes(app, '/api/folders', {
    schemas: { list: FolderList, item: Folder, create: CreateFolderRequest, update: UpdateFolderRequest },
    list: async (userId) => ({ items: await folders.listFolders(userId) }),
    create: (userId, body) => folders.createFolder(userId, body),
    update: (userId, id, body) => folders.updateFolder(userId, id, body),
  });

  // DELETE takes a query (whether the folder's chats go too), so it is registered here.
  app.delete(
    '/api/folders/:id',
    { schema: { params: IdParams, querystring: DeleteFolderQuery } },
    async (request, reply) => {
      await folders.deleteFolder(callerOf(request).id, request.params.id, request.query.deleteChats ?? false);
      return reply.status(204).send();
    },
  );
}

import {
  AppError,
  FOLDERS_MAX_PER_USER,
  type CreateFolderRequest,
  type Folder,
  type UpdateFolderRequest,
} from '@vivier/contracts';
import type { ChatDb, Folder as FolderRow } from '@vivier/db';
import { findOwnedRow, type Logger } from '@vivier/service-kit';
import type { GenerationService } from './generation-service';

export interface FolderServiceDeps {
  db: ChatDb;
  generations: Pick<GenerationService, 'cancelRunningInChat'>;
  logger: Logger;
  newId: (kind: 'folder') => string;
}

const notFound = () => new AppError('NOT_FOUND', 'Folder not found');
const tooDeep = (message: string) =>
  new AppError('VALIDATION_FAILED', message, { details: [{ path: 'parentId', message }] });

const toFolderView = (row: FolderRow): Folder => ({
  id: row.id,
  name: row.name,
  parentId: row.parentId,
  collapsed: row.collapsed,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export function createFolderService(deps: FolderServiceDeps) {
  const { db } = deps;

  /** The caller's folder, or 404 for unknown, malformed and other users' ids alike. */
  const findOwnedFolder = (userId: string, id: string): Promise<FolderRow> =>
    findOwnedRow('folder', id, () => db.folder.findFirst({ where: { id, userId } }), notFound);

  /** Folders nest one level: a parent must itself be top-level. */
  async function findParent(userId: string, parentId: string): Promise<FolderRow> {
    const parent = await findOwnedFolder(userId, parentId);
    if (parent.parentId !== null)
      throw tooDeep('Folders nest one level: this folder is already inside another');
    return parent;
  }

  return {
    findOwnedFolder,

    async listFolders(userId: string): Promise<Folder[]> {
      const rows = await db.folder.findMany({
        where: { userId },
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
        take: FOLDERS_MAX_PER_USER,
      });
      return rows.map(toFolderView);
    },

    async createFolder(userId: string, input: CreateFolderRequest): Promise<Folder> {
      if (input.parentId) await findParent(userId, input.parentId);
      // Counted and written under a per-user advisory lock, so two creates at once cannot pass
      // the limit together.
      const row = await db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`folders:${userId}`}))::text`;
        if ((await tx.folder.count({ where: { userId } })) >= FOLDERS_MAX_PER_USER) {
          throw new AppError('CONFLICT', `You can keep at most ${FOLDERS_MAX_PER_USER} folders`);
        }
        return tx.folder.create({
          data: { id: deps.newId('folder'), userId, name: input.name, parentId: input.parentId ?? null },
        });
      });
      deps.logger.info({ folderId: row.id, userId }, 'folder created');
      return toFolderView(row);
    },

    /** Rename, collapse/expand, or move under another top-level folder (or to the top with null). */
    async updateFolder(userId: string, folderId: string, patch: UpdateFolderRequest): Promise<Folder> {
      const folder = await findOwnedFolder(userId, folderId);
      if (patch.parentId) {
        if (patch.parentId === folder.id) throw tooDeep('A folder cannot be inside itself');
        await findParent(userId, patch.parentId);
        if ((await db.folder.count({ where: { parentId: folder.id } })) > 0) {
          throw tooDeep('Folders nest one level: move this folder’s subfolders out first');
        }
      }
      const row = await db.folder.update({
        where: { id: folder.id },
        data: { name: patch.name, parentId: patch.parentId, collapsed: patch.collapsed },
      });
      return toFolderView(row);
    },

    /**
     * Deletes the folder and its subfolders. Their chats move out to no folder (the foreign key's
     * SET NULL), or, with `deleteChats`, are deleted first, stopping any answer still running.
     */
    async deleteFolder(userId: string, folderId: string, deleteChats: boolean): Promise<void> {
      const folder = await findOwnedFolder(userId, folderId);
      const folderIds = [
        folder.id,
        ...(await db.folder.findMany({ where: { parentId: folder.id }, select: { id: true } })).map(
          (row) => row.id,
        ),
      ];
      if (deleteChats) {
        const chats = await db.chat.findMany({
          where: { userId, folderId: { in: folderIds } },
          select: { id: true },
        });
        for (const chat of chats) await deps.generations.cancelRunningInChat(chat.id);
        await db.$transaction([
          db.chat.deleteMany({ where: { userId, folderId: { in: folderIds } } }),
          db.folder.deleteMany({ where: { id: folder.id, userId } }),
        ]);
      } else {
        await db.folder.deleteMany({ where: { id: folder.id, userId } });
      }
      deps.logger.info({ folderId: folder.id, userId, deleteChats }, 'folder deleted');
    },
  };
}

export type FolderService = ReturnType<typeof createFolderService>;

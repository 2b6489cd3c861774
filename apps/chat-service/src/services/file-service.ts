import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { AppError, isId, type UploadedFile } from '@vivier/contracts';
import type { ChatDb, File as FileRow } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import { isStorageNotFound, newStorageKey, type FileStorage } from '@vivier/storage';
import { sniffContent } from '../lib/content-sniff';
import { sanitizeFileName } from '../lib/file-name';

export interface FileServiceDeps {
  db: Pick<ChatDb, 'file'>;
  storage: FileStorage;
  logger: Logger;
  newId: (kind: 'file') => string;
}

export interface Upload {
  /** As the client sent it; only ever displayed, after sanitizing. */
  fileName: string | undefined;
  bytes: Buffer;
}

export interface OpenedFile {
  file: UploadedFile;
  body: Readable;
}

const notFound = () => new AppError('NOT_FOUND', 'File not found');

export function toFileView(row: FileRow): UploadedFile {
  return {
    id: row.id,
    name: row.name,
    contentType: row.contentType,
    size: row.size,
    createdAt: row.createdAt.toISOString(),
  };
}

export function createFileService(deps: FileServiceDeps) {
  const { db, storage } = deps;
  const log = deps.logger.child({ component: 'file-service' });

  /** The caller's file row, or 404 (unknown, malformed or someone else's: the same answer). */
  async function findOwnedFile(userId: string, fileId: string): Promise<FileRow> {
    if (!isId('file', fileId)) throw notFound();
    const row = await db.file.findFirst({ where: { id: fileId, userId } });
    if (!row) throw notFound();
    return row;
  }

  return {
    /**
     * Sniffs the bytes (images and UTF-8 text are accepted; the claimed type is ignored), stores
     * them under a fresh random key, then writes the row; a row that fails to write takes the
     * bytes with it.
     */
    async uploadFile(userId: string, upload: Upload): Promise<UploadedFile> {
      const { bytes } = upload;
      if (bytes.length === 0) {
        throw new AppError('VALIDATION_FAILED', 'The file is empty', {
          details: [{ path: 'file', message: 'must not be empty' }],
        });
      }
      const name = sanitizeFileName(upload.fileName);
      const sniffed = sniffContent(bytes, name);
      if (sniffed.kind === 'pdf') {
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'PDF files are not supported yet; attach images (PNG, JPEG, GIF, WebP) or text files',
        );
      }
      if (sniffed.kind === 'binary') {
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'Only images (PNG, JPEG, GIF, WebP) and UTF-8 text files can be attached',
        );
      }

      const id = deps.newId('file');
      const storageKey = newStorageKey();
      await storage.put(storageKey, bytes, sniffed.contentType);
      try {
        const row = await db.file.create({
          data: {
            id,
            userId,
            name,
            contentType: sniffed.contentType,
            size: bytes.length,
            storageKey,
            sha256: createHash('sha256').update(bytes).digest('hex'),
          },
        });
        log.info({ fileId: id, contentType: row.contentType, size: row.size }, 'file uploaded');
        return toFileView(row);
      } catch (error) {
        await storage
          .delete(storageKey)
          .catch((cleanupError: unknown) =>
            log.error({ err: cleanupError, storageKey }, 'orphaned upload bytes'),
          );
        throw error;
      }
    },

    /** The caller's file and a stream of its bytes. */
    async openFile(userId: string, fileId: string): Promise<OpenedFile> {
      const row = await findOwnedFile(userId, fileId);
      try {
        return { file: toFileView(row), body: await storage.get(row.storageKey) };
      } catch (error) {
        if (!isStorageNotFound(error)) throw error;
        // The row outlived its bytes (a manual cleanup, a lost volume): nothing to serve.
        log.error({ fileId, storageKey: row.storageKey }, 'file bytes missing from storage');
        throw notFound();
      }
    },

    /** Removes the row (so the file is gone for every reader at once), then its bytes. */
    async deleteFile(userId: string, fileId: string): Promise<void> {
      const row = await findOwnedFile(userId, fileId);
      const { count } = await db.file.deleteMany({ where: { id: row.id, userId } });
      if (count === 0) throw notFound();
      await storage
        .delete(row.storageKey)
        .catch((error: unknown) =>
          log.error({ err: error, fileId, storageKey: row.storageKey }, 'orphaned file bytes'),
        );
      log.info({ fileId }, 'file deleted');
    },
  };
}

export type FileService = ReturnType<typeof createFileService>;

import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { AppError, type UploadedFile } from '@vivier/contracts';
import type { ChatDb, File as FileRow } from '@vivier/db';
import { findOwnedRow, type Logger } from '@vivier/service-kit';
import { isStorageNotFound, newStorageKey, type FileStorage } from '@vivier/storage';
import { sniffContent } from '../lib/content-sniff';
import { sanitizeFileName } from '../lib/file-name';
import { extractPdfText, type PdfTextLimits } from '../lib/pdf-text';

export interface FileServiceDeps {
  db: Pick<ChatDb, 'file'>;
  storage: FileStorage;
  logger: Logger;
  newId: (kind: 'file') => string;
  /** Bounds on reading a PDF's text at upload (PDF_MAX_PAGES, PDF_EXTRACT_TIMEOUT_MS). */
  pdf: PdfTextLimits;
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

/** A row as read here: without the extracted text, which only provider-worker needs (and can be MBs). */
type FileMeta = Omit<FileRow, 'extractedText'>;
const WITHOUT_TEXT = { extractedText: true } as const;

function toFileView(row: FileMeta): UploadedFile {
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
  const findOwnedFile = (userId: string, id: string): Promise<FileMeta> =>
    findOwnedRow(
      'file',
      id,
      () => db.file.findFirst({ where: { id, userId }, omit: WITHOUT_TEXT }),
      notFound,
    );

  /** A PDF's text, or the 4xx that says why there is none worth sending to a model. */
  async function readPdfText(bytes: Buffer): Promise<string> {
    const started = Date.now();
    const result = await extractPdfText(bytes, deps.pdf);
    const elapsedMs = Date.now() - started;
    switch (result.outcome) {
      case 'text':
        log.info({ pages: result.pages, chars: result.text.length, elapsedMs }, 'pdf text extracted');
        return result.text;
      case 'no-text':
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'This PDF has no text layer (scanned?); attach images of its pages instead',
          { meta: { pages: result.pages } },
        );
      case 'encrypted':
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'This PDF is password-protected; remove the password and attach it again',
        );
      case 'too-many-pages':
        throw new AppError(
          'PAYLOAD_TOO_LARGE',
          `This PDF has ${result.pages} pages; at most ${deps.pdf.maxPages} can be attached`,
          { meta: { pages: result.pages, limitPages: deps.pdf.maxPages } },
        );
      case 'timeout':
        log.warn({ elapsedMs, size: bytes.length }, 'pdf text extraction timed out');
        throw new AppError(
          'PAYLOAD_TOO_LARGE',
          `Reading this PDF took longer than ${deps.pdf.timeoutMs} ms; attach a smaller part of it`,
          { meta: { limitMs: deps.pdf.timeoutMs } },
        );
      case 'unreadable':
        log.info({ reason: result.reason, size: bytes.length }, 'unreadable pdf refused');
        throw new AppError('VALIDATION_FAILED', 'This PDF could not be read: it is damaged or not a PDF', {
          details: [{ path: 'file', message: 'is not a readable PDF' }],
        });
    }
  }

  return {
    /**
     * Sniffs the bytes (images, UTF-8 text and PDFs with a text layer are accepted; the claimed
     * type is ignored), reads a PDF's text (kept on the row: the model is shown that text, not the
     * PDF), stores the bytes under a fresh random key, then writes the row; a row that fails to
     * write takes the bytes with it.
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
      if (sniffed.kind === 'binary') {
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'Only images (PNG, JPEG, GIF, WebP), PDFs and UTF-8 text files can be attached',
        );
      }
      const extractedText = sniffed.kind === 'pdf' ? await readPdfText(bytes) : null;

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
            extractedText,
          },
          omit: WITHOUT_TEXT,
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

import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { ChatDb } from '@vivier/db';
import type { Logger } from '@vivier/service-kit';
import type { FileStorage } from '@vivier/storage';
import { chatExport } from './transfer-service';

export interface AccountArchiveDeps {
  db: Pick<ChatDb, 'chat' | 'message' | 'file'>;
  storage: Pick<FileStorage, 'get'>;
  logger: Logger;
  /** A client that takes nothing for this long is dropped: a stalled download holds nothing. */
  idleTimeoutMs: number;
}

/** Names come from uploads: one path segment, no separators or control characters. */
function safeSegment(name: string): string {
  const cleaned = Array.from(name, (char) => (char === '/' || char === '\\' || char < ' ' ? '_' : char)).join(
    '',
  );
  return cleaned || 'file';
}

/** The client closed the download: stop reading the database for it. */
class ArchiveAbandoned extends Error {}

/** Chats read per query: a user with thousands of chats is archived in bounded memory. */
const CHATS_PER_PAGE = 50;

/** Formats that are compressed already: stored as they are rather than deflated again. */
const COMPRESSED = /^(image\/(png|jpeg|gif|webp)|application\/(pdf|zip|gzip))$/;

/**
 * Everything a user keeps in Vivier as one zip, streamed as it is built: every chat in the
 * importable JSON of `GET /api/chats/:id/export` (`chats/<id>.json`, archived ones included),
 * the files they uploaded (`files/<id>/<name>`) and an index of those (`files.json`).
 *
 * fflate rather than a bigger archiver: it streams, has no dependencies and ships its types.
 */
export function createAccountArchive(deps: AccountArchiveDeps) {
  const log = deps.logger.child({ component: 'account-archive' });

  /**
   * Waits while the client is slower than the archive is built (memory stays bounded), and stops
   * the building once the client has gone, or has taken nothing for `idleTimeoutMs` (the
   * response is then destroyed, which closes the connection).
   */
  async function pace(out: PassThrough): Promise<void> {
    if (!out.destroyed && out.writableNeedDrain) {
      let timer: NodeJS.Timeout | undefined;
      const stalled = new Promise<'stalled'>((resolve) => {
        timer = setTimeout(() => resolve('stalled'), deps.idleTimeoutMs);
      });
      const outcome = await Promise.race([once(out, 'drain'), once(out, 'close'), stalled]).finally(() =>
        clearTimeout(timer),
      );
      if (outcome === 'stalled') {
        log.warn({ idleTimeoutMs: deps.idleTimeoutMs }, 'export abandoned: the client stopped reading');
        out.destroy(new Error('the client stopped reading the export'));
      }
    }
    if (out.destroyed) throw new ArchiveAbandoned();
  }

  function addEntry(zip: Zip, name: string, bytes: Uint8Array, compress = true): void {
    const entry: ZipDeflate | ZipPassThrough = compress
      ? new ZipDeflate(name, { level: 6 })
      : new ZipPassThrough(name);
    zip.add(entry);
    entry.push(bytes, true);
  }

  async function addStream(
    zip: Zip,
    out: PassThrough,
    name: string,
    body: Readable,
    compress: boolean,
  ): Promise<void> {
    const entry: ZipDeflate | ZipPassThrough = compress
      ? new ZipDeflate(name, { level: 6 })
      : new ZipPassThrough(name);
    zip.add(entry);
    try {
      for await (const chunk of body) {
        entry.push(chunk as Uint8Array);
        await pace(out);
      }
    } finally {
      // Even cut short (storage failed mid-read): an unfinished entry would never let the zip end.
      entry.push(new Uint8Array(0), true);
    }
  }

  async function writeChats(zip: Zip, out: PassThrough, userId: string, exportedAt: Date): Promise<number> {
    let count = 0;
    let cursor: string | undefined;
    for (;;) {
      const chats = await deps.db.chat.findMany({
        // Temporary chats are not saved, so they are not exported either.
        where: { userId, temporary: false },
        orderBy: { id: 'asc' },
        take: CHATS_PER_PAGE,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      for (const chat of chats) {
        const messages = await deps.db.message.findMany({
          where: { chatId: chat.id },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        });
        const body = { ...chatExport(chat, messages, exportedAt), archived: chat.archived };
        addEntry(zip, `chats/${chat.id}.json`, Buffer.from(JSON.stringify(body, null, 2)));
        await pace(out);
        count += 1;
      }
      if (chats.length < CHATS_PER_PAGE) return count;
      cursor = chats.at(-1)!.id;
    }
  }

  async function writeFiles(zip: Zip, out: PassThrough, userId: string): Promise<void> {
    const files = await deps.db.file.findMany({
      where: { userId },
      orderBy: { createdAt: 'asc' },
      select: {
        id: true,
        name: true,
        contentType: true,
        size: true,
        messageId: true,
        storageKey: true,
        createdAt: true,
      },
    });
    const index = [];
    for (const file of files) {
      await pace(out);
      const path = `files/${file.id}/${safeSegment(file.name)}`;
      try {
        const bytes = await deps.storage.get(file.storageKey);
        await addStream(zip, out, path, bytes, !COMPRESSED.test(file.contentType));
        index.push({
          id: file.id,
          name: file.name,
          contentType: file.contentType,
          size: file.size,
          messageId: file.messageId,
          createdAt: file.createdAt.toISOString(),
          path,
        });
      } catch (error) {
        if (error instanceof ArchiveAbandoned) throw error;
        // Bytes lost from storage must not cost the user the rest of their archive.
        log.error({ err: error, fileId: file.id }, 'file bytes missing from the archive');
        index.push({
          id: file.id,
          name: file.name,
          contentType: file.contentType,
          size: file.size,
          messageId: file.messageId,
          createdAt: file.createdAt.toISOString(),
          path: null,
        });
      }
    }
    addEntry(zip, 'files.json', Buffer.from(JSON.stringify(index, null, 2)));
  }

  return {
    /** The archive as a stream; an error while building it ends the stream with that error. */
    archive(userId: string): Readable {
      const out = new PassThrough();
      const zip = new Zip((error, chunk, final) => {
        if (error) {
          out.destroy(error);
          return;
        }
        out.write(chunk);
        if (final) out.end();
      });
      const exportedAt = new Date();
      void (async () => {
        const chats = await writeChats(zip, out, userId, exportedAt);
        await writeFiles(zip, out, userId);
        addEntry(
          zip,
          'README.txt',
          Buffer.from(
            `Vivier export of ${exportedAt.toISOString()}: ${chats} chats.\n` +
              'chats/: one chat per file, importable one by one (POST /api/chats/import, or Import in the app).\n' +
              'files/: the files you uploaded; files.json lists them.\n',
          ),
        );
        zip.end();
      })().catch((error: unknown) => {
        if (error instanceof ArchiveAbandoned) return;
        log.error({ err: error, userId }, 'account archive failed');
        out.destroy(error instanceof Error ? error : new Error(String(error)));
      });
      return out;
    },
  };
}

export type AccountArchive = ReturnType<typeof createAccountArchive>;

import {
  AppError,
  isId,
  KNOWLEDGE_BASES_MAX_PER_USER,
  KNOWLEDGE_FILE_MAX_BYTES,
  KNOWLEDGE_FILES_MAX_PER_BASE,
  type KnowledgeBase,
  type KnowledgeFile,
  type KnowledgeFileStatus,
  type KnowledgeSearchHit,
} from '@vivier/contracts';
import { readGroupIdsOf, type ChatDb } from '@vivier/db';
import {
  embedQuestion,
  isIndexable,
  searchChunks,
  type Embedder,
  type VectorSearchMode,
} from '@vivier/knowledge';
import type { Logger } from '@vivier/service-kit';
import type { KnowledgeQueue } from './knowledge-ingestion';

export interface KnowledgeServiceDeps {
  db: ChatDb;
  queue: Pick<KnowledgeQueue, 'enqueue'>;
  embedder: Embedder | null;
  /** Where vectors are scored: chosen at start-up (prepareVectorStore). */
  vectors: () => VectorSearchMode;
  logger: Logger;
  newId: (kind: 'knowledgeBase') => string;
}

const notFound = () => new AppError('NOT_FOUND', 'Knowledge base not found');
const fileNotFound = () => new AppError('NOT_FOUND', 'File not found');

interface BaseRow {
  id: string;
  name: string;
  userId: string;
  groupIds: string[];
  createdAt: Date;
  updatedAt: Date;
  _count: { files: number };
}

const toBaseView = (row: BaseRow, userId: string): KnowledgeBase => ({
  id: row.id,
  name: row.name,
  fileCount: row._count.files,
  owned: row.userId === userId,
  groupIds: row.groupIds,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** Longest excerpt a search hit shows (the passage is at most ~1 200 characters anyway). */
const EXCERPT_CHARS = 1_500;

export function createKnowledgeService(deps: KnowledgeServiceDeps) {
  const { db } = deps;
  const withCount = { _count: { select: { files: true } } } as const;

  /** A base the caller may read (own, or shared with one of their groups), or 404. */
  async function findReadable(userId: string, baseId: string): Promise<BaseRow> {
    if (!isId('knowledgeBase', baseId)) throw notFound();
    const groupIds = await readGroupIdsOf(db, userId);
    const row = await db.knowledgeBase.findFirst({
      where: {
        id: baseId,
        OR: [{ userId }, ...(groupIds.length ? [{ groupIds: { hasSome: groupIds } }] : [])],
      },
      include: withCount,
    });
    if (!row) throw notFound();
    return row;
  }

  /** A base the caller may change: only its owner. A member of a group it is shared with reads it only. */
  async function findOwned(userId: string, baseId: string): Promise<BaseRow> {
    const row = await findReadable(userId, baseId);
    if (row.userId !== userId) {
      throw new AppError(
        'FORBIDDEN',
        'This knowledge base is shared with you to read; only its owner can change it',
      );
    }
    return row;
  }

  return {
    async listBases(userId: string): Promise<KnowledgeBase[]> {
      const groupIds = await readGroupIdsOf(db, userId);
      const rows = await db.knowledgeBase.findMany({
        where: { OR: [{ userId }, ...(groupIds.length ? [{ groupIds: { hasSome: groupIds } }] : [])] },
        include: withCount,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      });
      return rows.map((row) => toBaseView(row, userId));
    },

    async getBase(userId: string, baseId: string): Promise<KnowledgeBase> {
      return toBaseView(await findReadable(userId, baseId), userId);
    },

    async createBase(userId: string, name: string): Promise<KnowledgeBase> {
      const count = await db.knowledgeBase.count({ where: { userId } });
      if (count >= KNOWLEDGE_BASES_MAX_PER_USER) {
        throw new AppError(
          'CONFLICT',
          `You can keep at most ${KNOWLEDGE_BASES_MAX_PER_USER} knowledge bases`,
        );
      }
      const row = await db.knowledgeBase.create({
        data: { id: deps.newId('knowledgeBase'), userId, name },
        include: withCount,
      });
      deps.logger.info({ knowledgeBaseId: row.id, userId }, 'knowledge base created');
      return toBaseView(row, userId);
    },

    async renameBase(userId: string, baseId: string, name: string): Promise<KnowledgeBase> {
      const row = await findOwned(userId, baseId);
      const updated = await db.knowledgeBase.update({
        where: { id: row.id },
        data: { name },
        include: withCount,
      });
      return toBaseView(updated, userId);
    },

    /** The base, its files' entries and all their passages (cascade); the uploaded Files stay the user's. */
    async deleteBase(userId: string, baseId: string): Promise<void> {
      const row = await findOwned(userId, baseId);
      await db.knowledgeBase.deleteMany({ where: { id: row.id, userId } });
      deps.logger.info({ knowledgeBaseId: row.id, userId }, 'knowledge base deleted');
    },

    async listFiles(userId: string, baseId: string): Promise<KnowledgeFile[]> {
      const base = await findReadable(userId, baseId);
      const rows = await db.knowledgeFile.findMany({
        where: { knowledgeBaseId: base.id },
        include: { file: { select: { name: true } } },
        orderBy: [{ createdAt: 'asc' }, { fileId: 'asc' }],
      });
      return rows.map((row) => ({
        fileId: row.fileId,
        name: row.file.name,
        status: row.status as KnowledgeFileStatus,
        chunks: row.chunks,
        indexedChunks: row.indexedChunks,
        error: row.error,
        updatedAt: row.updatedAt.toISOString(),
      }));
    },

    /**
     * Queues the caller's uploaded File for indexing. Adding it again re-indexes it: the version
     * grows, the older job stops, and the new passages replace the old ones when they are ready.
     */
    async addFile(userId: string, baseId: string, fileId: string): Promise<KnowledgeFile> {
      const base = await findOwned(userId, baseId);
      if (!isId('file', fileId)) throw fileNotFound();
      const file = await db.file.findFirst({
        where: { id: fileId, userId },
        select: { id: true, name: true, size: true, contentType: true },
      });
      if (!file) throw fileNotFound();
      if (file.size > KNOWLEDGE_FILE_MAX_BYTES) {
        throw new AppError(
          'PAYLOAD_TOO_LARGE',
          `A knowledge base takes files up to ${KNOWLEDGE_FILE_MAX_BYTES / 1024 / 1024} MiB`,
        );
      }
      if (!isIndexable(file.contentType, file.name)) {
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'Only text, Markdown, HTML, PDF and DOCX files can be added to a knowledge base',
        );
      }
      const row = await db.$transaction(async (tx) => {
        const existing = await tx.knowledgeFile.findUnique({
          where: { knowledgeBaseId_fileId: { knowledgeBaseId: base.id, fileId } },
        });
        if (existing) {
          return tx.knowledgeFile.update({
            where: { knowledgeBaseId_fileId: { knowledgeBaseId: base.id, fileId } },
            data: { status: 'queued', version: { increment: 1 }, chunks: 0, indexedChunks: 0, error: null },
          });
        }
        const count = await tx.knowledgeFile.count({ where: { knowledgeBaseId: base.id } });
        if (count >= KNOWLEDGE_FILES_MAX_PER_BASE) {
          throw new AppError(
            'CONFLICT',
            `A knowledge base holds at most ${KNOWLEDGE_FILES_MAX_PER_BASE} files`,
          );
        }
        return tx.knowledgeFile.create({ data: { knowledgeBaseId: base.id, fileId } });
      });
      await deps.queue.enqueue({ knowledgeBaseId: base.id, fileId, version: row.version });
      deps.logger.info({ knowledgeBaseId: base.id, fileId, version: row.version }, 'knowledge file queued');
      return {
        fileId,
        name: file.name,
        status: 'queued',
        chunks: 0,
        indexedChunks: 0,
        error: null,
        updatedAt: row.updatedAt.toISOString(),
      };
    },

    /**
     * Indexes a file of the base again (the Retry of a failed one): a new version and a new job,
     * as a re-add does. 404 when the file is not in the caller's own base.
     */
    async retryFile(userId: string, baseId: string, fileId: string): Promise<KnowledgeFile> {
      const base = await findOwned(userId, baseId);
      if (!isId('file', fileId)) throw fileNotFound();
      const key = { knowledgeBaseId_fileId: { knowledgeBaseId: base.id, fileId } };
      if (!(await db.knowledgeFile.findUnique({ where: key, select: { fileId: true } }))) {
        throw fileNotFound();
      }
      const row = await db.knowledgeFile.update({
        where: key,
        data: { status: 'queued', version: { increment: 1 }, chunks: 0, indexedChunks: 0, error: null },
        include: { file: { select: { name: true } } },
      });
      await deps.queue.enqueue({ knowledgeBaseId: base.id, fileId, version: row.version });
      deps.logger.info({ knowledgeBaseId: base.id, fileId, version: row.version }, 'knowledge file retried');
      return {
        fileId,
        name: row.file.name,
        status: 'queued',
        chunks: 0,
        indexedChunks: 0,
        error: null,
        updatedAt: row.updatedAt.toISOString(),
      };
    },

    /** Takes the file out of the base with its passages; the upload itself stays. */
    async removeFile(userId: string, baseId: string, fileId: string): Promise<void> {
      const base = await findOwned(userId, baseId);
      const { count } = await db.knowledgeFile.deleteMany({ where: { knowledgeBaseId: base.id, fileId } });
      if (count === 0) throw fileNotFound();
    },

    async search(
      userId: string,
      baseId: string,
      query: string,
      limit: number,
    ): Promise<KnowledgeSearchHit[]> {
      const base = await findReadable(userId, baseId);
      const queryVector = await embedQuestion(deps.embedder, query, (error) =>
        deps.logger.warn({ err: error }, 'could not embed the search query; full-text results only'),
      );
      const hits = await searchChunks(db, {
        baseIds: [base.id],
        query,
        queryVector,
        limit,
        vectors: deps.vectors(),
      });
      return hits.map((hit) => ({
        fileId: hit.fileId,
        name: hit.fileName,
        heading: hit.heading,
        excerpt: hit.content.slice(0, EXCERPT_CHARS),
        score: hit.score,
      }));
    },
  };
}

export type KnowledgeService = ReturnType<typeof createKnowledgeService>;

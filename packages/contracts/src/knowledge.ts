import { z } from 'zod';
import { AccessGroupIds } from './access';
import { text } from './common';

/** Knowledge bases one user may own. */
export const KNOWLEDGE_BASES_MAX_PER_USER = 50;
/** Files one knowledge base may hold. */
export const KNOWLEDGE_FILES_MAX_PER_BASE = 100;
/** Passages one file is cut into at most; a longer file fails ingestion with a clear error. */
export const KNOWLEDGE_CHUNKS_MAX_PER_FILE = 2_000;
/** Bytes of one file a knowledge base accepts (the upload limit may be lower). */
export const KNOWLEDGE_FILE_MAX_BYTES = 20 * 1024 * 1024;
export const KNOWLEDGE_SEARCH_MAX_RESULTS = 20;

export const KnowledgeFileStatus = z.enum(['queued', 'indexing', 'ready', 'failed']);
export type KnowledgeFileStatus = z.infer<typeof KnowledgeFileStatus>;

export const KnowledgeBase = z.object({
  id: z.string(),
  name: z.string(),
  fileCount: z.number().int().min(0),
  /** False for a base an admin shared with one of the caller's groups: readable, not changeable. */
  owned: z.boolean(),
  /** Groups an admin shared it with (empty when private). */
  groupIds: z.array(z.string()),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type KnowledgeBase = z.infer<typeof KnowledgeBase>;

export const KnowledgeBaseList = z.object({
  items: z.array(KnowledgeBase),
  nextCursor: z.string().nullable(),
});
export type KnowledgeBaseList = z.infer<typeof KnowledgeBaseList>;

const baseName = text(100).refine((value) => value.trim().length > 0, 'must not be blank');

export const CreateKnowledgeBaseRequest = z.object({ name: baseName });
export type CreateKnowledgeBaseRequest = z.infer<typeof CreateKnowledgeBaseRequest>;

export const UpdateKnowledgeBaseRequest = z.object({ name: baseName });
export type UpdateKnowledgeBaseRequest = z.infer<typeof UpdateKnowledgeBaseRequest>;

export const AddKnowledgeFileRequest = z.object({ fileId: z.string().max(64) });
export type AddKnowledgeFileRequest = z.infer<typeof AddKnowledgeFileRequest>;

export const KnowledgeFileParams = z.object({ id: z.string(), fileId: z.string() });
export type KnowledgeFileParams = z.infer<typeof KnowledgeFileParams>;

export const KnowledgeFile = z.object({
  fileId: z.string(),
  name: z.string(),
  status: KnowledgeFileStatus,
  /** Passages the file was cut into, and how many are embedded and searchable so far. */
  chunks: z.number().int().min(0),
  indexedChunks: z.number().int().min(0),
  /** Why ingestion failed, in words for the user; null otherwise. */
  error: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});
export type KnowledgeFile = z.infer<typeof KnowledgeFile>;

export const KnowledgeFileList = z.object({ items: z.array(KnowledgeFile) });
export type KnowledgeFileList = z.infer<typeof KnowledgeFileList>;

export const KnowledgeSearchRequest = z.object({
  query: text(2_000).refine((value) => value.trim().length > 0, 'must not be blank'),
  limit: z.number().int().min(1).max(KNOWLEDGE_SEARCH_MAX_RESULTS).default(5),
});
export type KnowledgeSearchRequest = z.infer<typeof KnowledgeSearchRequest>;

export const KnowledgeSearchHit = z.object({
  fileId: z.string(),
  /** The file's name, to show beside the passage. */
  name: z.string(),
  heading: z.string().nullable(),
  excerpt: z.string(),
  /** Reciprocal-rank-fusion score of the full-text and vector rankings: higher is better. */
  score: z.number(),
});
export type KnowledgeSearchHit = z.infer<typeof KnowledgeSearchHit>;

export const KnowledgeSearchResponse = z.object({ items: z.array(KnowledgeSearchHit) });
export type KnowledgeSearchResponse = z.infer<typeof KnowledgeSearchResponse>;

/** `PUT /api/admin/knowledge/:id/groups`: the groups whose members may read and search a base. */
export const ShareKnowledgeBaseRequest = z.object({ groupIds: AccessGroupIds });
export type ShareKnowledgeBaseRequest = z.infer<typeof ShareKnowledgeBaseRequest>;

/** What admin-service lists: every base, with its owner, to share. */
export const AdminKnowledgeBase = z.object({
  id: z.string(),
  name: z.string(),
  userId: z.string(),
  groupIds: z.array(z.string()),
  createdAt: z.iso.datetime(),
});
export const AdminKnowledgeBaseList = z.object({ items: z.array(AdminKnowledgeBase) });
export type AdminKnowledgeBase = z.infer<typeof AdminKnowledgeBase>;
export type AdminKnowledgeBaseList = z.infer<typeof AdminKnowledgeBaseList>;

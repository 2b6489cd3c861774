export { chunkText, type TextChunk, type ChunkOptions } from './chunk-text';
export { cosineSimilarity, fuseRankings, RRF_K } from './rank-fusion';
export { extractText, isIndexable, UnsupportedDocumentError } from './extract-text';
export {
  createEmbedder,
  embedQuestion,
  embeddingTargetFromEnv,
  knowledgeEnv,
  EMBED_BATCH_SIZE,
  type Embedder,
  type EmbeddingTarget,
  type KnowledgeEnv,
} from './embedder';
export { readableBases, type ReadableBase } from './readable-bases';
export { searchChunks, VECTOR_SCAN_LIMIT, type ChunkHit, type SearchDb } from './search-chunks';
export {
  cachedVectorMode,
  ensureVectorIndex,
  prepareVectorStore,
  readVectorMode,
  type VectorMode,
  type VectorSearchMode,
} from './vector-mode';
export {
  ingestKnowledgeFile,
  IngestError,
  RetryableIngestError,
  type IngestAttempt,
  type IngestDeps,
  type IngestJob,
  type IngestOutcome,
} from './ingest-file';
export { buildKnowledgePrompt, type KnowledgePrompt } from './knowledge-prompt';
export { embeddingInput, toChunkRows } from './chunk-rows';

import type { TextChunk } from './chunk-text';

/** What is embedded for a passage: its heading too, so "Vacation" finds the passage under it. */
export const embeddingInput = (chunk: TextChunk) =>
  chunk.heading ? `${chunk.heading}\n\n${chunk.content}` : chunk.content;

/** The KnowledgeChunk rows of one file's passages, in order, with their vectors (none: `[]`). */
export function toChunkRows(input: {
  knowledgeBaseId: string;
  fileId: string;
  chunks: readonly TextChunk[];
  vectors: readonly number[][];
  newChunkId: () => string;
}) {
  return input.chunks.map((chunk, ordinal) => ({
    id: input.newChunkId(),
    knowledgeBaseId: input.knowledgeBaseId,
    fileId: input.fileId,
    ordinal,
    heading: chunk.heading,
    content: chunk.content,
    embedding: [...(input.vectors[ordinal] ?? [])],
  }));
}

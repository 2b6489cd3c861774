import type { ChatDb } from '@vivier/db';
import {
  buildKnowledgePrompt,
  embedQuestion,
  readableBases,
  searchChunks,
  type Embedder,
  type KnowledgePrompt,
  type VectorSearchMode,
} from '@vivier/knowledge';
import type { Logger } from '@vivier/service-kit';

/** What retrieval for a prompt needs: the index, the embedding model, a logger. */
export interface KnowledgeSource {
  db: Pick<ChatDb, 'knowledgeBase' | 'knowledgeChunk' | 'file' | '$queryRaw' | '$transaction'>;
  embedder: Embedder | null;
  /** pgvector once chat-service has set it up, else the fallback (cachedVectorMode). */
  vectors: () => Promise<VectorSearchMode>;
  logger: Logger;
}

/** Passages retrieved per question, before the context budget cuts them. */
const PASSAGES_PER_QUESTION = 8;
/** Share of the model's context window the sources may take, and a ceiling in characters. */
const CONTEXT_SHARE = 0.25;
const MAX_SOURCE_CHARS = 24_000;
/** The usual ~4 characters per token of English text (tokens.ts estimates the same way). */
const CHARS_PER_TOKEN = 4;

/**
 * The knowledge block for a prompt: the chat's bases that its user may read *now* (ownership and
 * group shares are checked again here, not trusted from the chat's settings), searched with the
 * question, within a share of the model's context window. Null when there is nothing to add.
 */
export async function retrieveKnowledge(
  source: KnowledgeSource,
  input: { userId: string; knowledgeIds: readonly string[]; question: string; contextWindow: number },
): Promise<KnowledgePrompt | null> {
  if (input.knowledgeIds.length === 0 || input.question.trim() === '') return null;
  const bases = await readableBases(source.db, input.userId, input.knowledgeIds);
  if (bases.length < new Set(input.knowledgeIds).size) {
    source.logger.warn(
      { requested: input.knowledgeIds.length, readable: bases.length },
      'chat names knowledge bases its user may not read; they are left out',
    );
  }
  if (bases.length === 0) return null;
  const queryVector = await embedQuestion(source.embedder, input.question, (error) =>
    source.logger.warn({ err: error }, 'could not embed the question; retrieving by full text only'),
  );
  const hits = await searchChunks(source.db, {
    baseIds: bases.map((base) => base.id),
    query: input.question,
    queryVector,
    limit: PASSAGES_PER_QUESTION,
    vectors: await source.vectors(),
  });
  const budgetChars = Math.min(
    MAX_SOURCE_CHARS,
    Math.floor(input.contextWindow * CONTEXT_SHARE * CHARS_PER_TOKEN),
  );
  return buildKnowledgePrompt(hits, budgetChars);
}

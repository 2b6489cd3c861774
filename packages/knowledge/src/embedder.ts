import { z } from 'zod';
import type { EmbedResult, ProviderEnv, ProviderRegistry } from '@vivier/providers';

/**
 * Which model embeds knowledge passages and questions. Unset, the first env provider with an
 * embeddings API is used with its usual embedding model (the Offline demo's fake LLM has one).
 */
export const knowledgeEnv = {
  /** A provider as a chat names it: `openai`, `google`, `openai-compatible`, or an admin row's `prv_…` id. */
  KNOWLEDGE_EMBEDDING_PROVIDER: z.string().min(1).optional(),
  KNOWLEDGE_EMBEDDING_MODEL: z.string().min(1).optional(),
  /** `auto`: pgvector when the server has it, else the `real[]` fallback; `array` forces the fallback. */
  KNOWLEDGE_VECTORS: z.enum(['auto', 'array']).default('auto'),
};
export type KnowledgeEnv = z.infer<z.ZodObject<typeof knowledgeEnv>>;

export interface EmbeddingTarget {
  provider: string;
  model: string;
}

const DEFAULT_EMBEDDING_MODELS = {
  openai: 'text-embedding-3-small',
  google: 'gemini-embedding-001',
  // Ollama's usual embedding model; the fake LLM embeds whatever model is named.
  'openai-compatible': 'nomic-embed-text',
} as const;

export function embeddingTargetFromEnv(
  env: ProviderEnv & Omit<KnowledgeEnv, 'KNOWLEDGE_VECTORS'>,
): EmbeddingTarget | null {
  if (env.KNOWLEDGE_EMBEDDING_PROVIDER) {
    const kind = env.KNOWLEDGE_EMBEDDING_PROVIDER as keyof typeof DEFAULT_EMBEDDING_MODELS;
    const model = env.KNOWLEDGE_EMBEDDING_MODEL ?? DEFAULT_EMBEDDING_MODELS[kind];
    return model ? { provider: env.KNOWLEDGE_EMBEDDING_PROVIDER, model } : null;
  }
  const kind = env.OPENAI_API_KEY
    ? 'openai'
    : env.GOOGLE_API_KEY
      ? 'google'
      : env.OPENAI_COMPATIBLE_BASE_URL || env.OFFLINE_DEMO_URL
        ? 'openai-compatible'
        : null;
  if (!kind) return null;
  return { provider: kind, model: env.KNOWLEDGE_EMBEDDING_MODEL ?? DEFAULT_EMBEDDING_MODELS[kind] };
}

/** Texts per embeddings call: well under every provider's per-request cap (OpenAI 2 048, Gemini 100). */
export const EMBED_BATCH_SIZE = 64;

export interface Embedder {
  /** `provider/model`, stored beside the vectors it made. */
  readonly name: string;
  /** One vector per text, in order, in batches of EMBED_BATCH_SIZE. */
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}

/** Null when no embedding model is configured: retrieval is then full-text only. */
export function createEmbedder(
  registry: Pick<ProviderRegistry, 'resolve'>,
  target: EmbeddingTarget | null,
): Embedder | null {
  if (!target) return null;
  return {
    name: `${target.provider}/${target.model}`,
    async embed(texts, signal) {
      const resolved = await registry.resolve(target.provider);
      const embed = resolved?.provider.embed?.bind(resolved.provider);
      if (!embed) throw new Error(`provider "${target.provider}" has no embeddings API`);
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += EMBED_BATCH_SIZE) {
        const batch = texts.slice(start, start + EMBED_BATCH_SIZE);
        const result: EmbedResult = await embed({ model: target.model, inputs: batch }, { signal });
        vectors.push(...result.vectors);
      }
      return vectors;
    },
  };
}

/** A question's time to embed before retrieval goes on with full text alone. */
const QUESTION_EMBED_TIMEOUT_MS = 15_000;

/** The question's vector, or null (full-text ranking only) without a model or when the call fails. */
export async function embedQuestion(
  embedder: Embedder | null,
  question: string,
  onError: (error: unknown) => void,
): Promise<number[] | null> {
  if (!embedder) return null;
  try {
    const [vector] = await embedder.embed([question], AbortSignal.timeout(QUESTION_EMBED_TIMEOUT_MS));
    return vector ?? null;
  } catch (error) {
    onError(error);
    return null;
  }
}

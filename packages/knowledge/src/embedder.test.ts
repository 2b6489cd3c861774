import { describe, expect, it } from 'vitest';
import { embeddingTargetFromEnv } from './embedder';

describe('embeddingTargetFromEnv', () => {
  it('uses the configured provider and model', () => {
    expect(
      embeddingTargetFromEnv({
        KNOWLEDGE_EMBEDDING_PROVIDER: 'prv_abc',
        KNOWLEDGE_EMBEDDING_MODEL: 'bge-m3',
      }),
    ).toEqual({ provider: 'prv_abc', model: 'bge-m3' });
    expect(embeddingTargetFromEnv({ KNOWLEDGE_EMBEDDING_PROVIDER: 'google' })).toEqual({
      provider: 'google',
      model: 'gemini-embedding-001',
    });
  });

  it('defaults to the first env provider with an embeddings API: OpenAI, Gemini, then OpenAI-compatible', () => {
    expect(
      embeddingTargetFromEnv({ ANTHROPIC_API_KEY: 'a', GOOGLE_API_KEY: 'g', OPENAI_API_KEY: 'o' }),
    ).toEqual({
      provider: 'openai',
      model: 'text-embedding-3-small',
    });
    expect(embeddingTargetFromEnv({ ANTHROPIC_API_KEY: 'a', GOOGLE_API_KEY: 'g' })?.provider).toBe('google');
    expect(embeddingTargetFromEnv({ OFFLINE_DEMO_URL: 'http://127.0.0.1:1' })?.provider).toBe(
      'openai-compatible',
    );
  });

  it('is null with nothing that embeds (Anthropic alone): retrieval is then full text only', () => {
    expect(embeddingTargetFromEnv({ ANTHROPIC_API_KEY: 'a' })).toBeNull();
    expect(embeddingTargetFromEnv({ KNOWLEDGE_EMBEDDING_PROVIDER: 'prv_abc' })).toBeNull();
  });
});

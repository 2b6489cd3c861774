import { fakeEmbedding, startFakeLlm, type FakeLlm } from '@vivier/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGoogleProvider } from './google-provider';
import { createOpenAICompatibleProvider } from './openai-compatible-provider';
import { createOpenAIProvider } from './openai-provider';
import { FAST_RETRIES } from './testing/provider-contract';
import type { AIProvider } from './types';

describe('embeddings through each SDK against the fake LLM', () => {
  let fake: FakeLlm;
  beforeAll(async () => {
    fake = await startFakeLlm({ tokenDelayMs: 0 });
  });
  afterAll(async () => {
    await fake.close();
  });

  const providers: Array<[string, () => AIProvider, string]> = [
    [
      'openai',
      () => createOpenAIProvider({ apiKey: 'k', baseUrl: fake.openaiBaseUrl, ...FAST_RETRIES }),
      '/v1/embeddings',
    ],
    [
      'openai-compatible',
      () => createOpenAICompatibleProvider({ baseUrl: fake.openaiBaseUrl, ...FAST_RETRIES }),
      '/v1/embeddings',
    ],
    [
      'google',
      () => createGoogleProvider({ apiKey: 'k', baseUrl: fake.url, ...FAST_RETRIES }),
      ':batchEmbedContents',
    ],
  ];

  it.each(providers)('%s returns one vector per input, in order', async (_kind, create, path) => {
    const inputs = ['Employees get thirty vacation days.', 'The printer needs toner.'];
    const result = await create().embed!({ model: 'text-embedding-test', inputs });
    expect(result.vectors).toHaveLength(2);
    result.vectors.forEach((vector, index) => {
      const expected = fakeEmbedding(inputs[index]!);
      vector.forEach((value, dimension) => expect(value).toBeCloseTo(expected[dimension]!, 5));
    });
    expect(fake.requests.at(-1)?.path).toContain(path);
  });

  it('anthropic has no embeddings API', async () => {
    const { createAnthropicProvider } = await import('./anthropic-provider');
    expect('embed' in createAnthropicProvider({ apiKey: 'k', baseUrl: fake.url })).toBe(false);
  });
});

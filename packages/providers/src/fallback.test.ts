import { fakeReply, startFakeLlm, type FakeLlm } from '@vivier/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProviderError } from './errors';
import { createAnthropicProvider } from './anthropic-provider';
import { withFallback } from './fallback';
import { createOpenAICompatibleProvider } from './openai-compatible-provider';
import { collectStream } from './testing/collect-stream';
import { userRequest } from './testing/provider-contract';

/** A fetch that asks the fake for a fault on every request, as a broken upstream would answer. */
function faultyFetch(fault: string): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('x-fake-fault', fault);
    return fetch(input, { ...init, headers });
  };
}

describe('withFallback', () => {
  let fake: FakeLlm;
  beforeAll(async () => {
    fake = await startFakeLlm({ tokenDelayMs: 0 });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('answers with the fallback model when the primary is unavailable before any output', async () => {
    const primary = createOpenAICompatibleProvider({
      baseUrl: fake.openaiBaseUrl,
      fetch: faultyFetch('500'),
      maxRetries: 1,
      retryBaseDelayMs: 5,
    });
    const fallbackProvider = createAnthropicProvider({ apiKey: 'sk-ant', baseUrl: fake.url, maxRetries: 0 });
    const switched: string[] = [];
    const provider = withFallback(
      primary,
      { provider: fallbackProvider, model: 'claude-haiku-4-5' },
      { onFallback: (_error, target) => switched.push(`${target.kind}:${target.model}`) },
    );
    const prompt = 'Are you there?';
    const result = await collectStream(provider.stream(userRequest('fake', prompt)));
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(fakeReply(prompt));
    expect(result.usage?.model).toBe('claude-haiku-4-5');
    expect(switched).toEqual(['anthropic:claude-haiku-4-5']);
    expect(
      fake.requests.filter((request) => request.lastUserText === prompt).map((request) => request.api),
    ).toEqual(['openai', 'openai', 'anthropic']);
    // Priced with the provider that answered.
    expect(provider.calculateCost('claude-haiku-4-5', { inputTokens: 1_000_000, outputTokens: 0 })).toBe(
      1_000_000,
    );
  });

  it('does not fall back on errors another model would repeat, nor after output started', async () => {
    const fallback = { model: 'fake' };
    const auth = withFallback(
      createOpenAICompatibleProvider({ baseUrl: fake.openaiBaseUrl, apiKey: 'bad-key', maxRetries: 0 }),
      fallback,
    );
    const rejected = await collectStream(auth.stream(userRequest('fake', 'auth fails')));
    expect(isProviderError(rejected.error) && rejected.error.code).toBe('PROVIDER_AUTH');

    const dropping = withFallback(
      createOpenAICompatibleProvider({ baseUrl: fake.openaiBaseUrl, maxRetries: 0 }),
      fallback,
    );
    const dropped = await collectStream(dropping.stream(userRequest('fake', '[[fault:drop]] midway')));
    expect(isProviderError(dropped.error) && dropped.error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(dropped.text.length).toBeGreaterThan(0);
    expect(fake.requests.filter((request) => request.lastUserText === '[[fault:drop]] midway')).toHaveLength(
      1,
    );
  });
});

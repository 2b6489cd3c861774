import { fakeReply, startFakeLlm, type FakeLlm } from '@vivier/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProvider } from './create-provider';
import { collectStream } from './testing/collect-stream';
import { userRequest } from './testing/provider-contract';

describe('createProvider', () => {
  let fake: FakeLlm;
  beforeAll(async () => {
    fake = await startFakeLlm({ tokenDelayMs: 0 });
  });
  afterAll(async () => {
    await fake.close();
  });

  it.each([
    ['openai', 'gpt-5.4-mini', 'openai', () => fake.openaiBaseUrl],
    ['anthropic', 'claude-haiku-4-5', 'anthropic', () => fake.url],
    ['google', 'gemini-2.5-flash', 'gemini', () => fake.url],
    ['openai-compatible', 'fake', 'openai', () => fake.openaiBaseUrl],
  ] as const)('builds a %s provider speaking its own wire format', async (kind, model, api, baseUrl) => {
    const provider = createProvider({ kind, apiKey: 'key', baseUrl: baseUrl() });
    expect(provider.kind).toBe(kind);
    const prompt = `hello from ${kind}`;
    const result = await collectStream(provider.stream(userRequest(model, prompt)));
    expect(result.text).toBe(fakeReply(prompt));
    expect(fake.requests.at(-1)?.api).toBe(api);
  });

  it('refuses an invalid configuration', () => {
    expect(() => createProvider({ kind: 'openai-compatible' })).toThrow(/baseUrl/);
    expect(() => createProvider({ kind: 'openai', baseUrl: 'not a url' })).toThrow();
    expect(() => createProvider({ kind: 'nope' as 'openai' })).toThrow();
  });

  it('wraps the provider with its fallback model when configured', async () => {
    const provider = createProvider({
      kind: 'openai-compatible',
      baseUrl: fake.openaiBaseUrl,
      maxRetries: 0,
      fallbackModel: 'fake-small',
      // The primary model always fails with a 500; the fallback model does not.
      fetch: async (input, init) => {
        const body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as { model?: string };
        const headers = new Headers(init?.headers);
        if (body.model === 'fake') headers.set('x-fake-fault', '500');
        return fetch(input, { ...init, headers });
      },
    });
    const result = await collectStream(provider.stream(userRequest('fake', 'fall back please')));
    expect(result.text).toBe(fakeReply('fall back please'));
    expect(result.usage?.model).toBe('fake-small');
  });
});

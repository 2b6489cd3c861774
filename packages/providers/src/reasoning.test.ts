import { fakeReasoning, fakeReply, startFakeLlm, type FakeLlm } from '@vivier/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnthropicProvider } from './anthropic-provider';
import { createGoogleProvider } from './google-provider';
import { createOpenAICompatibleProvider } from './openai-compatible-provider';
import { createOpenAIProvider } from './openai-provider';
import { THINKING_BUDGET_TOKENS } from './reasoning-effort';
import { collectStream } from './testing/collect-stream';
import { FAST_RETRIES, userRequest } from './testing/provider-contract';
import type { AIProvider } from './types';

/** Each adapter against the fake speaking that provider's thinking format (issue 17). */
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
    () => createOpenAIProvider({ apiKey: 'sk-test', baseUrl: fake.openaiBaseUrl, ...FAST_RETRIES }),
    'o4-mini',
  ],
  [
    'openai-compatible',
    () => createOpenAICompatibleProvider({ baseUrl: fake.openaiBaseUrl, ...FAST_RETRIES }),
    'fake-thinking',
  ],
  [
    'anthropic',
    () => createAnthropicProvider({ apiKey: 'sk-ant-test', baseUrl: fake.url, ...FAST_RETRIES }),
    'claude-sonnet-4-6',
  ],
  [
    'google',
    () => createGoogleProvider({ apiKey: 'gemini-test-key', baseUrl: fake.url, ...FAST_RETRIES }),
    'gemini-2.5-flash',
  ],
];

const bodyOf = (prompt: string) => fake.requests.findLast((request) => request.lastUserText === prompt)?.body;

describe.each(providers)('%s reasoning', (kind, create, model) => {
  it('streams [[think:N]] thinking as reasoning events before the answer, apart from it', async () => {
    const prompt = `Why is the sky blue? ${kind} [[think:20]]`;
    const result = await collectStream(create().stream(userRequest(model, prompt)));
    expect(result.error).toBeUndefined();
    expect(result.reasoning).toBe(fakeReasoning(prompt));
    expect(result.reasoning.split(' ')).toHaveLength(20);
    expect(result.text).toBe(fakeReply(prompt));
    const firstText = result.events.findIndex((event) => event.type === 'text');
    const lastReasoning = result.events.findLastIndex((event) => event.type === 'reasoning');
    expect(lastReasoning).toBeLessThan(firstText);
    // Every provider bills thinking as output.
    expect(result.usage?.outputTokens).toBeGreaterThanOrEqual(20 + fakeReply(prompt).split(' ').length);
  });

  it('sends a high effort in the wire format the fake (like the real API) accepts', async () => {
    const prompt = `Plan a route ${kind}`;
    const result = await collectStream(
      create().stream({ ...userRequest(model, prompt), reasoningEffort: 'high', temperature: 0.5 }),
    );
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(fakeReply(prompt));
    const body = bodyOf(prompt) as Record<string, unknown>;
    if (kind === 'openai' || kind === 'openai-compatible') expect(body.reasoning_effort).toBe('high');
    if (kind === 'anthropic') {
      expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: THINKING_BUDGET_TOKENS.high });
      expect(body.max_tokens).toBeGreaterThan(THINKING_BUDGET_TOKENS.high);
      expect(body).not.toHaveProperty('temperature');
    }
    if (kind === 'google') {
      expect(body.generationConfig).toMatchObject({
        thinkingConfig: { includeThoughts: true, thinkingBudget: THINKING_BUDGET_TOKENS.high },
      });
    }
  });
});

describe('reasoning details per provider', () => {
  it('openai: reports reasoning tokens from completion_tokens_details', async () => {
    const prompt = 'Count the stones [[think:9]]';
    const provider = createOpenAIProvider({
      apiKey: 'sk-test',
      baseUrl: fake.openaiBaseUrl,
      ...FAST_RETRIES,
    });
    const result = await collectStream(provider.stream(userRequest('o3', prompt)));
    expect(result.usage?.reasoningTokens).toBe(9);
    const completed = await provider.complete(userRequest('o3', prompt));
    expect(completed.usage.reasoningTokens).toBe(9);
  });

  it('openai: sends no reasoning_effort to a model that is not a reasoning model', async () => {
    const prompt = 'Plain model, plain request';
    const provider = createOpenAIProvider({
      apiKey: 'sk-test',
      baseUrl: fake.openaiBaseUrl,
      ...FAST_RETRIES,
    });
    await collectStream(provider.stream({ ...userRequest('gpt-4.1', prompt), reasoningEffort: 'low' }));
    expect(bodyOf(prompt)).not.toHaveProperty('reasoning_effort');
  });

  it('google: reports thought tokens as reasoning tokens', async () => {
    const prompt = 'Think about winter [[think:7]]';
    const provider = createGoogleProvider({ apiKey: 'gemini-test-key', baseUrl: fake.url, ...FAST_RETRIES });
    const result = await collectStream(provider.stream(userRequest('gemini-2.5-flash', prompt)));
    expect(result.usage?.reasoningTokens).toBe(7);
  });

  it('anthropic: a second turn after a thinking answer is accepted (earlier thinking is not sent back)', async () => {
    const first = 'First question [[think:5]]';
    const provider = createAnthropicProvider({ apiKey: 'sk-ant-test', baseUrl: fake.url, ...FAST_RETRIES });
    const answer = await provider.complete({
      ...userRequest('claude-opus-4-6', first),
      reasoningEffort: 'low',
    });
    expect(answer.reasoning).toBe(fakeReasoning(first));
    const second = 'Second question [[think:5]]';
    const result = await collectStream(
      provider.stream({
        model: 'claude-opus-4-6',
        reasoningEffort: 'low',
        messages: [
          { role: 'user', content: first },
          { role: 'assistant', content: answer.text },
          { role: 'user', content: second },
        ],
      }),
    );
    expect(result.error).toBeUndefined();
    expect(result.reasoning).toBe(fakeReasoning(second));
  });

  it('anthropic: keeps a small max_tokens valid by growing it past the thinking budget', async () => {
    const prompt = 'Short answer please';
    const provider = createAnthropicProvider({ apiKey: 'sk-ant-test', baseUrl: fake.url, ...FAST_RETRIES });
    const result = await collectStream(
      provider.stream({ ...userRequest('claude-haiku-4-5', prompt), maxTokens: 50, reasoningEffort: 'low' }),
    );
    expect(result.error).toBeUndefined();
    expect(bodyOf(prompt)).toMatchObject({
      max_tokens: THINKING_BUDGET_TOKENS.low + 50,
      thinking: { budget_tokens: THINKING_BUDGET_TOKENS.low },
    });
  });

  it('google: turning thinking off on a Pro model uses its smallest budget, not the refused 0', async () => {
    const prompt = 'No thinking on pro';
    const provider = createGoogleProvider({ apiKey: 'gemini-test-key', baseUrl: fake.url, ...FAST_RETRIES });
    const result = await collectStream(
      provider.stream({ ...userRequest('gemini-2.5-pro', prompt), reasoningEffort: 'off' }),
    );
    expect(result.error).toBeUndefined();
    expect(result.reasoning).toBe('');
  });
});

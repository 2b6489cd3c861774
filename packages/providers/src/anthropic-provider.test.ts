import { fakeReasoning, fakeReply, startFakeLlm, type FakeLlm } from '@vivier/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnthropicProvider } from './anthropic-provider';
import { isProviderError } from './errors';
import { collectStream } from './testing/collect-stream';
import { describeProviderContract, FAST_RETRIES, userRequest } from './testing/provider-contract';

describeProviderContract('anthropic', {
  model: 'claude-haiku-4-5',
  create: (fake, options) =>
    createAnthropicProvider({ apiKey: 'sk-ant-test', baseUrl: fake.url, ...options }),
});

describe('anthropic provider request mapping', () => {
  let fake: FakeLlm;
  beforeAll(async () => {
    fake = await startFakeLlm({ tokenDelayMs: 0 });
  });
  afterAll(async () => {
    await fake.close();
  });
  const create = () => createAnthropicProvider({ apiKey: 'sk-ant-test', baseUrl: fake.url, ...FAST_RETRIES });

  it('pulls the system prompt out and makes roles alternate, starting with the user', async () => {
    const result = await collectStream(
      create().stream({
        model: 'claude-sonnet-4-6',
        messages: [
          { role: 'system', content: 'You are terse.' },
          { role: 'assistant', content: 'Hello! How can I help?' },
          { role: 'user', content: 'First question.' },
          {
            role: 'user',
            content: [
              { type: 'image', mimeType: 'image/jpeg', data: Buffer.from('jpeg').toString('base64') },
            ],
          },
          { role: 'assistant', content: 'An answer.' },
          { role: 'assistant', content: '' },
          { role: 'system', content: 'Answer in English.' },
          { role: 'user', content: 'Echo please [[echo]]' },
        ],
      }),
    );
    const echo = JSON.parse(result.text);
    expect(echo.system).toBe('You are terse.\n\nAnswer in English.');
    expect(echo.messages).toEqual([
      { role: 'user', text: '(continued)', images: [] },
      { role: 'assistant', text: 'Hello! How can I help?', images: [] },
      {
        role: 'user',
        text: 'First question.',
        images: [{ format: 'anthropic:base64', mimeType: 'image/jpeg', bytes: 4 }],
      },
      { role: 'assistant', text: 'An answer.', images: [] },
      { role: 'user', text: 'Echo please [[echo]]', images: [] },
    ]);
    // max_tokens is mandatory for this API: a default is sent when the request has none.
    expect(echo.maxTokens).toBe(4_096);
  });

  it('sends the key and the API version the SDK promises', async () => {
    await create().complete(userRequest('claude-haiku-4-5', 'headers'));
    const headers = fake.requests.at(-1)?.headers ?? {};
    expect(headers['anthropic-version']).toBeTruthy();
    expect(headers.authorization ?? headers['x-api-key']).toMatch(/sk-ant-test/);
  });

  it('keeps thinking apart from the answer', async () => {
    const prompt = 'Think first [[fault:reasoning]]';
    const result = await collectStream(create().stream(userRequest('claude-sonnet-4-6', prompt)));
    expect(result.reasoning).toBe(fakeReasoning(prompt));
    expect(result.text).toBe(fakeReply(prompt));
    const completed = await create().complete(userRequest('claude-sonnet-4-6', prompt));
    expect(completed).toMatchObject({ text: fakeReply(prompt), reasoning: fakeReasoning(prompt) });
  });

  it('reports a refusal as a content_filter finish', async () => {
    const result = await collectStream(
      create().stream(userRequest('claude-haiku-4-5', '[[fault:content-filter]]')),
    );
    expect(result.error).toBeUndefined();
    expect(result.text).toBe('');
    expect(result.usage?.finishReason).toBe('content_filter');
  });

  it('maps a context-length error', async () => {
    const result = await collectStream(
      create().stream(userRequest('claude-haiku-4-5', '[[fault:context-length]]')),
    );
    expect(isProviderError(result.error) && result.error.code).toBe('CONTEXT_TOO_LONG');
  });
});

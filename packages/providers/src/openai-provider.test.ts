import { startFakeLlm, type FakeLlm } from '@vivier/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProviderError } from './errors';
import { createOpenAIProvider } from './openai-provider';
import { collectStream } from './testing/collect-stream';
import { describeProviderContract, FAST_RETRIES, userRequest } from './testing/provider-contract';

describeProviderContract('openai', {
  model: 'gpt-4o-mini',
  create: (fake, options) =>
    createOpenAIProvider({ apiKey: 'sk-test', baseUrl: fake.openaiBaseUrl, ...options }),
});

describe('openai provider request mapping', () => {
  let fake: FakeLlm;
  beforeAll(async () => {
    fake = await startFakeLlm({ tokenDelayMs: 0 });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('asks for the usage chunk and sends images as data URLs', async () => {
    const provider = createOpenAIProvider({
      apiKey: 'sk-test',
      baseUrl: fake.openaiBaseUrl,
      ...FAST_RETRIES,
    });
    const result = await collectStream(
      provider.stream({
        model: 'gpt-4.1',
        temperature: 0.3,
        maxTokens: 500,
        messages: [
          { role: 'system', content: 'Be brief.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this? [[echo]]' },
              { type: 'image', mimeType: 'image/png', data: Buffer.from('png-bytes').toString('base64') },
            ],
          },
        ],
      }),
    );
    const echo = JSON.parse(result.text);
    expect(echo.messages).toEqual([
      { role: 'system', text: 'Be brief.', images: [] },
      {
        role: 'user',
        text: 'What is this? [[echo]]',
        images: [{ format: 'openai:image_url:data', mimeType: 'image/png', bytes: 9 }],
      },
    ]);
    expect(echo).toMatchObject({ maxTokens: 500, temperature: 0.3 });
    const body = fake.requests.at(-1)?.body as Record<string, unknown>;
    expect(body.stream_options).toEqual({ include_usage: true });
    expect(body.max_completion_tokens).toBe(500);
    expect(fake.requests.at(-1)?.headers.authorization).toBe('Bearer sk-test');
  });

  it('leaves temperature out for reasoning models, which reject it', async () => {
    const provider = createOpenAIProvider({ apiKey: 'sk-test', baseUrl: fake.openaiBaseUrl });
    await provider.complete({ ...userRequest('o4-mini', 'think'), temperature: 0.2 });
    expect(fake.requests.at(-1)?.body).not.toHaveProperty('temperature');
  });

  it('fails with PROVIDER_AUTH before any request when no key is configured', async () => {
    const before = fake.requests.length;
    const provider = createOpenAIProvider({ baseUrl: fake.openaiBaseUrl });
    const result = await collectStream(provider.stream(userRequest('gpt-4.1', 'hello')));
    expect(isProviderError(result.error) && result.error.code).toBe('PROVIDER_AUTH');
    expect(fake.requests.length).toBe(before);
  });

  it('maps context-length and content-filter errors', async () => {
    const provider = createOpenAIProvider({
      apiKey: 'sk-test',
      baseUrl: fake.openaiBaseUrl,
      ...FAST_RETRIES,
    });
    const tooLong = await collectStream(provider.stream(userRequest('gpt-4.1', '[[fault:context-length]]')));
    expect(isProviderError(tooLong.error) && tooLong.error.code).toBe('CONTEXT_TOO_LONG');
    const filtered = await collectStream(provider.stream(userRequest('gpt-4.1', '[[fault:content-filter]]')));
    expect(isProviderError(filtered.error) && filtered.error.code).toBe('CONTENT_FILTERED');
    expect(fake.requests.filter((request) => request.lastUserText?.includes('[[fault:c')).length).toBe(2);
  });

  it('lists catalogue models with prices rather than every id the API knows', async () => {
    const provider = createOpenAIProvider({ apiKey: 'sk-test', baseUrl: fake.openaiBaseUrl });
    const models = await provider.listModels();
    expect(models.map((model) => model.id)).toContain('gpt-4.1');
    expect(models.every((model) => model.provider === 'openai')).toBe(true);
  });
});

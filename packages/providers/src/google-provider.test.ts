import { fakeReasoning, fakeReply, startFakeLlm, type FakeLlm } from '@vivier/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProviderError } from './errors';
import { createGoogleProvider } from './google-provider';
import { collectStream } from './testing/collect-stream';
import { describeProviderContract, FAST_RETRIES, userRequest } from './testing/provider-contract';

describeProviderContract('google', {
  model: 'gemini-2.5-flash',
  create: (fake, options) =>
    createGoogleProvider({ apiKey: 'gemini-test-key', baseUrl: fake.url, ...options }),
});

describe('google provider request mapping', () => {
  let fake: FakeLlm;
  beforeAll(async () => {
    fake = await startFakeLlm({ tokenDelayMs: 0 });
  });
  afterAll(async () => {
    await fake.close();
  });
  const create = () =>
    createGoogleProvider({ apiKey: 'gemini-test-key', baseUrl: fake.url, ...FAST_RETRIES });

  it('maps roles to user/model and the system prompt to systemInstruction', async () => {
    const result = await collectStream(
      create().stream({
        model: 'gemini-2.5-pro',
        temperature: 0.4,
        maxTokens: 900,
        messages: [
          { role: 'system', content: 'Answer like a poet.' },
          { role: 'user', content: 'Hi.' },
          { role: 'assistant', content: 'Hello, traveller.' },
          { role: 'assistant', content: 'What brings you here?' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'This picture [[echo]]' },
              { type: 'image', mimeType: 'image/webp', data: Buffer.from('webp!').toString('base64') },
            ],
          },
        ],
      }),
    );
    const echo = JSON.parse(result.text);
    expect(echo.system).toBe('Answer like a poet.');
    expect(echo.messages).toEqual([
      { role: 'user', text: 'Hi.', images: [] },
      { role: 'model', text: 'Hello, traveller.\nWhat brings you here?', images: [] },
      {
        role: 'user',
        text: 'This picture [[echo]]',
        images: [{ format: 'gemini:inlineData', mimeType: 'image/webp', bytes: 5 }],
      },
    ]);
    expect(echo).toMatchObject({ model: 'gemini-2.5-pro', maxTokens: 900, temperature: 0.4 });
    const request = fake.requests.at(-1);
    expect(request?.path).toBe('/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse');
    expect(request?.headers['x-goog-api-key']).toBe('gemini-test-key');
  });

  it('keeps thought parts apart from the answer', async () => {
    const prompt = 'Consider it [[fault:reasoning]]';
    const result = await collectStream(create().stream(userRequest('gemini-2.5-flash', prompt)));
    expect(result.reasoning).toBe(fakeReasoning(prompt));
    expect(result.text).toBe(fakeReply(prompt));
    expect(result.usage?.outputTokens).toBe(52);
  });

  it('raises CONTENT_FILTERED when the prompt is blocked', async () => {
    const streamed = await collectStream(
      create().stream(userRequest('gemini-2.5-flash', '[[fault:content-filter]]')),
    );
    expect(isProviderError(streamed.error) && streamed.error.code).toBe('CONTENT_FILTERED');
    await expect(
      create().complete(userRequest('gemini-2.5-flash', '[[fault:content-filter]] x')),
    ).rejects.toMatchObject({
      code: 'CONTENT_FILTERED',
    });
  });
});

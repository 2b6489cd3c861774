import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../test-env';
import { startFakeLlm, type FakeLlm } from './server';
import { chat, json, post } from './test-support';

describe('fake LLM faults and controls', () => {
  let fake: FakeLlm;
  beforeAll(async () => {
    fake = await startFakeLlm({ tokenDelayMs: 0 });
  });
  afterAll(async () => {
    await fake.close();
  });

  describe('faults', () => {
    it('429 carries Retry-After, and 429-once fails only the first time for a prompt', async () => {
      const limited = await post(`${fake.url}/v1/chat/completions`, chat('x'), { 'x-fake-fault': '429' });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('1');

      const prompt = 'again [[fault:429-once]]';
      expect((await post(`${fake.url}/v1/chat/completions`, chat(prompt))).status).toBe(429);
      expect((await post(`${fake.url}/v1/chat/completions`, chat(prompt))).status).toBe(200);
      expect((await post(`${fake.url}/v1/chat/completions`, chat(prompt))).status).toBe(200);
    });

    it('500 and 500-once', async () => {
      expect((await post(`${fake.url}/v1/chat/completions`, chat('[[fault:500]]'))).status).toBe(500);
      expect((await post(`${fake.url}/v1/chat/completions`, chat('[[fault:500]]'))).status).toBe(500);
      expect((await post(`${fake.url}/v1/chat/completions`, chat('[[fault:500-once]]'))).status).toBe(500);
      expect((await post(`${fake.url}/v1/chat/completions`, chat('[[fault:500-once]]'))).status).toBe(200);
    });

    it('drop streams a few tokens then kills the connection', async () => {
      const response = await post(
        `${fake.url}/v1/chat/completions`,
        chat('[[fault:drop]] bye', { stream: true }),
      );
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let received = '';
      await expect(
        (async () => {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) return;
            received += decoder.decode(value);
          }
        })(),
      ).rejects.toThrow();
      expect(received).toContain('"content"');
      expect(received).not.toContain('[DONE]');
    });

    it('hang never answers until the client gives up', async () => {
      const startedAt = Date.now();
      await expect(
        post(`${fake.url}/v1/chat/completions`, chat('[[fault:hang]]'), {}, AbortSignal.timeout(200)),
      ).rejects.toMatchObject({ name: 'TimeoutError' });
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(190);
      expect(fake.requests.at(-1)).toMatchObject({ fault: 'hang', status: null });
    });

    it('the header picks a fault the prompt cannot', async () => {
      const response = await post(`${fake.url}/v1/chat/completions`, chat('innocent'), {
        'x-fake-fault': '401',
      });
      expect(response.status).toBe(401);
      expect((await json(response)).error.code).toBe('invalid_api_key');
    });
  });

  it('honours the per-token delay', async () => {
    const startedAt = Date.now();
    await (
      await post(`${fake.url}/v1/chat/completions`, chat('slow [[words:5]] [[delay:40]]', { stream: true }))
    ).text();
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(150);
  });

  it('echoes what reached it, images included', async () => {
    const response = await post(`${fake.url}/v1/chat/completions`, {
      model: 'fake',
      messages: [
        { role: 'system', content: 'sys' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'look [[echo]]' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          ],
        },
      ],
    });
    const echo = JSON.parse((await json(response)).choices[0].message.content);
    expect(echo.messages[1]).toEqual({
      role: 'user',
      text: 'look [[echo]]',
      images: [{ format: 'openai:image_url:data', mimeType: 'image/png', bytes: 3 }],
    });
  });

  it('close() returns even while a request hangs', async () => {
    const other = await startFakeLlm();
    const pending = post(`${other.url}/v1/chat/completions`, chat('[[fault:hang]]')).catch(
      (error: unknown) => error,
    );
    // The request has arrived and been parsed as a hang: the server holds it open now.
    await eventually(async () => other.requests.some((request) => request.fault === 'hang'));
    await other.close();
    expect(await pending).toBeInstanceOf(Error);
  });
});

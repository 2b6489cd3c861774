import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LONG_ESSAY_WORDS } from './directives';
import { fakeReasoning, fakeReply } from './reply';
import { startFakeLlm, type FakeLlm } from './server';
import { chat, json, post, readEvents } from './test-support';

describe('fake LLM server', () => {
  let fake: FakeLlm;
  beforeAll(async () => {
    fake = await startFakeLlm({ tokenDelayMs: 0 });
  });
  afterAll(async () => {
    await fake.close();
  });

  describe('replies', () => {
    it('are deterministic per prompt and differ between prompts', () => {
      expect(fakeReply('hello')).toBe(fakeReply('hello'));
      expect(fakeReply('hello')).not.toBe(fakeReply('hello!'));
      expect(fakeReply('hello').split(' ')).toHaveLength(40);
      // Directives steer the reply without changing its words.
      expect(fakeReply('hello [[delay:5]]')).toBe(fakeReply('hello'));
    });

    it('grow with [[words:N]] and "long essay"', () => {
      expect(fakeReply('x [[words:600]]').split(' ')).toHaveLength(600);
      expect(fakeReply('Write a long essay about tea').split(' ')).toHaveLength(LONG_ESSAY_WORDS);
      expect(fakeReply('short [[words:3]]')).toMatch(/^[A-Z]\w+ \w+ \w+\.$/);
    });
  });

  describe('OpenAI wire format', () => {
    it('streams chunks, a usage chunk when asked, then [DONE]', async () => {
      const prompt = 'stream me [[words:6]]';
      const response = await post(
        `${fake.url}/v1/chat/completions`,
        chat(prompt, { stream: true, stream_options: { include_usage: true } }),
      );
      expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
      const events = await readEvents(response);
      expect(events.at(-1)?.data).toBe('[DONE]');
      const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data));
      expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
      const text = chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('');
      expect(text).toBe(fakeReply(prompt));
      expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
      expect(chunks.at(-1)).toMatchObject({
        choices: [],
        usage: { prompt_tokens: 3, completion_tokens: 6, total_tokens: 9 },
      });
    });

    it('cuts the reply into [[size:N]]-character pieces, the first after [[lead:MS]]', async () => {
      const response = await post(
        `${fake.url}/v1/chat/completions`,
        chat('bench shape [[words:5]] [[size:16]] [[lead:1]]', { stream: true }),
      );
      const chunks = (await readEvents(response)).slice(0, -1).map((event) => JSON.parse(event.data));
      expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
      const pieces = chunks
        .map((chunk) => chunk.choices[0]?.delta?.content as string | undefined)
        .filter((piece): piece is string => Boolean(piece));
      expect(pieces.map((piece) => piece.length)).toEqual([16, 16, 16, 16, 16]);
      expect(pieces.join('')).toBe(fakeReply('bench shape [[words:5]]').repeat(20).slice(0, 80));
    });

    it('omits the usage chunk unless include_usage is set', async () => {
      const events = await readEvents(
        await post(`${fake.url}/v1/chat/completions`, chat('no usage', { stream: true })),
      );
      expect(events.some((event) => event.data.includes('"usage"'))).toBe(false);
    });

    it('answers without streaming', async () => {
      const response = await post(`${fake.url}/v1/chat/completions`, chat('whole [[words:4]]'));
      const body = await json(response);
      expect(body).toMatchObject({
        object: 'chat.completion',
        choices: [
          { message: { role: 'assistant', content: fakeReply('whole [[words:4]]') }, finish_reason: 'stop' },
        ],
        usage: { completion_tokens: 4 },
      });
    });

    it('emits reasoning_content before the answer under the reasoning fault', async () => {
      const prompt = 'think [[fault:reasoning]] [[words:3]]';
      const events = await readEvents(
        await post(`${fake.url}/v1/chat/completions`, chat(prompt, { stream: true })),
      );
      const deltas = events.slice(0, -1).map((event) => JSON.parse(event.data).choices[0]?.delta ?? {});
      expect(deltas.map((delta) => delta.reasoning_content ?? '').join('')).toBe(fakeReasoning(prompt));
      expect(deltas.map((delta) => delta.content ?? '').join('')).toBe(fakeReply(prompt));
    });

    it('lists models', async () => {
      const body = await json(await fetch(`${fake.url}/v1/models`));
      expect(body).toEqual({
        object: 'list',
        data: [
          expect.objectContaining({ id: 'fake', object: 'model' }),
          expect.objectContaining({ id: 'fake-thinking', object: 'model' }),
        ],
      });
    });
  });

  describe('Anthropic wire format', () => {
    it('streams the full event sequence', async () => {
      const prompt = 'claude [[words:2]]';
      const response = await post(
        `${fake.url}/v1/messages`,
        {
          model: 'claude-x',
          max_tokens: 100,
          stream: true,
          system: 'sys',
          messages: [{ role: 'user', content: prompt }],
        },
        { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
      );
      const events = await readEvents(response);
      expect(events.map((event) => event.event)).toEqual([
        'message_start',
        'content_block_start',
        'ping',
        'content_block_delta',
        'content_block_delta',
        'content_block_stop',
        'message_delta',
        'message_stop',
      ]);
      const parsed = events.map((event) => JSON.parse(event.data));
      expect(parsed.every((data, index) => data.type === events[index]?.event)).toBe(true);
      expect(parsed[0].message.usage.input_tokens).toBe(3);
      expect(
        parsed
          .filter((data) => data.type === 'content_block_delta')
          .map((data) => data.delta.text)
          .join(''),
      ).toBe(fakeReply(prompt));
      expect(parsed[6]).toMatchObject({ delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } });
    });

    it('accepts a bearer token and rejects bad-key with its error shape', async () => {
      const ok = await post(
        `${fake.url}/v1/messages`,
        { model: 'c', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] },
        { authorization: 'Bearer good' },
      );
      expect((await json(ok)).type).toBe('message');
      const rejected = await post(
        `${fake.url}/v1/messages`,
        { model: 'c', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] },
        { 'x-api-key': 'bad-key' },
      );
      expect(rejected.status).toBe(401);
      expect(await json(rejected)).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    });
  });

  describe('Gemini wire format', () => {
    const body = (text: string) => ({
      contents: [{ role: 'user', parts: [{ text }] }],
      systemInstruction: { parts: [{ text: 'be kind' }] },
    });

    it.each(['v1beta', 'v1'])('streams data-only SSE on /%s', async (version) => {
      const prompt = `gemini ${version} [[words:3]]`;
      const response = await post(
        `${fake.url}/${version}/models/gemini-2.5-flash:streamGenerateContent?alt=sse`,
        body(prompt),
        { 'x-goog-api-key': 'k' },
      );
      const events = await readEvents(response);
      expect(events.every((event) => event.event === undefined)).toBe(true);
      const chunks = events.map((event) => JSON.parse(event.data));
      expect(
        chunks
          .map((chunk) =>
            chunk.candidates[0].content.parts.map((part: { text: string }) => part.text).join(''),
          )
          .join(''),
      ).toBe(fakeReply(prompt));
      expect(chunks.at(-1)).toMatchObject({
        candidates: [{ finishReason: 'STOP' }],
        usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 3 },
      });
      expect(fake.requests.at(-1)).toMatchObject({ api: 'gemini', model: 'gemini-2.5-flash', stream: true });
    });

    it('answers generateContent and rejects bad-key', async () => {
      const response = await post(`${fake.url}/v1beta/models/m:generateContent`, body('plain [[words:2]]'), {
        'x-goog-api-key': 'k',
      });
      expect((await json(response)).candidates[0].content.parts[0].text).toBe(fakeReply('plain [[words:2]]'));
      const rejected = await post(`${fake.url}/v1beta/models/m:generateContent`, body('x'), {
        'x-goog-api-key': 'bad-key',
      });
      expect(rejected.status).toBe(401);
      expect((await json(rejected)).error.status).toBe('UNAUTHENTICATED');
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeReasoning, fakeReply } from './reply';
import { startFakeLlm, type FakeLlm } from './server';
import { chat, json, post, readEvents } from './test-support';

/** Reasoning in each wire format, and the thinking rules the real APIs enforce (raw HTTP). */
describe('fake LLM thinking', () => {
  let fake: FakeLlm;
  beforeAll(async () => {
    fake = await startFakeLlm({ tokenDelayMs: 0 });
  });
  afterAll(async () => {
    await fake.close();
  });
  const anthropic = (body: Record<string, unknown>) =>
    post(`${fake.url}/v1/messages`, { model: 'claude-sonnet-4-6', max_tokens: 4_096, ...body });

  it('[[think:N]] streams N words of reasoning_content before the content, counted in the usage details', async () => {
    const prompt = 'ponder [[think:5]] [[words:3]]';
    const response = await post(
      `${fake.url}/v1/chat/completions`,
      chat(prompt, { stream: true, stream_options: { include_usage: true } }),
    );
    const chunks = (await readEvents(response))
      .filter((event) => event.data !== '[DONE]')
      .map((event) => JSON.parse(event.data));
    const deltas = chunks.flatMap((chunk) => chunk.choices.map((choice: { delta: unknown }) => choice.delta));
    const reasoning = deltas.map((delta) => delta.reasoning_content ?? '').join('');
    expect(reasoning).toBe(fakeReasoning(prompt));
    expect(reasoning.split(' ')).toHaveLength(5);
    expect(deltas.map((delta) => delta.content ?? '').join('')).toBe(fakeReply(prompt));
    expect(chunks.at(-1).usage).toMatchObject({
      completion_tokens: 8,
      completion_tokens_details: { reasoning_tokens: 5 },
    });
  });

  it('the thinking model thinks longer for a higher effort and not at all with effort none', async () => {
    const wordsFor = async (effort: string) => {
      const body = await json(
        await post(`${fake.url}/v1/chat/completions`, {
          ...chat('effort demo'),
          model: 'fake-thinking',
          reasoning_effort: effort,
        }),
      );
      const text: string = body.choices[0].message.reasoning_content ?? '';
      return text ? text.split(' ').length : 0;
    };
    expect(await wordsFor('low')).toBe(8);
    expect(await wordsFor('high')).toBe(32);
    expect(await wordsFor('none')).toBe(0);
  });

  it('anthropic: a signed thinking block, then the text block', async () => {
    const prompt = 'claude thinks [[think:4]] [[words:2]]';
    const events = await readEvents(
      await anthropic({
        stream: true,
        thinking: { type: 'enabled', budget_tokens: 2_048 },
        messages: [{ role: 'user', content: prompt }],
      }),
    );
    const data = events.map((event) => JSON.parse(event.data));
    expect(data[1]).toMatchObject({ type: 'content_block_start', content_block: { type: 'thinking' } });
    const thinking = data
      .filter((event) => event.delta?.type === 'thinking_delta')
      .map((event) => event.delta.thinking)
      .join('');
    expect(thinking).toBe(fakeReasoning(prompt));
    expect(data.some((event) => event.delta?.type === 'signature_delta')).toBe(true);
  });

  it.each([
    [{ thinking: { type: 'enabled', budget_tokens: 512 } }, /1024/],
    [{ thinking: { type: 'enabled', budget_tokens: 8_192 }, max_tokens: 4_096 }, /max_tokens/],
    [{ thinking: { type: 'enabled', budget_tokens: 2_048 }, temperature: 0.3 }, /temperature/],
  ])('anthropic: refuses a request that breaks a thinking rule (%j)', async (extra, message) => {
    const response = await anthropic({ messages: [{ role: 'user', content: 'rules' }], ...extra });
    expect(response.status).toBe(400);
    expect((await json(response)).error).toMatchObject({ type: 'invalid_request_error', message });
  });

  it('anthropic: refuses a thinking block sent back with a forged signature', async () => {
    const response = await anthropic({
      messages: [
        { role: 'user', content: 'one' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'edited', signature: 'forged' },
            { type: 'text', text: 'two' },
          ],
        },
        { role: 'user', content: 'three' },
      ],
    });
    expect(response.status).toBe(400);
  });

  it('gemini: thought parts first, thoughtsTokenCount in the usage; budget 0 refused on Pro', async () => {
    const prompt = 'gemini ponders [[think:3]] [[words:2]]';
    const body = await json(
      await post(
        `${fake.url}/v1beta/models/gemini-2.5-flash:generateContent`,
        { contents: [{ role: 'user', parts: [{ text: prompt }] }] },
        { 'x-goog-api-key': 'k' },
      ),
    );
    expect(body.candidates[0].content.parts[0]).toEqual({ text: fakeReasoning(prompt), thought: true });
    expect(body.usageMetadata.thoughtsTokenCount).toBe(3);
    const refused = await post(
      `${fake.url}/v1beta/models/gemini-2.5-pro:generateContent`,
      {
        contents: [{ role: 'user', parts: [{ text: 'x' }] }],
        generationConfig: { thinkingConfig: { thinkingBudget: 0 } },
      },
      { 'x-goog-api-key': 'k' },
    );
    expect(refused.status).toBe(400);
  });
});

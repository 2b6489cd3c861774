import { fakeReasoning, fakeReply, startFakeLlm, type FakeLlm } from '@vivier/testkit';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProviderError, type ProviderError } from './errors';
import { FAKE_MODEL_ID } from './catalogue';
import { createOpenAICompatibleProvider } from './openai-compatible-provider';
import { collectStream } from './testing/collect-stream';
import { describeProviderContract, FAST_RETRIES, userRequest } from './testing/provider-contract';

describeProviderContract('openai-compatible', {
  model: FAKE_MODEL_ID,
  create: (fake, options) =>
    createOpenAICompatibleProvider({ baseUrl: fake.openaiBaseUrl, apiKey: 'local-key', ...options }),
});

describe('openai-compatible provider specifics', () => {
  let fake: FakeLlm;
  beforeAll(async () => {
    fake = await startFakeLlm({ tokenDelayMs: 0, models: [FAKE_MODEL_ID, 'llama3.2:3b'] });
  });
  afterAll(async () => {
    await fake.close();
  });
  const create = (apiKey?: string) =>
    createOpenAICompatibleProvider({ baseUrl: fake.openaiBaseUrl, apiKey, ...FAST_RETRIES });

  it.each([
    ['reasoning_content', 'reasoning'],
    ['reasoning', 'reasoning-field'],
  ])('reports `%s` deltas as reasoning, never as answer text', async (_field, fault) => {
    const prompt = `Solve it [[fault:${fault}]]`;
    const result = await collectStream(create().stream(userRequest(FAKE_MODEL_ID, prompt)));
    expect(result.reasoning).toBe(fakeReasoning(prompt));
    expect(result.text).toBe(fakeReply(prompt));
    const firstText = result.events.findIndex((event) => event.type === 'text');
    const lastReasoning = result.events.findLastIndex((event) => event.type === 'reasoning');
    expect(lastReasoning).toBeLessThan(firstText);

    const completed = await create().complete(userRequest(FAKE_MODEL_ID, prompt));
    expect(completed).toMatchObject({ text: fakeReply(prompt), reasoning: fakeReasoning(prompt) });
  });

  it('sends no Authorization header when no key is configured', async () => {
    const result = await collectStream(create().stream(userRequest(FAKE_MODEL_ID, 'keyless')));
    expect(result.error).toBeUndefined();
    expect(fake.requests.at(-1)?.headers.authorization).toBeUndefined();
    expect(fake.requests.at(-1)?.body).toMatchObject({ model: FAKE_MODEL_ID });
  });

  it('uses max_tokens, which local servers understand', async () => {
    await create().complete({ ...userRequest(FAKE_MODEL_ID, 'limits'), maxTokens: 3, temperature: 0.1 });
    expect(fake.requests.at(-1)?.body).toMatchObject({ max_tokens: 3, temperature: 0.1 });
  });

  it('lists the models the endpoint serves, enriched from the catalogue', async () => {
    const models = await create().listModels();
    expect(models).toEqual([
      expect.objectContaining({
        id: FAKE_MODEL_ID,
        label: 'Offline demo',
        capabilities: { vision: true, reasoning: false },
      }),
      expect.objectContaining({
        id: 'llama3.2:3b',
        label: 'llama3.2:3b',
        pricing: { inputPerMTokMicros: 0, outputPerMTokMicros: 0 },
      }),
    ]);
  });

  it('prices the offline demo model so the demo shows a cost', async () => {
    const result = await collectStream(create().stream(userRequest(FAKE_MODEL_ID, 'What does it cost?')));
    const usage = result.usage;
    expect(usage).toBeDefined();
    const cost = create().calculateCost(FAKE_MODEL_ID, usage ?? { inputTokens: 0, outputTokens: 0 });
    // 1 $/MTok in, 2 $/MTok out: 4 words in, 40 out → (4 × 1 000 000 + 40 × 2 000 000) / 1 000 000.
    expect(usage).toMatchObject({ inputTokens: 4, outputTokens: 40 });
    expect(cost).toBe(84);
  });
});

/**
 * A server that answers every chat completion with `body`, written in small pieces: what a real
 * compatible server may send and the fake LLM does not (CRLF line ends, comments, an error event).
 */
async function startRawSseServer(
  body: string,
  /** Characters per write: the body in one write with `body.length`. */
  pieceSize = 7,
): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const pieces = body.match(new RegExp(`[\\s\\S]{1,${pieceSize}}`, 'g')) ?? [];
      const next = () => {
        const piece = pieces.shift();
        if (piece === undefined) return void response.end();
        response.write(piece, next);
      };
      next();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const chunk = (delta: object, finish: string | null = null) =>
  JSON.stringify({
    id: 'c1',
    object: 'chat.completion.chunk',
    created: 0,
    model: FAKE_MODEL_ID,
    choices: [{ index: 0, delta, finish_reason: finish }],
  });

describe('openai-compatible provider on a server-sent-event stream written by hand', () => {
  it('reads CRLF events and comments, and stops at [DONE]', async () => {
    const server = await startRawSseServer(
      `: hello\r\n\r\ndata: ${chunk({ role: 'assistant', content: '' })}\r\n\r\n` +
        `data: ${chunk({ content: 'Bonjour ' })}\r\n\r\ndata: ${chunk({ content: 'à tous' }, 'stop')}\r\n\r\n` +
        `data: [DONE]\r\n\r\ndata: ${chunk({ content: ' (after the end)' })}\r\n\r\n`,
    );
    try {
      const provider = createOpenAICompatibleProvider({ baseUrl: server.baseUrl, maxRetries: 0 });
      const result = await collectStream(provider.stream(userRequest(FAKE_MODEL_ID, 'hi')));
      expect(result.error).toBeUndefined();
      expect(result.text).toBe('Bonjour à tous');
      expect(result.usage).toMatchObject({ finishReason: 'stop' });
    } finally {
      await server.close();
    }
  });

  it('keeps the text before an event that is not JSON, arriving in the same network read', async () => {
    const body = `data: ${chunk({ content: 'Half' })}\n\ndata: {"broken\n\n`;
    const server = await startRawSseServer(body, body.length);
    try {
      const provider = createOpenAICompatibleProvider({ baseUrl: server.baseUrl, maxRetries: 0 });
      const result = await collectStream(provider.stream(userRequest(FAKE_MODEL_ID, 'hi')));
      expect(result.text).toBe('Half');
      expect(result.error).toBeDefined();
    } finally {
      await server.close();
    }
  });

  it('fails with the error a stream sends after its first delta, keeping the text before it', async () => {
    const server = await startRawSseServer(
      `data: ${chunk({ content: 'Half' })}\n\n` +
        `data: ${JSON.stringify({ error: { message: 'the model crashed', type: 'server_error' } })}\n\n`,
    );
    try {
      const provider = createOpenAICompatibleProvider({ baseUrl: server.baseUrl, maxRetries: 0 });
      const result = await collectStream(provider.stream(userRequest(FAKE_MODEL_ID, 'hi')));
      expect(result.text).toBe('Half');
      expect(isProviderError(result.error)).toBe(true);
      expect((result.error as ProviderError).upstreamMessage).toContain('the model crashed');
    } finally {
      await server.close();
    }
  });
});

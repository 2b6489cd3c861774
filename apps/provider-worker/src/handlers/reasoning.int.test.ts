import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamFrame } from '@vivier/contracts';
import { eventually, fakeReasoning, fakeReply, startFakeLlm, type FakeLlm } from '@vivier/testkit';
import {
  createChatServiceStandIn,
  startTestWorker,
  type ChatServiceStandIn,
  type TestWorker,
} from '../test-support';

let fake: FakeLlm;
let chat: ChatServiceStandIn;
let worker: TestWorker;

beforeAll(async () => {
  fake = await startFakeLlm({ tokenDelayMs: 2 });
  chat = createChatServiceStandIn();
  worker = await startTestWorker({ prefix: chat.prefix, fake });
});
afterAll(async () => {
  await worker?.close();
  await chat?.close();
  await fake?.close();
});

const unique = (text: string) => `${text} ${randomBytes(4).toString('hex')}`;
const textOf = (frames: StreamFrame[], type: 'delta' | 'reasoning') =>
  frames.flatMap((frame) => (frame.type === type ? [frame.text] : [])).join('');

describe('reasoning', () => {
  it('streams reasoning frames apart from deltas, before them, and stores the thinking and its duration', async () => {
    const prompt = unique('Why is the sea salty? [[think:20]]');
    const sent = await chat.postMessage(prompt);
    const frames = await chat.waitForEnd(sent.generationId);

    expect(frames.at(-1)?.type).toBe('done');
    expect(textOf(frames, 'reasoning')).toBe(fakeReasoning(prompt));
    expect(textOf(frames, 'delta')).toBe(fakeReply(prompt));
    const types = frames.map((frame) => frame.type);
    expect(types.lastIndexOf('reasoning')).toBeLessThan(types.indexOf('delta'));

    const { assistantMessage: message } = await chat.loadGeneration(sent.generationId);
    expect(message).toMatchObject({
      content: fakeReply(prompt),
      reasoning: fakeReasoning(prompt),
      reasoningTokens: 20,
    });
    // 20 pieces, 2 ms apart: the thinking took time, and less than the whole answer.
    expect(message.reasoningMs).toBeGreaterThan(0);
    // Thinking is billed as output.
    expect(message.outputTokens).toBe(20 + fakeReply(prompt).split(' ').length);
    const done = frames.at(-1);
    expect(done).toMatchObject({ type: 'done', usage: { reasoningTokens: 20 } });
  });

  it('passes the chat’s reasoning effort to the model (the demo thinking model thinks less on low)', async () => {
    const prompt = unique('Effort please');
    const sent = await chat.postMessage(prompt, {
      model: 'fake-thinking',
      settings: { reasoningEffort: 'low' },
    });
    const frames = await chat.waitForEnd(sent.generationId);
    expect(textOf(frames, 'reasoning').split(' ')).toHaveLength(8);
    const body = fake.requests.findLast((request) => request.lastUserText === prompt)?.body;
    expect(body).toMatchObject({ reasoning_effort: 'low' });
  });

  it('stores no reasoning for a model that did not think', async () => {
    const prompt = unique('Plain answer');
    const sent = await chat.postMessage(prompt);
    const frames = await chat.waitForEnd(sent.generationId);
    expect(frames.some((frame) => frame.type === 'reasoning')).toBe(false);
    const { assistantMessage: message } = await chat.loadGeneration(sent.generationId);
    expect(message).toMatchObject({ reasoning: null, reasoningMs: null, reasoningTokens: null });
  });

  it('keeps the thinking of a cancelled answer', async () => {
    const prompt = unique('Think slowly [[think:5]] [[words:400]] [[delay:20]]');
    const sent = await chat.postMessage(prompt);
    await eventually(async () =>
      (await chat.frames(sent.generationId)).some((frame) => frame.type === 'delta'),
    );
    await chat.streams.requestCancel(sent.generationId);
    const frames = await chat.waitForEnd(sent.generationId);
    expect(frames.at(-1)?.type).toBe('cancelled');
    const { assistantMessage: message } = await chat.loadGeneration(sent.generationId);
    expect(message).toMatchObject({ status: 'cancelled', reasoning: fakeReasoning(prompt) });
  });
});

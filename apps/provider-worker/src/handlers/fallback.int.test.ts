import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamFrame } from '@vivier/contracts';
import { fakeReply, startFakeLlm, type FakeLlm } from '@vivier/testkit';
import {
  createChatServiceStandIn,
  startTestWorker,
  type ChatServiceStandIn,
  type TestWorker,
} from '../test-support';

// The fake answers 500 for `fake-down` every time, as an overloaded or retired model would.
let fake: FakeLlm;
let chat: ChatServiceStandIn;
let worker: TestWorker;

beforeAll(async () => {
  fake = await startFakeLlm({ tokenDelayMs: 1, unavailableModels: ['fake-down'] });
  chat = createChatServiceStandIn();
  worker = await startTestWorker({ prefix: chat.prefix, fake });
});
afterAll(async () => {
  await worker?.close();
  await chat?.close();
  await fake?.close();
});

const unique = (text: string) => `${text} ${randomBytes(4).toString('hex')}`;
const deltasOf = (frames: StreamFrame[]) =>
  frames.flatMap((frame) => (frame.type === 'delta' ? [frame.text] : [])).join('');

describe("a chat's fallback model", () => {
  it('answers when the chat model is unavailable, and the answer is stored and billed as the fallback', async () => {
    const prompt = unique('Which rivers flow north');
    const sent = await chat.postMessage(prompt, { model: 'fake-down', fallbackModel: 'fake' });
    const frames = await chat.waitForEnd(sent.generationId, 30_000);

    expect(frames.at(-1), JSON.stringify(frames.at(-1))).toMatchObject({ type: 'done' });
    expect(frames.some((frame) => frame.type === 'error')).toBe(false);
    expect(deltasOf(frames)).toBe(fakeReply(prompt));
    const asked = fake.requests.filter((request) => request.lastUserText === prompt);
    expect(asked.map((request) => [request.model, request.status])).toEqual([
      ...asked.filter((request) => request.model === 'fake-down').map(() => ['fake-down', 500]),
      ['fake', 200],
    ]);
    expect(asked[0]!.model).toBe('fake-down');

    const generation = await chat.loadGeneration(sent.generationId);
    expect(generation.status).toBe('done');
    expect(generation.assistantMessage).toMatchObject({
      content: fakeReply(prompt),
      status: 'complete',
      model: 'fake',
    });
    const [usage] = await chat.usageEventsFor(sent.generationId);
    expect(usage).toMatchObject({
      data: { model: 'fake', costMicros: Number(generation.assistantMessage.costMicros) },
    });
  }, 40_000);

  it('is not there to hide the failure when the chat has none: the generation fails as unavailable', async () => {
    const sent = await chat.postMessage(unique('Which rivers flow south'), { model: 'fake-down' });
    const frames = await chat.waitForEnd(sent.generationId, 30_000);
    expect(frames.at(-1)).toMatchObject({ type: 'error', code: 'PROVIDER_UNAVAILABLE' });
    expect((await chat.loadGeneration(sent.generationId)).status).toBe('failed');
  }, 40_000);
});

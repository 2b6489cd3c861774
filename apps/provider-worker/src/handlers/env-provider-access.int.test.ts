import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { dropDatabase, ensureDatabase, migrateDatabase } from '@vivier/db';
import { fakeReply, startFakeLlm, type FakeLlm } from '@vivier/testkit';
import {
  createChatServiceStandIn,
  startTestWorker,
  type ChatServiceStandIn,
  type TestWorker,
} from '../test-support';

// EnvProviderAccess rows are global settings: this file gets a database of its own.
const sharedDatabaseUrl = process.env.DATABASE_URL!;
const ownDatabaseUrl = (() => {
  const url = new URL(sharedDatabaseUrl);
  url.pathname = `/vivier_worker_env_access_${randomBytes(4).toString('hex')}`;
  return url.toString();
})();

let fake: FakeLlm;
let chat: ChatServiceStandIn;
let worker: TestWorker;

beforeAll(async () => {
  await ensureDatabase(ownDatabaseUrl);
  await migrateDatabase(ownDatabaseUrl);
  process.env.DATABASE_URL = ownDatabaseUrl;
  fake = await startFakeLlm({ tokenDelayMs: 0 });
  chat = createChatServiceStandIn();
  // The fake LLM is the env's OpenAI-compatible provider; settings are read afresh on each call.
  worker = await startTestWorker({ prefix: chat.prefix, fake, env: { PROVIDER_SETTINGS_TTL_MS: '0' } });
});
afterAll(async () => {
  await worker?.close();
  await chat?.close();
  await fake?.close();
  process.env.DATABASE_URL = sharedDatabaseUrl;
  await dropDatabase(ownDatabaseUrl);
});

const unique = (text: string) => `${text} ${randomBytes(4).toString('hex')}`;

describe('a queued generation on an env provider an admin has since limited', () => {
  it('is refused by the worker without calling the provider, and other models still answer', async () => {
    // A group nobody is in: chat-service accepted the send before the admin limited the model.
    const team = await chat.prisma.group.create({ data: { id: newId('group'), name: unique('Team') } });
    await chat.prisma.envProviderAccess.create({
      data: { kind: 'openai-compatible', modelGroupIds: { 'locked-model': [team.id] } },
    });

    const prompt = unique('Limited after the send');
    const sent = await chat.postMessage(prompt, { provider: 'openai-compatible', model: 'locked-model' });
    const frames = await chat.waitForEnd(sent.generationId, 20_000);
    expect(frames.at(-1)).toMatchObject({
      type: 'error',
      code: 'PROVIDER_UNAVAILABLE',
      message: expect.stringMatching(/do not have access to "locked-model"/),
    });
    expect(fake.requests.some((entry) => entry.lastUserText === prompt)).toBe(false);
    expect((await chat.loadGeneration(sent.generationId)).status).toBe('failed');

    const open = unique('An open model');
    const answered = await chat.postMessage(open, { provider: 'openai-compatible', model: 'fake' });
    const done = await chat.waitForEnd(answered.generationId, 20_000);
    expect(done.at(-1)).toMatchObject({ type: 'done' });
    expect(done.flatMap((frame) => (frame.type === 'delta' ? [frame.text] : [])).join('')).toBe(
      fakeReply(open),
    );
  }, 30_000);
});

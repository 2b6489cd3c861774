import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, type StreamFrame } from '@vivier/contracts';
import { dropDatabase, ensureDatabase, migrateDatabase, type Prisma } from '@vivier/db';
import { createSecretBox } from '@vivier/providers';
import { eventually, fakeReply, startFakeLlm, testRedisUrl, type FakeLlm } from '@vivier/testkit';
import { createTitleQueue } from '../jobs/title-chat';
import {
  createChatServiceStandIn,
  startTestWorker,
  type ChatServiceStandIn,
  type TestWorker,
} from '../test-support';

// ProviderConfig rows are global settings: this file gets a database of its own, so neither the
// admin-service tests (which replace every row) nor the other worker tests see these rows.
const sharedDatabaseUrl = process.env.DATABASE_URL!;
const ownDatabaseUrl = (() => {
  const url = new URL(sharedDatabaseUrl);
  url.pathname = `/vivier_admin_provider_${randomBytes(4).toString('hex')}`;
  return url.toString();
})();
const KEY = Buffer.alloc(32, 5).toString('base64');
const SECRET = 'sk-admin-entered-0123456789';
const box = createSecretBox(KEY);

let endpoint: FakeLlm;
let demo: FakeLlm;
/** A production worker whose egress allow-list names 127.0.0.1 (where the "endpoint" really is). */
let allowed: { chat: ChatServiceStandIn; worker: TestWorker };
/** A production worker with the default egress policy: loopback refused. */
let guarded: { chat: ChatServiceStandIn; worker: TestWorker };

async function startPair(env: Record<string, string>) {
  const chat = createChatServiceStandIn();
  const worker = await startTestWorker({
    prefix: chat.prefix,
    fake: demo,
    env: { NODE_ENV: 'production', PROVIDER_KEY_ENCRYPTION_KEY: KEY, PROVIDER_SETTINGS_TTL_MS: '0', ...env },
  });
  return { chat, worker };
}

beforeAll(async () => {
  await ensureDatabase(ownDatabaseUrl);
  await migrateDatabase(ownDatabaseUrl);
  process.env.DATABASE_URL = ownDatabaseUrl;
  endpoint = await startFakeLlm({ tokenDelayMs: 0, models: ['llama3', 'qwen3'] });
  demo = await startFakeLlm({ tokenDelayMs: 0 });
  allowed = await startPair({ EGRESS_ALLOWED_HOSTS: '127.0.0.1' });
  guarded = await startPair({});
});
afterAll(async () => {
  for (const pair of [allowed, guarded]) {
    await pair?.worker.close();
    await pair?.chat.close();
  }
  await endpoint?.close();
  await demo?.close();
  process.env.DATABASE_URL = sharedDatabaseUrl;
  await dropDatabase(ownDatabaseUrl);
});

/** A ProviderConfig row as admin-service writes it: the key encrypted under the shared key. */
async function addProvider(fields: Partial<Prisma.ProviderConfigCreateInput> = {}) {
  return allowed.chat.prisma.providerConfig.create({
    data: {
      id: newId('provider'),
      kind: 'openai-compatible',
      label: 'Team vLLM',
      baseUrl: endpoint.openaiBaseUrl,
      apiKeyEncrypted: box.encrypt(SECRET),
      ...fields,
    },
  });
}

const unique = (text: string) => `${text} ${randomBytes(4).toString('hex')}`;
const deltasOf = (frames: StreamFrame[]) =>
  frames.flatMap((frame) => (frame.type === 'delta' ? [frame.text] : [])).join('');

describe('a generation on an admin-managed provider', () => {
  it('calls the endpoint with the decrypted key and bills at the admin’s prices', async () => {
    const row = await addProvider({
      modelOverrides: { qwen3: { inputPerMTokMicros: 3_000_000, outputPerMTokMicros: 7_000_000 } },
    });
    const prompt = unique('Name three lighthouses');
    const sent = await allowed.chat.postMessage(prompt, { provider: row.id, model: 'qwen3' });
    const frames = await allowed.chat.waitForEnd(sent.generationId, 20_000);

    expect(frames.at(-1)).toMatchObject({ type: 'done' });
    expect(deltasOf(frames)).toBe(fakeReply(prompt));
    const request = endpoint.requests.find((entry) => entry.lastUserText === prompt);
    expect(request).toMatchObject({ model: 'qwen3', path: '/v1/chat/completions' });
    expect(request?.headers.authorization).toBe(`Bearer ${SECRET}`);

    // $3 and $7 per million tokens: 3 and 7 micro-dollars a token.
    const { inputTokens, outputTokens } = request as { inputTokens: number; outputTokens: number };
    const expectedCost = inputTokens * 3 + outputTokens * 7;
    const done = frames.at(-1) as {
      costMicros: number;
      usage: { inputTokens: number; outputTokens: number };
    };
    expect(done.usage).toEqual({ inputTokens, outputTokens });
    expect(done.costMicros).toBe(expectedCost);
    const generation = await allowed.chat.loadGeneration(sent.generationId);
    expect(Number(generation.assistantMessage.costMicros)).toBe(expectedCost);
    const [usage] = await allowed.chat.usageEventsFor(sent.generationId);
    expect(usage).toMatchObject({ data: { provider: row.id, model: 'qwen3', costMicros: expectedCost } });
  }, 30_000);

  it('is refused by the egress guard when the endpoint resolves to loopback and the allow-list does not name it', async () => {
    const row = await addProvider({ baseUrl: `http://localhost:${new URL(endpoint.url).port}/v1` });
    const prompt = unique('Never delivered');
    const sent = await guarded.chat.postMessage(prompt, { provider: row.id, model: 'llama3' });
    const frames = await guarded.chat.waitForEnd(sent.generationId, 20_000);
    expect(frames.at(-1)).toMatchObject({
      type: 'error',
      code: 'PROVIDER_UNAVAILABLE',
      message: expect.stringMatching(/egress policy/),
    });
    expect(endpoint.requests.some((entry) => entry.lastUserText === prompt)).toBe(false);

    const literal = await addProvider({ baseUrl: endpoint.openaiBaseUrl });
    const second = await guarded.chat.postMessage(unique('Also never delivered'), {
      provider: literal.id,
      model: 'llama3',
    });
    expect((await guarded.chat.waitForEnd(second.generationId, 20_000)).at(-1)).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/egress policy/),
    });
    expect((await guarded.chat.loadGeneration(second.generationId)).status).toBe('failed');
  }, 30_000);

  it('checks model access again and never calls the provider for a user outside the allowed groups', async () => {
    // A group nobody is in: chat-service would have refused the send; this is the access revoked
    // between the send and the worker's call.
    const team = await allowed.chat.prisma.group.create({
      data: { id: newId('group'), name: unique('Team') },
    });
    const row = await addProvider({ modelOverrides: { qwen3: { groupIds: [team.id] } } });
    const prompt = unique('Revoked before the call');
    const sent = await allowed.chat.postMessage(prompt, { provider: row.id, model: 'qwen3' });
    const frames = await allowed.chat.waitForEnd(sent.generationId, 20_000);
    expect(frames.at(-1)).toMatchObject({
      type: 'error',
      code: 'PROVIDER_UNAVAILABLE',
      message: expect.stringMatching(/do not have access to "qwen3"/),
    });
    expect(endpoint.requests.some((entry) => entry.lastUserText === prompt)).toBe(false);
    expect((await allowed.chat.loadGeneration(sent.generationId)).status).toBe('failed');
  }, 30_000);

  it('titles a chat only while its user may still use the model', async () => {
    const team = await allowed.chat.prisma.group.create({
      data: { id: newId('group'), name: unique('Title team') },
    });
    const row = await addProvider({ modelOverrides: { qwen3: { groupIds: [team.id] } } });
    // The exchange as chat-service leaves it; its user is outside the team (access revoked since).
    const prompt = unique('Title me later');
    const sent = await allowed.chat.postMessage(prompt, {
      provider: row.id,
      model: 'qwen3',
      title: 'New chat',
    });
    await allowed.chat.waitForEnd(sent.generationId, 20_000);
    const titles = createTitleQueue({ connection: { url: testRedisUrl() }, prefix: allowed.chat.prefix });
    const job = {
      chatId: sent.chatId,
      userMessageId: sent.userMessageId,
      assistantMessageId: sent.assistantMessageId,
      provider: row.id,
      model: 'qwen3',
    };
    const titleRequests = () =>
      endpoint.requests.filter((entry) => entry.stream === false && entry.lastUserText?.includes(prompt));
    try {
      await titles.enqueue(job);
      await eventually(async () =>
        allowed.worker.logs.lines.some((raw) => {
          const line = JSON.parse(raw) as { msg?: string; chatId?: string };
          return (
            line.msg === 'chat title skipped: the model is no longer usable' && line.chatId === sent.chatId
          );
        }),
      );
      expect(titleRequests()).toEqual([]);
      expect((await allowed.chat.prisma.chat.findUniqueOrThrow({ where: { id: sent.chatId } })).title).toBe(
        'New chat',
      );

      // Back in the team: the same job now asks the model and renames the chat.
      await allowed.chat.prisma.groupMember.create({ data: { groupId: team.id, userId: sent.userId } });
      await titles.enqueue(job);
      await eventually(async () => {
        const chat = await allowed.chat.prisma.chat.findUniqueOrThrow({ where: { id: sent.chatId } });
        return chat.title !== 'New chat';
      }, 20_000);
      expect(titleRequests()).toHaveLength(1);
    } finally {
      await titles.close();
    }
  }, 40_000);

  it('fails clearly when the model was disabled after the message was sent', async () => {
    const row = await addProvider({ modelOverrides: { llama3: { enabled: false } } });
    const prompt = unique('Too late');
    const sent = await allowed.chat.postMessage(prompt, { provider: row.id, model: 'llama3' });
    const frames = await allowed.chat.waitForEnd(sent.generationId, 20_000);
    expect(frames.at(-1)).toMatchObject({
      type: 'error',
      code: 'PROVIDER_UNAVAILABLE',
      message: 'This model is not available: "llama3" has been disabled by an administrator.',
    });
    expect(endpoint.requests.some((entry) => entry.lastUserText === prompt)).toBe(false);

    const off = await addProvider({ enabled: false });
    const next = await allowed.chat.postMessage(unique('Provider off'), { provider: off.id, model: 'qwen3' });
    expect((await allowed.chat.waitForEnd(next.generationId, 20_000)).at(-1)).toMatchObject({
      type: 'error',
      message: 'This model is not available: the provider "Team vLLM" has been disabled by an administrator.',
    });
  }, 30_000);
});

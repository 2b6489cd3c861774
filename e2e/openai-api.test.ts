import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI, { AuthenticationError, PermissionDeniedError, RateLimitError } from 'openai';
import { randomBytes } from 'node:crypto';
import { createPrismaClient } from '@vivier/db';
import {
  eventually,
  fakeReply,
  startFakeLlm,
  startSmtpSink,
  testDatabaseUrl,
  uniqueEmail,
  type FakeLlm,
  type SmtpSink,
} from '@vivier/testkit';
import type { Stack } from '../scripts/lib/stack';
import { GENEROUS_LIMITS, startTestStack } from './test-stack';
import { createClient } from './chat-client';

/**
 * The OpenAI-compatible API over real processes, with the official `openai` SDK as the client:
 * SDK → gateway /v1 (API key → access token) → chat-service → Redis Streams → provider-worker →
 * the fake LLM, and back as OpenAI's JSON or SSE chunks; billed through billing-service's ledger.
 */
const PASSWORD = 'Correct-Horse-9-Battery';
let stack: Stack;
let smtp: SmtpSink;
let fake: FakeLlm;
let client: ReturnType<typeof createClient>;
const prisma = createPrismaClient(testDatabaseUrl());

interface Account {
  id: string;
  token: string;
}

async function register(label: string): Promise<Account> {
  const registered = await client.call('POST', '/api/auth/register', {
    body: { email: uniqueEmail(label), password: PASSWORD },
  });
  expect(registered.status, registered.text).toBe(201);
  return { id: registered.json.user.id, token: registered.json.accessToken };
}

async function createKey(account: Account, name = 'sdk') {
  const created = await client.call('POST', '/api/keys', { token: account.token, body: { name } });
  expect(created.status, created.text).toBe(201);
  return created.json as { key: { id: string; prefix: string }; secret: string };
}

/** A new account made an admin, signed in again so its token carries the role. */
async function registerAdmin(label: string): Promise<{ account: Account; adminToken: string }> {
  const account = await register(label);
  await prisma.user.update({ where: { id: account.id }, data: { role: 'ADMIN' } });
  const admin = await client.call('POST', '/api/auth/login', {
    body: {
      email: (await prisma.user.findUniqueOrThrow({ where: { id: account.id } })).email,
      password: PASSWORD,
    },
  });
  return { account, adminToken: admin.json.accessToken as string };
}

const setApiAccess = (adminToken: string, enabled: boolean) =>
  client.call('PUT', '/api/admin/api-access', { token: adminToken, body: { enabled } });

const sdkWith = (secret: string) =>
  new OpenAI({ apiKey: secret, baseURL: `${stack.gateway.url}/v1`, maxRetries: 0 });

beforeAll(async () => {
  smtp = await startSmtpSink();
  fake = await startFakeLlm({ tokenDelayMs: 2 });
  stack = await startTestStack({
    label: 'e2e-openai',
    smtpUrl: smtp.url,
    env: {
      ...GENEROUS_LIMITS,
      OPENAI_COMPATIBLE_BASE_URL: fake.openaiBaseUrl,
      OPENAI_COMPATIBLE_MODELS: 'fake',
      API_KEY_CACHE_SECONDS: '1',
    },
  });
  client = createClient(stack.gateway.url);
  // The API switch is one row in the run's database, which admin-service's own tests turn off and
  // on while other files run, and this stack copies it into its Redis once, at start: a start
  // inside that window left the API off for this whole file. Turned on here through the admin API.
  const { adminToken } = await registerAdmin('openai-setup');
  expect((await setApiAccess(adminToken, true)).status).toBe(200);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await fake?.close();
  await smtp?.close();
  await prisma.$disconnect();
});

describe('the OpenAI-compatible API with the openai SDK', () => {
  it('lists models, answers and streams through the worker, charges the ledger and keeps no chat', async () => {
    const account = await register('openai-sdk');
    const { secret } = await createKey(account);
    const openai = sdkWith(secret);

    const models = await openai.models.list();
    expect(models.data.map((model) => model.id)).toContain('fake');

    const prompt = 'Tell me about moss on old stones.';
    const completion = await openai.chat.completions.create({
      model: 'fake',
      messages: [
        { role: 'system', content: 'You are a botanist.' },
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hi there.' },
        { role: 'user', content: prompt },
      ],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.message.content).toBe(fakeReply(prompt));
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
    // The provider saw the whole conversation, system prompt included.
    const seen = fake.requests.findLast((request) => request.lastUserText === prompt);
    expect(JSON.stringify(seen?.body)).toContain('You are a botanist.');
    expect(JSON.stringify(seen?.body)).toContain('Hi there.');

    const streamPrompt = 'And lichen on the north side?';
    const stream = await openai.chat.completions.create({
      model: 'fake',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: streamPrompt }],
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe(fakeReply(streamPrompt));
    expect(chunks.filter((chunk) => chunk.choices[0]?.delta.content).length).toBeGreaterThan(1);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    const usage = chunks.at(-1)?.usage;
    expect(usage?.completion_tokens).toBeGreaterThan(0);

    // Both answers are in the usage ledger, as a web chat's would be; no chat was kept.
    const ledger = await eventually(async () => {
      const report = await client.call('GET', '/api/billing/usage', { token: account.token });
      return report.json.totals.outputTokens ===
        completion.usage!.completion_tokens + usage!.completion_tokens
        ? report.json
        : undefined;
    }, 15_000);
    expect(ledger.items.map((item: { model: string }) => item.model)).toEqual(['fake']);
    const chats = await eventually(async () => {
      const listed = await client.call('GET', '/api/chats', { token: account.token });
      return listed.json.items.length === 0 ? listed : undefined;
    });
    expect(chats.json.items).toEqual([]);

    const keys = await client.call('GET', '/api/keys', { token: account.token });
    expect(keys.json.items[0].lastUsedAt).toEqual(expect.any(String));
  });

  it('keeps the chat with `store: true`, and another user never reaches it', async () => {
    const owner = await register('openai-store');
    const openai = sdkWith((await createKey(owner)).secret);
    const completion = await openai.chat.completions.create({
      model: 'fake',
      store: true,
      messages: [{ role: 'user', content: 'Keep this one' }],
    });
    const chatId = (completion as unknown as { vivier_chat_id: string }).vivier_chat_id;
    const listed = await client.call('GET', '/api/chats', { token: owner.token });
    expect(listed.json.items.map((chat: { id: string }) => chat.id)).toEqual([chatId]);
    const messages = await client.call('GET', `/api/chats/${chatId}/messages`, { token: owner.token });
    expect(messages.json.items.map((message: { content: string }) => message.content)).toEqual([
      'Keep this one',
      fakeReply('Keep this one'),
    ]);

    const stranger = await register('openai-stranger');
    for (const path of [`/api/chats/${chatId}`, `/api/chats/${chatId}/messages`]) {
      expect((await client.call('GET', path, { token: stranger.token })).status).toBe(404);
    }
  });

  it('refuses a revoked key with AuthenticationError within the key cache', async () => {
    const account = await register('openai-revoke');
    const { key, secret } = await createKey(account);
    const openai = sdkWith(secret);
    await openai.models.list();
    const revoked = await client.call('DELETE', `/api/keys/${key.id}`, { token: account.token });
    expect(revoked.status).toBe(204);
    const error = await eventually(async () => {
      const failure = await openai.models.list().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      return failure;
    }, 10_000);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).code).toBe('invalid_api_key');
    await expect(sdkWith('vv-never-issued').models.list()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('refuses a user whose allowance is spent with 429 insufficient_quota, and nothing is asked of the provider', async () => {
    const account = await register('openai-quota');
    // A plan of its own with nothing to spend (the shared default plan is left alone).
    const plan = await prisma.plan.create({
      data: {
        id: `pln_e2e${randomBytes(8).toString('hex')}`,
        slug: `empty-${account.id}`,
        name: 'Empty',
        priceMonthlyCents: 0,
        allowanceMicros: 0n,
      },
    });
    await prisma.subscription.create({
      data: {
        id: `sub_e2e${randomBytes(8).toString('hex')}`,
        userId: account.id,
        planId: plan.id,
        status: 'active',
      },
    });
    const openai = sdkWith((await createKey(account)).secret);
    // A user billing has never been asked about may have one answer started unverified (issue 11:
    // the first send does not wait for billing; overspend is bounded by that one answer).
    await openai.chat.completions
      .create({ model: 'fake', messages: [{ role: 'user', content: 'A first question' }] })
      .catch(() => undefined);
    const prompt = 'Anything at all, please';
    const error = await openai.chat.completions
      .create({ model: 'fake', messages: [{ role: 'user', content: prompt }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).code).toBe('insufficient_quota');
    expect(fake.requests.some((request) => request.lastUserText === prompt)).toBe(false);
    expect((await client.call('GET', '/api/chats', { token: account.token })).json.items).toEqual([]);
  });

  it('answers 403 (PermissionDeniedError) at once while an admin has turned the API off', async () => {
    const { account, adminToken } = await registerAdmin('openai-admin');
    const openai = sdkWith((await createKey(account)).secret);
    const turn = (enabled: boolean) => setApiAccess(adminToken, enabled);
    expect((await turn(false)).status).toBe(200);
    try {
      const error = await openai.models.list().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PermissionDeniedError);
    } finally {
      expect((await turn(true)).status).toBe(200);
    }
    await expect(openai.models.list()).resolves.toBeDefined();
    const audit = await client.call('GET', '/api/admin/audit-log', { token: adminToken });
    const mine = audit.json.items.filter((entry: { actorId: string }) => entry.actorId === account.id);
    expect(mine.map((entry: { action: string; after: unknown }) => [entry.action, entry.after])).toEqual([
      ['api-access.update', { enabled: true, groupIds: [] }],
      ['api-access.update', { enabled: false, groupIds: [] }],
    ]);
  });
});

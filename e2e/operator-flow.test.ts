import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, dropDatabase, ensureDatabase, migrateDatabase, seedDatabase } from '@vivier/db';
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
import { answerOf, createClient } from './chat-client';

/**
 * The operator side over real processes: an admin adds an OpenAI-compatible endpoint that users
 * then chat through, disables a model, edits a plan's allowance, disables and demotes users — each
 * taking effect for the users at once, through the gateway.
 *
 * Own database: provider settings and plans are global, and the other end-to-end files (and the
 * shared conformance checks) run against the run's shared database at the same time.
 */
const PASSWORD = 'Correct-Horse-9-Battery';
const databaseUrl = (() => {
  const url = new URL(testDatabaseUrl());
  url.pathname = `/vivier_e2e_operator_${randomBytes(4).toString('hex')}`;
  return url.toString();
})();

let stack: Stack;
let smtp: SmtpSink;
let fake: FakeLlm;
let client: ReturnType<typeof createClient>;
let prisma: ReturnType<typeof createPrismaClient>;

interface Session {
  id: string;
  email: string;
  accessToken: string;
  refreshToken: string;
}

/** The refresh token from the login's Set-Cookie (API clients may send it back in the body). */
async function login(email: string): Promise<{ status: number; session?: Session; code?: string }> {
  const response = await fetch(`${stack.gateway.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const body = (await response.json()) as {
    user?: { id: string };
    accessToken?: string;
    error?: { code: string };
  };
  if (response.status !== 200) return { status: response.status, code: body.error?.code };
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith('vivier_refresh='))!;
  const refreshToken = decodeURIComponent(cookie.split(';')[0]!.slice('vivier_refresh='.length));
  return { status: 200, session: { id: body.user!.id, email, accessToken: body.accessToken!, refreshToken } };
}

async function register(label: string): Promise<Session> {
  const email = uniqueEmail(label);
  const registered = await client.call('POST', '/api/auth/register', { body: { email, password: PASSWORD } });
  expect(registered.status).toBe(201);
  return (await login(email)).session!;
}

async function refresh(session: Session): Promise<Session> {
  const response = await client.call('POST', '/api/auth/refresh', {
    body: { refreshToken: session.refreshToken },
  });
  expect(response.status).toBe(200);
  return {
    ...session,
    accessToken: response.json.accessToken,
    refreshToken: response.json.refreshToken ?? session.refreshToken,
  };
}

let admin: Session;

beforeAll(async () => {
  await ensureDatabase(databaseUrl);
  await migrateDatabase(databaseUrl);
  prisma = createPrismaClient(databaseUrl);
  await seedDatabase(prisma);
  smtp = await startSmtpSink();
  fake = await startFakeLlm({ tokenDelayMs: 1 });
  stack = await startTestStack({
    label: 'e2e-operator',
    databaseUrl,
    smtpUrl: smtp.url,
    env: {
      ...GENEROUS_LIMITS,
      // The fake LLM listens on 127.0.0.1: the one private address the egress guard lets admins
      // point at (127.0.0.2, 10/8, link-local and the rest stay refused).
      EGRESS_ALLOWED_HOSTS: '127.0.0.1',
    },
  });
  client = createClient(stack.gateway.url);
  const first = await register('operator-admin');
  await prisma.user.update({ where: { id: first.id }, data: { role: 'ADMIN' } });
  admin = (await login(first.email)).session!;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await fake?.close();
  await smtp?.close();
  await prisma?.$disconnect();
  await dropDatabase(databaseUrl).catch(() => {});
});

async function sendAndWatch(token: string, chatId: string, content: string) {
  const posted = await client.call('POST', `/api/chats/${chatId}/messages`, { token, body: { content } });
  if (posted.status !== 202) return { posted, frames: [] };
  return { posted, frames: await client.watch(posted.json.generationId, token) };
}

describe('admin-managed providers', () => {
  it('an endpoint an admin adds serves users at once, with its key, prices and default; disabling its model hides it', async () => {
    const user = await register('operator-user');
    const added = await client.call('PUT', '/api/admin/providers', {
      token: admin.accessToken,
      body: {
        providers: [
          {
            kind: 'openai-compatible',
            label: 'Team vLLM',
            baseUrl: fake.openaiBaseUrl,
            apiKey: 'sk-team-e2e-secret',
          },
        ],
        defaultModel: null,
      },
    });
    expect(added.status, added.text).toBe(200);
    expect(added.text).not.toContain('sk-team-e2e-secret');
    const providerId = added.json.providers[0].id as string;
    expect(added.json.providers[0]).toMatchObject({ label: 'Team vLLM', hasApiKey: true });

    const pricing = { inputPerMTokMicros: 1_000_000, outputPerMTokMicros: 2_000_000 };
    const configured = await client.call('PUT', '/api/admin/providers', {
      token: admin.accessToken,
      body: {
        providers: [
          {
            id: providerId,
            kind: 'openai-compatible',
            label: 'Team vLLM',
            baseUrl: fake.openaiBaseUrl,
            modelOverrides: { fake: pricing },
          },
        ],
        defaultModel: { provider: providerId, model: 'fake' },
      },
    });
    expect(configured.status, configured.text).toBe(200);

    const offered = await eventually(async () => {
      const models = await client.call('GET', '/api/models', { token: user.accessToken });
      return models.json.items.find(
        (model: { provider: string; id: string; pricing: object }) =>
          model.provider === providerId &&
          model.id === 'fake' &&
          JSON.stringify(model.pricing) === JSON.stringify(pricing),
      );
    }, 10_000);
    expect(offered).toMatchObject({ providerLabel: 'Team vLLM', default: true, pricing });

    const chat = await client.call('POST', '/api/chats', {
      token: user.accessToken,
      body: { provider: providerId, model: 'fake' },
    });
    expect(chat.status, chat.text).toBe(201);
    const prompt = `Where do herons nest ${randomBytes(3).toString('hex')}`;
    const { frames } = await sendAndWatch(user.accessToken, chat.json.id, prompt);
    const done = frames.at(-1)!;
    expect(done.type).toBe('done');
    expect(answerOf(frames)).toBe(fakeReply(prompt));
    // Billed at the admin's prices ($1 / $2 per million tokens: 1 and 2 micro-dollars a token),
    // and the stored key reached the endpoint decrypted.
    expect(done.costMicros).toBe(done.usage!.inputTokens + 2 * done.usage!.outputTokens);
    const request = fake.requests.find((entry) => entry.lastUserText === prompt)!;
    expect(request.headers.authorization).toBe('Bearer sk-team-e2e-secret');

    const disabled = await client.call('PUT', '/api/admin/providers', {
      token: admin.accessToken,
      body: {
        providers: [
          {
            id: providerId,
            kind: 'openai-compatible',
            label: 'Team vLLM',
            baseUrl: fake.openaiBaseUrl,
            modelOverrides: { fake: { enabled: false } },
          },
        ],
        defaultModel: null,
      },
    });
    expect(disabled.status, disabled.text).toBe(200);
    // The change notice drops the caches at once; well within the 5 s cache lifetime.
    await eventually(async () => {
      const models = await client.call('GET', '/api/models', { token: user.accessToken });
      // The endpoint also serves `fake-thinking`, which stays: only the disabled model goes.
      return models.json.items.some(
        (model: { provider: string; id: string }) => model.provider === providerId && model.id === 'fake',
      )
        ? undefined
        : true;
    }, 4_000);
    const refused = await client.call('POST', `/api/chats/${chat.json.id}/messages`, {
      token: user.accessToken,
      body: { content: 'Still there?' },
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error.details[0].message).toMatch(/disabled by an administrator/);
  });

  it('refuses endpoints at private, link-local, metadata and mapped addresses through the gateway', async () => {
    for (const baseUrl of [
      'http://169.254.169.254/v1',
      'http://10.0.0.8/v1',
      'http://[::ffff:7f00:1]:8080/v1',
      'http://2130706434/v1',
      'http://0x7f000002/v1',
    ]) {
      const response = await client.call('PUT', '/api/admin/providers', {
        token: admin.accessToken,
        body: { providers: [{ kind: 'openai-compatible', label: 'Sneaky', baseUrl }], defaultModel: null },
      });
      expect(response.status, baseUrl).toBe(400);
      expect(response.json.error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('admins and users', () => {
  it("a user's token is refused on every admin route", async () => {
    const user = await register('operator-nosy');
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/admin/users'],
      ['PATCH', `/api/admin/users/${admin.id}`, { role: 'USER' }],
      ['GET', '/api/admin/stats'],
      ['GET', '/api/admin/providers'],
      ['PUT', '/api/admin/providers', { providers: [], defaultModel: null }],
      ['GET', '/api/admin/audit-log'],
      ['GET', '/api/admin/plans'],
    ];
    for (const [method, path, body] of routes) {
      const response = await client.call(method, path, { token: user.accessToken, body });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.json.error.code).toBe('FORBIDDEN');
    }
  });

  it('disabling a user refuses their live token at once and their login; enabling lets them back', async () => {
    const user = await register('operator-disabled');
    expect((await client.call('GET', '/api/chats', { token: user.accessToken })).status).toBe(200);

    const patched = await client.call('PATCH', `/api/admin/users/${user.id}`, {
      token: admin.accessToken,
      body: { disabled: true },
    });
    expect(patched.status, patched.text).toBe(200);
    expect((await client.call('GET', '/api/chats', { token: user.accessToken })).status).toBe(401);
    expect(
      (await client.call('POST', '/api/auth/refresh', { body: { refreshToken: user.refreshToken } })).status,
    ).toBe(401);
    expect(await login(user.email)).toMatchObject({ status: 403, code: 'ACCOUNT_DISABLED' });

    expect(
      (
        await client.call('PATCH', `/api/admin/users/${user.id}`, {
          token: admin.accessToken,
          body: { disabled: false },
        })
      ).status,
    ).toBe(200);
    expect((await login(user.email)).status).toBe(200);

    const audit = await client.call('GET', '/api/admin/audit-log', { token: admin.accessToken });
    const actions = audit.json.items.filter((entry: { targetId: string }) => entry.targetId === user.id);
    expect(actions.map((entry: { action: string }) => entry.action)).toEqual(['user.enable', 'user.disable']);
    expect(actions[1]).toMatchObject({
      actorId: admin.id,
      actorEmail: admin.email,
      targetEmail: user.email,
      before: { disabled: false },
      after: { disabled: true },
    });
  });

  it('a promotion or demotion applies at once: a token with the old role is refused, the refreshed one carries the new', async () => {
    let member = await register('operator-member');
    expect(
      (
        await client.call('PATCH', `/api/admin/users/${member.id}`, {
          token: admin.accessToken,
          body: { role: 'ADMIN' },
        })
      ).status,
    ).toBe(200);
    const stale = await client.call('GET', '/api/admin/users', { token: member.accessToken });
    expect(stale.status).toBe(401);
    member = await refresh(member);
    expect((await client.call('GET', '/api/admin/users', { token: member.accessToken })).status).toBe(200);

    expect(
      (
        await client.call('PATCH', `/api/admin/users/${member.id}`, {
          token: admin.accessToken,
          body: { role: 'USER' },
        })
      ).status,
    ).toBe(200);
    expect((await client.call('GET', '/api/admin/users', { token: member.accessToken })).status).toBe(401);
    member = await refresh(member);
    expect((await client.call('GET', '/api/admin/users', { token: member.accessToken })).status).toBe(403);
    expect((await client.call('GET', '/api/chats', { token: member.accessToken })).status).toBe(200);
  });
});

describe('plans', () => {
  it("an admin's new allowance applies to the very next message: over it, 402 with used, limit and reset, and nothing starts", async () => {
    // An env-free stack has no provider but the admin endpoint: add one the user can spend on.
    const configured = await client.call('PUT', '/api/admin/providers', {
      token: admin.accessToken,
      body: {
        providers: [{ kind: 'openai-compatible', label: 'Plan test', baseUrl: fake.openaiBaseUrl }],
        defaultModel: null,
      },
    });
    expect(configured.status, configured.text).toBe(200);
    const providerId = configured.json.providers[0].id as string;
    const user = await register('operator-quota');
    const chat = await eventually(async () => {
      const created = await client.call('POST', '/api/chats', {
        token: user.accessToken,
        body: { provider: providerId, model: 'fake' },
      });
      return created.status === 201 ? created.json : undefined;
    }, 10_000);

    const plans = await client.call('GET', '/api/admin/plans', { token: admin.accessToken });
    expect(plans.status, plans.text).toBe(200);
    const free = plans.json.items.find((plan: { isDefault: boolean }) => plan.isDefault);
    const tiny = await client.call('PATCH', `/api/admin/plans/${free.id}`, {
      token: admin.accessToken,
      body: { allowanceMicros: 1 },
    });
    expect(tiny.status, tiny.text).toBe(200);

    const first = await sendAndWatch(user.accessToken, chat.id, 'A first question about moss');
    expect(first.frames.at(-1)?.type).toBe('done');
    expect(first.frames.at(-1)?.costMicros).toBeGreaterThan(1);
    // Every attempt is refused: until billing has booked the first answer from the bus, that
    // answer's reservation still holds the allowance (used 0); once it has, the usage is the cost.
    const refused = await eventually(async () => {
      const attempt = await client.call('POST', `/api/chats/${chat.id}/messages`, {
        token: user.accessToken,
        body: { content: 'And lichen?' },
      });
      expect(attempt.status, attempt.text).toBe(402);
      return attempt.json.error.meta.usedMicros > 0 ? attempt : undefined;
    }, 10_000);
    expect(refused.json.error).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      meta: { usedMicros: first.frames.at(-1)!.costMicros, limitMicros: 1, resetsAt: expect.any(String) },
    });
    const messages = await client.call('GET', `/api/chats/${chat.id}/messages`, { token: user.accessToken });
    expect(messages.json.items.map((message: { content: string }) => message.content)).not.toContain(
      'And lichen?',
    );
    expect(fake.requests.some((entry) => entry.lastUserText === 'And lichen?')).toBe(false);

    const subscription = await client.call('GET', '/api/billing/subscription', { token: user.accessToken });
    expect(subscription.json).toMatchObject({ plan: { id: free.id, allowanceMicros: 1 } });
  });
});

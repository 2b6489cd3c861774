import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { createPrismaClient } from '@vivier/db';
import { createDisabledUsers, INTERNAL_TOKEN_HEADER } from '@vivier/service-kit';
import { testDatabaseUrl, tokenFromEmail, uniqueEmail } from '@vivier/testkit';
import { startTestAuthService } from '../test-support';
import { REFRESH_COOKIE } from './auth';

type TestService = Awaited<ReturnType<typeof startTestAuthService>>;
let service: TestService;
/** The whole schema, to set up rows other services own (chats, files, subscriptions). */
const prisma = createPrismaClient(testDatabaseUrl());
const PASSWORD = 'Correct-Horse-9-Battery';

beforeAll(async () => {
  service = await startTestAuthService();
});
afterAll(async () => {
  await service.close();
  await prisma.$disconnect();
});

interface Session {
  email: string;
  userId: string;
  accessToken: string;
  refreshToken: string;
}

function inject(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token?: string, payload?: object) {
  return service.app.inject({
    method,
    url,
    payload,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'user-agent': 'account-test' },
  });
}
const refreshCookieOf = (response: { cookies: Array<{ name: string; value: string }> }) =>
  response.cookies.find((cookie) => cookie.name === REFRESH_COOKIE)?.value;

async function register(email = uniqueEmail('acct')): Promise<Session> {
  const response = await inject('POST', '/api/auth/register', undefined, {
    email,
    password: PASSWORD,
    name: 'Ada',
  });
  expect(response.statusCode).toBe(201);
  const body = response.json();
  return {
    email,
    userId: body.user.id,
    accessToken: body.accessToken,
    refreshToken: refreshCookieOf(response)!,
  };
}
async function login(email: string, password = PASSWORD): Promise<Session> {
  const response = await inject('POST', '/api/auth/login', undefined, { email, password });
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json();
  return {
    email,
    userId: body.user.id,
    accessToken: body.accessToken,
    refreshToken: refreshCookieOf(response)!,
  };
}
const refresh = (refreshToken: string) =>
  service.app.inject({
    method: 'POST',
    url: '/api/auth/refresh',
    headers: { cookie: `${REFRESH_COOKIE}=${refreshToken}`, 'user-agent': 'account-test' },
  });
const refusalFor = (session: Session, sessionId: string) =>
  createDisabledUsers(service.deps.redis, service.env.REDIS_PREFIX).refusalFor({
    id: session.userId,
    role: 'USER',
    sessionId,
  });
const sidOf = (accessToken: string): string =>
  JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()).sid;

describe('GET and PATCH /api/auth/me', () => {
  it('renames at once; a new email waits for the link sent to it, then replaces the old one, which is told', async () => {
    const ada = await register();
    expect((await inject('GET', '/api/auth/me', ada.accessToken)).json()).toMatchObject({
      user: { email: ada.email, name: 'Ada' },
      pendingEmail: null,
    });

    const renamed = await inject('PATCH', '/api/auth/me', ada.accessToken, { name: '  Ada Lovelace ' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().user.name).toBe('Ada Lovelace');

    const newEmail = uniqueEmail('moved');
    const asked = await inject('PATCH', '/api/auth/me', ada.accessToken, { email: newEmail.toUpperCase() });
    expect(asked.statusCode).toBe(200);
    expect(asked.json()).toMatchObject({ user: { email: ada.email }, pendingEmail: newEmail });
    // Until confirmed the old address still signs in, the new one does not.
    await login(ada.email);
    expect(
      (await inject('POST', '/api/auth/login', undefined, { email: newEmail, password: PASSWORD }))
        .statusCode,
    ).toBe(401);

    const link = await service.smtp.waitFor((mail) => mail.to.includes(newEmail));
    expect(link.subject).toMatch(/new email/i);
    const confirmed = await inject('POST', '/api/auth/verify-email', undefined, {
      token: tokenFromEmail(link),
    });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().user).toMatchObject({ email: newEmail, emailVerified: true });
    const notice = await service.smtp.waitFor(
      (mail) => mail.to.includes(ada.email) && /changed/i.test(mail.subject),
    );
    expect(notice.text).toContain(newEmail);

    await login(newEmail);
    expect(
      (await inject('POST', '/api/auth/login', undefined, { email: ada.email, password: PASSWORD }))
        .statusCode,
    ).toBe(401);
    // The link works once.
    expect(
      (await inject('POST', '/api/auth/verify-email', undefined, { token: tokenFromEmail(link) })).statusCode,
    ).toBe(400);
  });

  it('refuses an email another account has (409), and an empty patch (400)', async () => {
    const ada = await register();
    const grace = await register();
    const taken = await inject('PATCH', '/api/auth/me', ada.accessToken, { email: grace.email });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('EMAIL_TAKEN');
    expect((await inject('PATCH', '/api/auth/me', ada.accessToken, {})).statusCode).toBe(400);
    expect((await inject('PATCH', '/api/auth/me', undefined, { name: 'x' })).statusCode).toBe(401);
  });
});

describe('POST /api/auth/change-password', () => {
  it('needs the current password; then signs every other session out and keeps this one', async () => {
    const here = await register();
    const elsewhere = await login(here.email);

    const wrong = await inject('POST', '/api/auth/change-password', here.accessToken, {
      currentPassword: 'not-my-password',
      newPassword: 'A-Brand-New-Pass-42',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'The current password is incorrect',
    });

    const changed = await inject('POST', '/api/auth/change-password', here.accessToken, {
      currentPassword: PASSWORD,
      newPassword: 'A-Brand-New-Pass-42',
    });
    expect(changed.statusCode).toBe(204);

    expect((await refresh(elsewhere.refreshToken)).statusCode).toBe(401);
    expect(await refusalFor(elsewhere, sidOf(elsewhere.accessToken))).toBe('session-revoked');
    expect((await refresh(here.refreshToken)).statusCode).toBe(200);
    expect(await refusalFor(here, sidOf(here.accessToken))).toBeNull();

    expect(
      (await inject('POST', '/api/auth/login', undefined, { email: here.email, password: PASSWORD }))
        .statusCode,
    ).toBe(401);
    await login(here.email, 'A-Brand-New-Pass-42');
  });

  it('refuses a weak new password, and throttles guessing the current one', async () => {
    const ada = await register();
    const weak = await inject('POST', '/api/auth/change-password', ada.accessToken, {
      currentPassword: PASSWORD,
      newPassword: 'password123',
    });
    expect(weak.statusCode).toBe(400);

    const strict = await startTestAuthService({ LOGIN_FAILURES_PER_15_MIN: '2' });
    try {
      const email = uniqueEmail('guess');
      const registered = await strict.app.inject({
        method: 'POST',
        url: '/api/auth/register',
        payload: { email, password: PASSWORD },
      });
      const token = registered.json().accessToken;
      const guess = () =>
        strict.app.inject({
          method: 'POST',
          url: '/api/auth/change-password',
          headers: { authorization: `Bearer ${token}` },
          payload: { currentPassword: 'guess-guess-guess', newPassword: 'A-Brand-New-Pass-42' },
        });
      expect((await guess()).statusCode).toBe(400);
      expect((await guess()).statusCode).toBe(400);
      const limited = await guess();
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBeDefined();
    } finally {
      await strict.close();
    }
  });
});

describe('GET and DELETE /api/auth/sessions', () => {
  it('lists each signed-in device with the current one marked, and signs one out at once', async () => {
    const laptop = await register();
    const phone = await login(laptop.email);
    // A refresh keeps the device (its family), it does not add one.
    expect((await refresh(phone.refreshToken)).statusCode).toBe(200);

    const listed = await inject('GET', '/api/auth/sessions', laptop.accessToken);
    expect(listed.statusCode).toBe(200);
    const items: Array<{ id: string; current: boolean; userAgent: string }> = listed.json().items;
    expect(items).toHaveLength(2);
    expect(items.find((item) => item.current)?.id).toBe(sidOf(laptop.accessToken));
    expect(items.every((item) => item.userAgent === 'account-test')).toBe(true);

    const phoneSid = sidOf(phone.accessToken);
    expect((await inject('DELETE', `/api/auth/sessions/${phoneSid}`, laptop.accessToken)).statusCode).toBe(
      204,
    );
    expect(await refusalFor(phone, phoneSid)).toBe('session-revoked');
    const after = (await inject('GET', '/api/auth/sessions', laptop.accessToken)).json().items;
    expect(after.map((item: { id: string }) => item.id)).toEqual([sidOf(laptop.accessToken)]);
    expect((await inject('DELETE', `/api/auth/sessions/${phoneSid}`, laptop.accessToken)).statusCode).toBe(
      404,
    );
  });

  it("answers 404 for another user's session and for ids that are not sessions", async () => {
    const ada = await register();
    const grace = await register();
    for (const id of [sidOf(grace.accessToken), newId('session'), 'not-an-id']) {
      const response = await inject('DELETE', `/api/auth/sessions/${id}`, ada.accessToken);
      expect(response.statusCode, id).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
    }
    expect((await refresh(grace.refreshToken)).statusCode).toBe(200);
  });
});

describe('DELETE /api/auth/me', () => {
  it('needs the password, then removes the account and what it owns; its files are left ownerless for the sweeper', async () => {
    const ada = await register();
    const bystander = await register();
    const chatId = newId('chat');
    await prisma.chat.create({
      data: { id: chatId, userId: ada.userId, title: 'Mine', provider: 'openai', model: 'gpt-4o-mini' },
    });
    const fileId = newId('file');
    await prisma.file.create({
      data: {
        id: fileId,
        userId: ada.userId,
        name: 'a.txt',
        contentType: 'text/plain',
        size: 1,
        storageKey: `files/aa/${fileId}`,
      },
    });
    const bystanderChat = newId('chat');
    await prisma.chat.create({
      data: {
        id: bystanderChat,
        userId: bystander.userId,
        title: 'Mine',
        provider: 'openai',
        model: 'gpt-4o-mini',
      },
    });

    const wrong = await inject('DELETE', '/api/auth/me', ada.accessToken, { password: 'nope-nope-nope' });
    expect(wrong.statusCode).toBe(400);
    // An account with a password cannot be deleted by typing its email instead.
    const emailOnly = await inject('DELETE', '/api/auth/me', ada.accessToken, { confirmEmail: ada.email });
    expect(emailOnly.statusCode).toBe(400);
    expect(emailOnly.json().error.details).toEqual([{ path: 'password', message: 'Enter your password' }]);
    expect((await inject('DELETE', '/api/auth/me', ada.accessToken, {})).statusCode).toBe(400);
    expect(await prisma.user.count({ where: { id: ada.userId } })).toBe(1);

    const deleted = await inject('DELETE', '/api/auth/me', ada.accessToken, { password: PASSWORD });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.cookies.find((cookie) => cookie.name === REFRESH_COOKIE)?.value).toBe('');

    expect(await prisma.user.count({ where: { id: ada.userId } })).toBe(0);
    expect(await prisma.chat.count({ where: { id: chatId } })).toBe(0);
    expect(await prisma.file.findUnique({ where: { id: fileId } })).toMatchObject({ userId: null });
    expect(await refusalFor(ada, sidOf(ada.accessToken))).toBe('disabled');
    expect((await refresh(ada.refreshToken)).statusCode).toBe(401);
    expect(
      (await inject('POST', '/api/auth/login', undefined, { email: ada.email, password: PASSWORD }))
        .statusCode,
    ).toBe(401);
    // Nobody else's data moved, and the address is free again.
    expect(await prisma.chat.count({ where: { id: bystanderChat } })).toBe(1);
    await register(ada.email);
  });

  // The "only admin" refusal is in oidc-signup-policy.int.test.ts: it needs a database of its own.
  it('refuses, changing nothing, while a paid subscription runs', async () => {
    const payer = await register();
    const planId = newId('plan');
    await prisma.plan.create({
      data: { id: planId, slug: planId, name: 'Pro', priceMonthlyCents: 2000, allowanceMicros: 10_000_000n },
    });
    await prisma.subscription.create({
      data: {
        id: newId('subscription'),
        userId: payer.userId,
        planId,
        status: 'active',
        stripeSubscriptionId: `sub_${planId}`,
      },
    });
    const paying = await inject('DELETE', '/api/auth/me', payer.accessToken, { password: PASSWORD });
    expect(paying.statusCode).toBe(409);
    expect(paying.json().error.message).toMatch(/subscription/);
    expect(await prisma.user.count({ where: { id: payer.userId } })).toBe(1);

    await prisma.subscription.updateMany({
      where: { userId: payer.userId },
      data: { cancelAtPeriodEnd: true },
    });
    expect(
      (await inject('DELETE', '/api/auth/me', payer.accessToken, { password: PASSWORD })).statusCode,
    ).toBe(204);
  });
});

describe('internal user administration', () => {
  const internal = (method: 'POST' | 'DELETE', url: string, payload?: object) =>
    service.app.inject({
      method,
      url,
      payload,
      headers: { [INTERNAL_TOKEN_HEADER]: service.env.INTERNAL_SERVICE_TOKEN },
    });

  it('creates an account whose owner chooses a password from the emailed link, which also verifies it', async () => {
    const email = uniqueEmail('created');
    const created = await internal('POST', '/internal/users', { email, name: 'Grace', role: 'USER' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      email,
      name: 'Grace',
      role: 'USER',
      emailVerified: false,
      disabled: false,
    });
    expect((await internal('POST', '/internal/users', { email })).statusCode).toBe(409);

    const mail = await service.smtp.waitFor((m) => m.to.includes(email));
    expect(mail.subject).toMatch(/account is ready/i);
    const reset = await inject('POST', '/api/auth/reset-password', undefined, {
      token: tokenFromEmail(mail),
      password: 'Graces-Own-Pass-77',
    });
    expect(reset.statusCode).toBe(200);
    const session = await inject('POST', '/api/auth/login', undefined, {
      email,
      password: 'Graces-Own-Pass-77',
    });
    expect(session.json().user).toMatchObject({ email, emailVerified: true });
  });

  it('sends a password reset on request, deletes users, and answers 404 for unknown ones and without the token', async () => {
    const ada = await register();
    expect((await internal('POST', `/internal/users/${ada.userId}/password-reset`)).statusCode).toBe(202);
    const mail = await service.smtp.waitFor((m) => m.to.includes(ada.email) && /reset/i.test(m.subject));
    expect(tokenFromEmail(mail)).toBeTruthy();

    expect((await internal('DELETE', `/internal/users/${ada.userId}`)).statusCode).toBe(204);
    expect((await internal('DELETE', `/internal/users/${ada.userId}`)).statusCode).toBe(404);
    expect((await internal('POST', `/internal/users/${newId('user')}/password-reset`)).statusCode).toBe(404);
    const grace = await register();
    const noToken = await service.app.inject({ method: 'DELETE', url: `/internal/users/${grace.userId}` });
    expect(noToken.statusCode).toBe(404);
    expect(await prisma.user.count({ where: { id: grace.userId } })).toBe(1);
  });
});

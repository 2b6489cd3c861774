import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { createDisabledUsers } from '@vivier/service-kit';
import { uniqueEmail } from '@vivier/testkit';
import { startTestAuthService } from '../test-support';
import { REFRESH_COOKIE } from './auth';

/**
 * Refresh-token rotation under concurrency: two tabs refreshing with the same cookie at once
 * (a quick navigation right after sign-in) both stay signed in; the same token presented after
 * its rotation is a replay and ends the session, as it always did.
 */
let service: Awaited<ReturnType<typeof startTestAuthService>>;

beforeAll(async () => {
  service = await startTestAuthService();
});
afterAll(async () => {
  await service.close();
});

const refresh = (token: string) =>
  service.app.inject({
    method: 'POST',
    url: '/api/auth/refresh',
    headers: { cookie: `${REFRESH_COOKIE}=${token}` },
  });
const cookieOf = (response: Awaited<ReturnType<typeof refresh>>) =>
  response.cookies.find((cookie) => cookie.name === REFRESH_COOKIE)?.value;
const me = (accessToken: string) =>
  service.app.inject({
    method: 'GET',
    url: '/api/auth/me',
    headers: { authorization: `Bearer ${accessToken}` },
  });

async function signIn() {
  const response = await service.app.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: { email: uniqueEmail('rotation'), password: 'Correct-Horse-9-Battery' },
  });
  expect(response.statusCode).toBe(201);
  return { refreshToken: cookieOf(response)!, accessToken: response.json().accessToken as string };
}

describe('POST /api/auth/refresh with one token twice', () => {
  it('answers two concurrent refreshes with the same successor, and both tabs stay signed in', async () => {
    const { refreshToken } = await signIn();
    const [first, second] = await Promise.all([refresh(refreshToken), refresh(refreshToken)]);
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(cookieOf(first)).toBeTruthy();
    expect(cookieOf(second)).toBe(cookieOf(first));
    for (const response of [first, second])
      expect((await me(response.json().accessToken)).statusCode).toBe(200);
    // The session goes on from the one successor.
    const next = await refresh(cookieOf(first)!);
    expect(next.statusCode).toBe(200);
    expect(cookieOf(next)).not.toBe(cookieOf(first));
  });

  it('treats the old token presented after its rotation as a replay: the session ends', async () => {
    const { refreshToken, accessToken } = await signIn();
    const first = await refresh(refreshToken);
    const successor = cookieOf(first)!;

    const replay = await refresh(refreshToken);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('UNAUTHENTICATED');
    expect((await refresh(successor)).statusCode).toBe(401);
    // Its access tokens are refused too (by the gateway and chat-service's sockets).
    const { sub, sid, role } = decodeJwt(accessToken) as { sub: string; sid: string; role: 'USER' };
    const revocations = createDisabledUsers(service.deps.redis, service.env.REDIS_PREFIX);
    expect(await revocations.refusalFor({ id: sub, role, sessionId: sid })).toBe('session-revoked');
  });

  it('does not hand out a successor that has itself been used: that is a replay too', async () => {
    const { refreshToken } = await signIn();
    const successor = cookieOf(await refresh(refreshToken))!;
    expect((await refresh(successor)).statusCode).toBe(200);
    expect((await refresh(refreshToken)).statusCode).toBe(401);
  });
});

describe('POST /api/auth/logout', () => {
  it('ends the access tokens of the session as well as its refresh token', async () => {
    const { refreshToken, accessToken } = await signIn();
    const logout = await service.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: `${REFRESH_COOKIE}=${refreshToken}` },
    });
    expect(logout.statusCode).toBe(204);
    const { sub, sid, role } = decodeJwt(accessToken) as { sub: string; sid: string; role: 'USER' };
    const revocations = createDisabledUsers(service.deps.redis, service.env.REDIS_PREFIX);
    expect(await revocations.refusalFor({ id: sub, role, sessionId: sid })).toBe('session-revoked');
  });
});

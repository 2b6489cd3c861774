import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticator } from 'otplib';
import { uniqueEmail } from '@vivier/testkit';
import { startTestAuthService } from '../test-support';
import { createMfaTokens } from '../lib/mfa-tokens';
import { REFRESH_COOKIE } from './refresh-cookie';

type TestService = Awaited<ReturnType<typeof startTestAuthService>>;
let service: TestService;
const PASSWORD = 'Correct-Horse-9-Battery';
const INTERNAL = { 'x-internal-token': 'test-internal-token-0123456789' };

beforeAll(async () => {
  service = await startTestAuthService();
});
afterAll(async () => {
  await service.close();
});

const post = (url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  service.app.inject({ method: 'POST', url, payload: payload as object, headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const refreshCookieOf = (response: { cookies: Array<{ name: string; value: string }> }) =>
  response.cookies.find((cookie) => cookie.name === REFRESH_COOKIE)?.value;

/** The code of the step after the current one: valid now (window 1) and newer than any used so far. */
const nextCode = (secret: string) => authenticator.clone({ epoch: Date.now() + 30_000 }).generate(secret);

async function register() {
  const email = uniqueEmail('mfa');
  const response = await post('/api/auth/register', { email, password: PASSWORD });
  expect(response.statusCode).toBe(201);
  const body = response.json<{ user: { id: string }; accessToken: string }>();
  return { email, userId: body.user.id, accessToken: body.accessToken };
}

/** A user with TOTP on: the secret, the recovery codes, and the code used to enable. */
async function enrolled() {
  const user = await register();
  const setup = await post('/api/auth/2fa/totp/setup', undefined, bearer(user.accessToken));
  expect(setup.statusCode).toBe(200);
  const { secret } = setup.json<{ secret: string }>();
  const enableCode = authenticator.generate(secret);
  const enable = await post('/api/auth/2fa/totp/enable', { code: enableCode }, bearer(user.accessToken));
  expect(enable.statusCode).toBe(200);
  return {
    ...user,
    secret,
    enableCode,
    recoveryCodes: enable.json<{ recoveryCodes: string[] }>().recoveryCodes,
  };
}

async function passwordStep(email: string) {
  const response = await post('/api/auth/login', { email, password: PASSWORD });
  expect(response.statusCode).toBe(200);
  return response;
}

describe('TOTP enrolment', () => {
  it('sets up a pending secret stored encrypted, enables it with a code, and hands out ten recovery codes once', async () => {
    const user = await register();
    const status = () =>
      service.app.inject({ method: 'GET', url: '/api/auth/2fa', headers: bearer(user.accessToken) });
    expect((await status()).json()).toEqual({ totpEnabled: false, recoveryCodesLeft: 0, required: false });

    const setup = await post('/api/auth/2fa/totp/setup', undefined, bearer(user.accessToken));
    const { otpauthUrl, secret } = setup.json<{ otpauthUrl: string; secret: string }>();
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/Vivier:/);
    expect(otpauthUrl).toContain(`secret=${secret}`);
    const row = await service.deps.db.userTotp.findUniqueOrThrow({ where: { userId: user.userId } });
    expect(row.secretEncrypted).toMatch(/^v1:/);
    expect(row.secretEncrypted).not.toContain(secret);
    expect(row.enabledAt).toBeNull();
    // Pending: a login still needs only the password.
    expect((await passwordStep(user.email)).json()).toHaveProperty('accessToken');

    const wrong = await post('/api/auth/2fa/totp/enable', { code: '000000' }, bearer(user.accessToken));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');

    const enable = await post(
      '/api/auth/2fa/totp/enable',
      { code: authenticator.generate(secret) },
      bearer(user.accessToken),
    );
    const { recoveryCodes } = enable.json<{ recoveryCodes: string[] }>();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const stored = await service.deps.db.recoveryCode.findMany({ where: { userId: user.userId } });
    expect(stored.map((code) => code.codeHash)).not.toContain(recoveryCodes[0]);
    expect((await status()).json()).toEqual({ totpEnabled: true, recoveryCodesLeft: 10, required: false });

    const again = await post('/api/auth/2fa/totp/setup', undefined, bearer(user.accessToken));
    expect(again.statusCode).toBe(409);
  });

  it('refuses setup and enable to a disabled user whose access token is still valid (the gateway does not check these)', async () => {
    const user = await register();
    const setup = await post('/api/auth/2fa/totp/setup', undefined, bearer(user.accessToken));
    const { secret } = setup.json<{ secret: string }>();
    await service.deps.db.user.update({ where: { id: user.userId }, data: { disabledAt: new Date() } });
    expect((await post('/api/auth/2fa/totp/setup', undefined, bearer(user.accessToken))).statusCode).toBe(
      401,
    );
    const enable = await post(
      '/api/auth/2fa/totp/enable',
      { code: authenticator.generate(secret) },
      bearer(user.accessToken),
    );
    expect(enable.statusCode).toBe(401);
  });

  it('refuses setup, enable and status without an access token or enrolment token', async () => {
    expect((await post('/api/auth/2fa/totp/setup')).statusCode).toBe(401);
    expect((await post('/api/auth/2fa/totp/enable', { code: '123456' })).statusCode).toBe(401);
    expect((await service.app.inject({ method: 'GET', url: '/api/auth/2fa' })).statusCode).toBe(401);
    const user = await register();
    const notStarted = await post('/api/auth/2fa/totp/enable', { code: '123456' }, bearer(user.accessToken));
    expect(notStarted.statusCode).toBe(409);
  });
});

describe('login with a second factor', () => {
  it('answers an mfaToken instead of a session, then a session for a fresh code; a used code or token is refused', async () => {
    const user = await enrolled();
    const first = await passwordStep(user.email);
    const { mfaRequired, mfaToken } = first.json<{ mfaRequired: boolean; mfaToken: string }>();
    expect(mfaRequired).toBe(true);
    expect(first.json()).not.toHaveProperty('accessToken');
    expect(refreshCookieOf(first)).toBeUndefined();
    // The token is not an access token.
    const asAccess = await service.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: bearer(mfaToken),
    });
    expect(asAccess.statusCode).toBe(401);

    const reused = await post('/api/auth/login/mfa', { mfaToken, code: user.enableCode });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().error.code).toBe('INVALID_CREDENTIALS');

    const done = await post('/api/auth/login/mfa', { mfaToken, code: nextCode(user.secret) });
    expect(done.statusCode).toBe(200);
    expect(refreshCookieOf(done)).toBeTruthy();
    const me = await service.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: bearer(done.json().accessToken),
    });
    expect(me.json().user.id).toBe(user.userId);

    const tokenAgain = await post('/api/auth/login/mfa', { mfaToken, code: user.recoveryCodes[0] });
    expect(tokenAgain.statusCode).toBe(400);
    expect(tokenAgain.json().error.code).toBe('INVALID_TOKEN');
  });

  it('accepts each recovery code once, in any case and without dashes', async () => {
    const user = await enrolled();
    const code = user.recoveryCodes[3]!;
    const first = (await passwordStep(user.email)).json<{ mfaToken: string }>();
    const ok = await post('/api/auth/login/mfa', {
      mfaToken: first.mfaToken,
      code: code.toUpperCase().replaceAll('-', ''),
    });
    expect(ok.statusCode).toBe(200);

    const second = (await passwordStep(user.email)).json<{ mfaToken: string }>();
    const spent = await post('/api/auth/login/mfa', { mfaToken: second.mfaToken, code });
    expect(spent.statusCode).toBe(401);
    const status = await service.app.inject({
      method: 'GET',
      url: '/api/auth/2fa',
      headers: bearer(ok.json().accessToken),
    });
    expect(status.json().recoveryCodesLeft).toBe(9);
  });

  it('refuses an expired token, a token of another purpose, and another user code', async () => {
    const alice = await enrolled();
    const bob = await enrolled();
    const mfaTokens = createMfaTokens({
      signingKey: service.deps.signingKey,
      issuer: service.env.JWT_ISSUER,
      audience: service.env.JWT_AUDIENCE,
    });
    const expired = await mfaTokens.sign(alice.userId, 'login', -10);
    const late = await post('/api/auth/login/mfa', { mfaToken: expired, code: nextCode(alice.secret) });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.code).toBe('INVALID_TOKEN');

    const enrolOnly = await mfaTokens.sign(alice.userId, 'enroll', 60);
    expect(
      (await post('/api/auth/login/mfa', { mfaToken: enrolOnly, code: nextCode(alice.secret) })).statusCode,
    ).toBe(400);
    // An access token is not an mfaToken either.
    expect(
      (await post('/api/auth/login/mfa', { mfaToken: alice.accessToken, code: nextCode(alice.secret) }))
        .statusCode,
    ).toBe(400);

    // Alice's password step, Bob's codes: nothing of Bob's opens Alice's account.
    const aliceStep = (await passwordStep(alice.email)).json<{ mfaToken: string }>();
    const crossed = await post('/api/auth/login/mfa', {
      mfaToken: aliceStep.mfaToken,
      code: nextCode(bob.secret),
    });
    expect(crossed.statusCode).toBe(401);
    const crossedRecovery = await post('/api/auth/login/mfa', {
      mfaToken: aliceStep.mfaToken,
      code: bob.recoveryCodes[0],
    });
    expect(crossedRecovery.statusCode).toBe(401);
  });

  it('throttles codes like passwords: the 6th attempt after 5 wrong codes is 429 even with the right code', async () => {
    const user = await enrolled();
    const { mfaToken } = (await passwordStep(user.email)).json<{ mfaToken: string }>();
    const statuses = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      statuses.push((await post('/api/auth/login/mfa', { mfaToken, code: `00000${attempt}` })).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const sixth = await post('/api/auth/login/mfa', { mfaToken, code: nextCode(user.secret) });
    expect(sixth.statusCode).toBe(429);
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses malformed bodies with 400', async () => {
    expect((await post('/api/auth/login/mfa', {})).statusCode).toBe(400);
    expect((await post('/api/auth/login/mfa', { mfaToken: 'x', code: '12' })).statusCode).toBe(400);
  });
});

describe('turning TOTP off', () => {
  it('needs the password or a code; afterwards the password alone signs in', async () => {
    const user = await enrolled();
    const disable = (body: unknown) => post('/api/auth/2fa/totp/disable', body, bearer(user.accessToken));
    expect((await disable({})).statusCode).toBe(400);
    const wrong = await disable({ password: 'not-my-password' });
    expect(wrong.statusCode).toBe(401);
    expect((await disable({ code: '000000' })).statusCode).toBe(401);
    expect((await disable({ password: PASSWORD })).statusCode).toBe(204);
    expect((await passwordStep(user.email)).json()).toHaveProperty('accessToken');
    expect(await service.deps.db.recoveryCode.count({ where: { userId: user.userId } })).toBe(0);
    expect((await disable({ password: PASSWORD })).statusCode).toBe(409);
  });
});

describe('admin controls (internal API)', () => {
  it('resets a user: the next login needs only the password; unknown ids are 404; no token is 404', async () => {
    const user = await enrolled();
    const reset = await service.app.inject({
      method: 'DELETE',
      url: `/internal/users/${user.userId}/2fa`,
      headers: INTERNAL,
    });
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toEqual({ totpEnabled: true });
    expect((await passwordStep(user.email)).json()).toHaveProperty('accessToken');
    const unknown = await service.app.inject({
      method: 'DELETE',
      url: '/internal/users/usr_nobody/2fa',
      headers: INTERNAL,
    });
    expect(unknown.statusCode).toBe(404);
    const noToken = await service.app.inject({ method: 'DELETE', url: `/internal/users/${user.userId}/2fa` });
    expect(noToken.statusCode).toBe(404);
  });

  it('requires enrolment of admins: login answers an enrolment token that only allows setup and enable, which then signs in', async () => {
    const user = await register();
    await service.deps.db.user.update({ where: { id: user.userId }, data: { role: 'ADMIN' } });
    const setPolicy = (require: string) =>
      service.app.inject({
        method: 'PUT',
        url: '/internal/mfa-policy',
        payload: { require },
        headers: INTERNAL,
      });
    const changed = await setPolicy('admins');
    expect(changed.statusCode).toBe(200);
    expect(changed.json().after).toEqual({ require: 'admins' });
    try {
      const step = (await passwordStep(user.email)).json<{
        mfaEnrollmentRequired: boolean;
        mfaToken: string;
      }>();
      expect(step.mfaEnrollmentRequired).toBe(true);
      expect(step).not.toHaveProperty('accessToken');
      // The enrolment token cannot complete a login.
      expect(
        (await post('/api/auth/login/mfa', { mfaToken: step.mfaToken, code: '123456' })).statusCode,
      ).toBe(400);

      const setup = await post('/api/auth/2fa/totp/setup', { mfaToken: step.mfaToken });
      expect(setup.statusCode).toBe(200);
      const { secret } = setup.json<{ secret: string }>();
      const enable = await post('/api/auth/2fa/totp/enable', {
        mfaToken: step.mfaToken,
        code: authenticator.generate(secret),
      });
      expect(enable.statusCode).toBe(200);
      expect(enable.json().recoveryCodes).toHaveLength(10);
      expect(enable.json().user.id).toBe(user.userId);
      expect(refreshCookieOf(enable)).toBeTruthy();
      // Spent: it cannot start the setup over.
      expect((await post('/api/auth/2fa/totp/setup', { mfaToken: step.mfaToken })).statusCode).toBe(400);
      // From now on the login asks for the code.
      expect((await passwordStep(user.email)).json()).toHaveProperty('mfaRequired', true);
    } finally {
      await setPolicy('off');
    }
  });
});

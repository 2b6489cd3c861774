import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueEmail } from '@vivier/testkit';
import { startTestIdp, type TestIdp } from '@vivier/testkit/oidc-idp';
import { startTestAuthService } from '../test-support';
import { REFRESH_COOKIE } from './refresh-cookie';
import { OIDC_STATE_COOKIE } from './oidc';
import { signInThroughIdp } from './oidc-test-support';

const PUBLIC_URL = 'http://localhost:3000';
const INTERNAL = { 'x-internal-token': 'test-internal-token-0123456789' };
const callbackOf = (id: string) => `${PUBLIC_URL}/api/auth/oidc/${id}/callback`;

let idp: TestIdp;
let service: Awaited<ReturnType<typeof startTestAuthService>>;
const ADMIN_LOGIN = uniqueEmail('idp-boss');

beforeAll(async () => {
  idp = await startTestIdp({
    clients: [
      {
        clientId: 'vivier',
        clientSecret: 'idp-client-secret',
        redirectUris: [callbackOf('strict'), callbackOf('linking'), callbackOf('stored')],
      },
    ],
    claims: { [ADMIN_LOGIN]: { groups: ['staff', 'vivier-admins'] } },
  });
  const common = { issuer: idp.issuer, clientId: 'vivier', clientSecret: 'idp-client-secret' };
  service = await startTestAuthService({
    PUBLIC_URL,
    OIDC_PROVIDERS: JSON.stringify([
      { id: 'strict', label: 'Strict IdP', ...common },
      {
        id: 'linking',
        label: 'Linking IdP',
        ...common,
        allowLinking: true,
        adminClaim: 'groups',
        adminValue: 'vivier-admins',
      },
    ]),
  });
});
afterAll(async () => {
  await service?.close();
  await idp?.close();
});

const signIn = (providerId: string, login: string, tweak?: { state?: string; stateCookie?: string }) =>
  signInThroughIdp({ app: service.app, issuer: idp.issuer, publicUrl: PUBLIC_URL }, providerId, login, tweak);

const ssoErrorOf = (response: { headers: Record<string, unknown> }) =>
  new URL(String(response.headers.location)).searchParams.get('sso_error');
const refreshCookieOf = (response: { cookies: Array<{ name: string; value: string }> }) =>
  response.cookies.find((cookie) => cookie.name === REFRESH_COOKIE)?.value;

async function meFrom(refreshToken: string) {
  const refreshed = await service.app.inject({
    method: 'POST',
    url: '/api/auth/refresh',
    cookies: { [REFRESH_COOKIE]: refreshToken },
  });
  expect(refreshed.statusCode).toBe(200);
  const me = await service.app.inject({
    method: 'GET',
    url: '/api/auth/me',
    headers: { authorization: `Bearer ${refreshed.json().accessToken}` },
  });
  return me.json<{ user: { id: string; email: string; role: string; emailVerified: boolean } }>().user;
}

describe('OIDC sign-in against a real IdP', () => {
  it('lists the enabled providers for the login page', async () => {
    const response = await service.app.inject({ method: 'GET', url: '/api/auth/oidc/providers' });
    expect(response.json().items).toEqual(
      expect.arrayContaining([
        { id: 'strict', label: 'Strict IdP' },
        { id: 'linking', label: 'Linking IdP' },
      ]),
    );
  });

  it('sends the browser to the IdP with PKCE, state and nonce', async () => {
    const start = await service.app.inject({ method: 'GET', url: '/api/auth/oidc/strict/start' });
    const url = new URL(start.headers.location!);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect(url.searchParams.get('redirect_uri')).toBe(callbackOf('strict'));
    const cookie = start.cookies.find((c) => c.name === OIDC_STATE_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api/auth/oidc' });
    expect(url.searchParams.get('state')).toBe(cookie.value);
  });

  it('creates the user on first sign-in (email verified as the IdP says), starts a session, and finds the same user next time', async () => {
    const login = uniqueEmail('sso');
    const first = await signIn('strict', login);
    expect(first.callback.statusCode).toBe(303);
    expect(first.callback.headers.location).toBe(`${PUBLIC_URL}/chat`);
    const user = await meFrom(refreshCookieOf(first.callback)!);
    expect(user).toMatchObject({ email: login, role: 'USER', emailVerified: true });
    const link = await service.deps.db.oidcIdentity.findFirstOrThrow({ where: { userId: user.id } });
    expect(link).toMatchObject({ issuer: idp.issuer, subject: login, providerId: 'strict' });

    const second = await signIn('strict', login);
    expect((await meFrom(refreshCookieOf(second.callback)!)).id).toBe(user.id);
    expect(await service.deps.db.user.count({ where: { email: login } })).toBe(1);
  });

  it('an account created by sign-in has no password: it is deleted by typing its email, which must match', async () => {
    const login = uniqueEmail('sso-delete');
    const { callback } = await signIn('strict', login);
    const refreshed = await service.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      cookies: { [REFRESH_COOKIE]: refreshCookieOf(callback)! },
    });
    const headers = { authorization: `Bearer ${refreshed.json().accessToken}` };
    const me = await service.app.inject({ method: 'GET', url: '/api/auth/me', headers });
    expect(me.json().user).toMatchObject({ email: login, passwordless: true });

    const wrongEmail = await service.app.inject({
      method: 'DELETE',
      url: '/api/auth/me',
      headers,
      payload: { confirmEmail: 'someone-else@example.test' },
    });
    expect(wrongEmail.statusCode).toBe(400);
    expect(wrongEmail.json().error.details).toEqual([
      { path: 'confirmEmail', message: 'Type your email address exactly to confirm' },
    ]);
    // A guessed password is no confirmation either.
    const guessed = await service.app.inject({
      method: 'DELETE',
      url: '/api/auth/me',
      headers,
      payload: { password: 'anything-at-all' },
    });
    expect(guessed.statusCode).toBe(400);
    expect(await service.deps.db.user.count({ where: { email: login } })).toBe(1);

    const deleted = await service.app.inject({
      method: 'DELETE',
      url: '/api/auth/me',
      headers,
      payload: { confirmEmail: login.toUpperCase() },
    });
    expect(deleted.statusCode).toBe(204);
    expect(await service.deps.db.user.count({ where: { email: login } })).toBe(0);
  });

  it('creates an unverified user when the IdP does not vouch for the email', async () => {
    const login = uniqueEmail('unverified-sso');
    const { callback } = await signIn('strict', login);
    expect((await meFrom(refreshCookieOf(callback)!)).emailVerified).toBe(false);
  });

  it('links to an existing account only where the provider allows it and the email is verified', async () => {
    const email = uniqueEmail('existing');
    const registered = await service.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email, password: 'Correct-Horse-9-Battery' },
    });
    const existingId = registered.json().user.id;

    const refused = await signIn('strict', email);
    expect(refused.callback.statusCode).toBe(303);
    expect(ssoErrorOf(refused.callback)).toBe('link_not_allowed');
    expect(refreshCookieOf(refused.callback)).toBeUndefined();

    const linked = await signIn('linking', email);
    expect((await meFrom(refreshCookieOf(linked.callback)!)).id).toBe(existingId);
    expect(await service.deps.db.oidcIdentity.count({ where: { userId: existingId } })).toBe(1);
  });

  it('never links an unverified IdP email, even where linking is allowed', async () => {
    const email = uniqueEmail('unverified-taken');
    await service.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email, password: 'Correct-Horse-9-Battery' },
    });
    const { callback } = await signIn('linking', email);
    expect(ssoErrorOf(callback)).toBe('link_not_allowed');
  });

  it('makes the user ADMIN when the configured claim holds the configured value', async () => {
    const { callback } = await signIn('linking', ADMIN_LOGIN);
    expect((await meFrom(refreshCookieOf(callback)!)).role).toBe('ADMIN');
  });

  it('refuses a disabled user', async () => {
    const login = uniqueEmail('sso-disabled');
    const first = await signIn('strict', login);
    const user = await meFrom(refreshCookieOf(first.callback)!);
    await service.deps.db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    const again = await signIn('strict', login);
    expect(ssoErrorOf(again.callback)).toBe('account_disabled');
    expect(refreshCookieOf(again.callback)).toBeUndefined();
  });

  it('refuses a state that does not match the browser cookie, and a state used twice', async () => {
    const login = uniqueEmail('sso-state');
    const otherBrowser = await signIn('strict', login, { stateCookie: 'not-this-browser' });
    expect(ssoErrorOf(otherBrowser.callback)).toBe('state_mismatch');

    const forged = await signIn('strict', login, { state: 'forged', stateCookie: 'forged' });
    expect(ssoErrorOf(forged.callback)).toBe('state_mismatch');
    expect(await service.deps.db.user.count({ where: { email: login } })).toBe(0);
  });

  it('refuses an ID token altered after the IdP signed it', async () => {
    const login = uniqueEmail('sso-tampered');
    idp.tamperNextIdToken();
    const { callback } = await signIn('strict', login);
    expect(ssoErrorOf(callback)).toBe('signin_failed');
    expect(refreshCookieOf(callback)).toBeUndefined();
    expect(
      await service.deps.db.user.count({ where: { email: { in: [login, 'someone-else@example.com'] } } }),
    ).toBe(0);
  });

  it('sends an unknown provider back to the login page', async () => {
    const start = await service.app.inject({ method: 'GET', url: '/api/auth/oidc/nope/start' });
    expect(start.statusCode).toBe(303);
    expect(ssoErrorOf(start)).toBe('unknown_provider');
  });
});

describe('providers managed by admins (internal API)', () => {
  it('stores a provider with its client secret encrypted, uses it, and refuses changing an env provider', async () => {
    const put = await service.app.inject({
      method: 'POST',
      url: '/internal/oidc-providers',
      headers: INTERNAL,
      payload: {
        id: 'stored',
        label: 'Stored IdP',
        issuer: idp.issuer,
        clientId: 'vivier',
        clientSecret: 'idp-client-secret',
      },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().after).toMatchObject({ id: 'stored', hasClientSecret: true, source: 'admin' });
    expect(JSON.stringify(put.json())).not.toContain('idp-client-secret');
    const row = await service.deps.db.oidcProvider.findUniqueOrThrow({ where: { id: 'stored' } });
    expect(row.clientSecretEncrypted).toMatch(/^v1:/);

    const { callback } = await signIn('stored', uniqueEmail('sso-stored'));
    expect(refreshCookieOf(callback)).toBeTruthy();

    // A changed label keeps the stored secret (absent = unchanged); disabling hides the button.
    const update = await service.app.inject({
      method: 'PUT',
      url: '/internal/oidc-providers/stored',
      headers: INTERNAL,
      payload: { label: 'Renamed IdP', issuer: idp.issuer, clientId: 'vivier', enabled: false },
    });
    expect(update.json().after).toMatchObject({
      label: 'Renamed IdP',
      hasClientSecret: true,
      enabled: false,
    });
    const buttons = await service.app.inject({ method: 'GET', url: '/api/auth/oidc/providers' });
    expect(buttons.json().items.map((item: { id: string }) => item.id)).not.toContain('stored');
    const missing = await service.app.inject({
      method: 'PUT',
      url: '/internal/oidc-providers/never-made',
      headers: INTERNAL,
      payload: { label: 'x', issuer: idp.issuer, clientId: 'x' },
    });
    expect(missing.statusCode).toBe(404);

    const envOne = await service.app.inject({
      method: 'PUT',
      url: '/internal/oidc-providers/strict',
      headers: INTERNAL,
      payload: { label: 'x', issuer: idp.issuer, clientId: 'x' },
    });
    expect(envOne.statusCode).toBe(409);

    const removed = await service.app.inject({
      method: 'DELETE',
      url: '/internal/oidc-providers/stored',
      headers: INTERNAL,
    });
    expect(removed.json().before.id).toBe('stored');
    const gone = await service.app.inject({ method: 'GET', url: '/api/auth/oidc/stored/start' });
    expect(ssoErrorOf(gone)).toBe('unknown_provider');
  });
});

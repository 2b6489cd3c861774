import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { startAuthStandIn, type AuthStandIn } from '@vivier/service-fixtures/auth-service';
import { callByInject, callOverHttp, type InternalCall } from '@vivier/service-fixtures/contract';
import { uniqueEmail } from '@vivier/testkit';
import { startTestAuthService } from '../test-support';

/**
 * The contract other services' tests rely on: auth-service's internal API and the fixture it
 * exports for them (@vivier/service-fixtures/auth-service) answer the same assertions. A change to
 * the real routes that the fixture does not follow fails here. Only what leaves the shared
 * database as other test files expect it is exercised (no policy changes).
 */
const INTERNAL_TOKEN = 'test-internal-token-0123456789';

let service: Awaited<ReturnType<typeof startTestAuthService>>;
let fixture: AuthStandIn;

beforeAll(async () => {
  service = await startTestAuthService({ INTERNAL_SERVICE_TOKEN: INTERNAL_TOKEN });
  fixture = await startAuthStandIn(INTERNAL_TOKEN);
});
afterAll(async () => {
  await service?.close();
  await fixture?.close();
});

const unique = (label: string) => `${label}-${randomBytes(4).toString('hex')}`;

describe.each([
  ['auth-service', () => callByInject(service.app, INTERNAL_TOKEN)],
  ['its fixture', () => callOverHttp(fixture.url, INTERNAL_TOKEN)],
])('internal API: %s', (_name, caller: () => InternalCall) => {
  const createUser = async (fields: { email?: string; name?: string; role?: 'USER' | 'ADMIN' } = {}) => {
    const answer = await caller()('POST', '/internal/users', {
      email: fields.email ?? uniqueEmail('contract'),
      name: fields.name ?? 'Contract User',
      role: fields.role ?? 'USER',
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body as { id: string; email: string; name: string | null; role: string };
  };

  it('is a 404 without the service token or with a wrong one', async () => {
    for (const token of [null, 'wrong-token-0123456789']) {
      expect((await caller()('GET', '/internal/users', undefined, token)).status).toBe(404);
      expect((await caller()('GET', '/internal/signup-policy', undefined, token)).status).toBe(404);
    }
  });

  it('creates a user (email lower-cased), finds it by id and refuses the same email again', async () => {
    const email = uniqueEmail('Contract-Case').replace('contract-case', 'Contract-Case');
    const user = await createUser({ email, name: 'Ada' });
    expect(user).toMatchObject({ email: email.toLowerCase(), name: 'Ada', role: 'USER', disabled: false });
    const found = await caller()('GET', `/internal/users/${user.id}`);
    expect(found).toMatchObject({ status: 200, body: { id: user.id, email: email.toLowerCase() } });
    const again = await caller()('POST', '/internal/users', { email, name: 'Ada', role: 'USER' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('EMAIL_TAKEN');
  });

  it('lists newest first, filters by q on name, and pages with an opaque cursor', async () => {
    const name = unique('Lister');
    const first = await createUser({ name });
    const second = await createUser({ name });
    const page = await caller()('GET', `/internal/users?q=${name}&limit=1`);
    expect(page.status).toBe(200);
    expect(page.body.items.map((user: { id: string }) => user.id)).toEqual([second.id]);
    expect(typeof page.body.nextCursor).toBe('string');
    const next = await caller()('GET', `/internal/users?q=${name}&limit=1&cursor=${page.body.nextCursor}`);
    expect(next.body).toEqual({ items: [expect.objectContaining({ id: first.id })], nextCursor: null });
  });

  it('changes role and disabled with before and after', async () => {
    const user = await createUser();
    const answer = await caller()('PATCH', `/internal/users/${user.id}`, { role: 'ADMIN', disabled: true });
    expect(answer.status).toBe(200);
    expect(answer.body.before).toMatchObject({ id: user.id, role: 'USER', disabled: false });
    expect(answer.body.after).toMatchObject({ id: user.id, role: 'ADMIN', disabled: true });
  });

  it('sends a password reset (202) and deletes a user (204); both are 404 for an unknown user', async () => {
    const user = await createUser();
    expect(await caller()('POST', `/internal/users/${user.id}/password-reset`)).toMatchObject({
      status: 202,
      body: { ok: true },
    });
    expect((await caller()('DELETE', `/internal/users/${user.id}`)).status).toBe(204);
    for (const [method, path] of [
      ['GET', ''],
      ['PATCH', ''],
      ['DELETE', ''],
      ['POST', '/password-reset'],
    ] as const) {
      const answer = await caller()(
        method,
        `/internal/users/${user.id}${path}`,
        method === 'PATCH' ? {} : undefined,
      );
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('reads the sign-up and two-factor policies', async () => {
    const signup = await caller()('GET', '/internal/signup-policy');
    expect(signup.status).toBe(200);
    expect(['open', 'domains', 'invite', 'approval']).toContain(signup.body.mode);
    expect(Array.isArray(signup.body.domains)).toBe(true);
    const mfa = await caller()('GET', '/internal/mfa-policy');
    expect(mfa.status).toBe(200);
    expect(typeof mfa.body.require).toBe('string');
  });

  it('creates, lists and revokes an invite; revoking an unknown one is a 404', async () => {
    const admin = await createUser({ role: 'ADMIN' });
    const created = await caller()('POST', '/internal/invites', {
      expiresInHours: 24,
      createdById: admin.id,
    });
    expect(created.status).toBe(201);
    expect(created.body.url).toMatch(/\/register\?invite=/);
    expect(created.body.invite).toMatchObject({ status: 'active', email: null, usedAt: null });
    const listed = await caller()('GET', '/internal/invites');
    expect(listed.body.items.map((invite: { id: string }) => invite.id)).toContain(created.body.invite.id);
    const revoked = await caller()('DELETE', `/internal/invites/${created.body.invite.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.after).toMatchObject({ id: created.body.invite.id, status: 'revoked' });
    expect((await caller()('DELETE', `/internal/invites/${newId('invite')}`)).status).toBe(404);
  });

  it('resets two-factor only for a known user', async () => {
    expect((await caller()('DELETE', `/internal/users/${newId('user')}/2fa`)).status).toBe(404);
  });

  it('manages OIDC providers: 409 on a taken id, no secret back, 404 once deleted', async () => {
    const id = unique('idp').toLowerCase();
    const provider = {
      id,
      label: 'Contract IdP',
      issuer: 'https://idp.example.test',
      clientId: 'client-1',
      clientSecret: 'secret-1',
    };
    const created = await caller()('POST', '/internal/oidc-providers', provider);
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body.after).toMatchObject({ id, hasClientSecret: true, source: 'admin' });
    expect(JSON.stringify(created.body)).not.toContain('secret-1');
    expect((await caller()('POST', '/internal/oidc-providers', provider)).status).toBe(409);
    const listed = await caller()('GET', '/internal/oidc-providers');
    expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(id);
    const deleted = await caller()('DELETE', `/internal/oidc-providers/${id}`);
    expect(deleted).toMatchObject({ status: 200, body: { before: { id }, after: null } });
    expect((await caller()('DELETE', `/internal/oidc-providers/${id}`)).status).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERNAL_TOKEN_HEADER } from '@vivier/service-kit';
import { startTestAdminService, TEST_INTERNAL_TOKEN, type TestAdminService } from '../test-support';

let service: TestAdminService;
let admin: Awaited<ReturnType<TestAdminService['signedInAdmin']>>;
beforeAll(async () => {
  service = await startTestAdminService();
  admin = await service.signedInAdmin();
});
afterAll(async () => {
  await service.close();
});

function call(
  method: 'GET' | 'PATCH' | 'POST' | 'DELETE',
  url: string,
  payload?: object,
  headers: Record<string, string> = {},
) {
  return service.app.inject({
    method,
    url,
    payload,
    headers: { authorization: `Bearer ${admin.token}`, ...headers },
  });
}
const auditRowsFor = (targetId: string) =>
  service.db.auditLog.findMany({ where: { targetId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });

describe('GET /api/admin/users', () => {
  it('pages through users newest first with opaque cursors, through auth-service with the service token and request id', async () => {
    const label = `pager${Date.now()}`;
    const created = [1, 2, 3, 4, 5].map((n) => service.auth.addUser({ name: `${label} ${n}` }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `q=${label}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const response = await call('GET', `/api/admin/users?${query}`, undefined, {
        'x-request-id': `req_users_page_${seen.length}`,
      });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((user: { id: string }) => user.id));
      const forwarded = service.auth.requests.at(-1)!;
      expect(forwarded.headers[INTERNAL_TOKEN_HEADER]).toBe(TEST_INTERNAL_TOKEN);
      expect(forwarded.headers['x-request-id']).toBe(`req_users_page_${seen.length - body.items.length}`);
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(created.map((user) => user.id).reverse());
  });

  it('searches email and name case-insensitively and answers the admin view of each user', async () => {
    const target = service.auth.addUser({
      email: `grace-${Date.now()}@hopper.example`,
      name: 'Grace Hopper',
      disabled: true,
    });
    service.auth.addUser({ name: 'Somebody Else' });
    const byName = (await call('GET', '/api/admin/users?q=GRACE%20hop')).json();
    expect(byName.items).toEqual([target]);
    expect(byName.items[0]).toMatchObject({ role: 'USER', disabled: true, emailVerified: true });
    expect(
      (await call('GET', `/api/admin/users?q=${encodeURIComponent(target.email.toUpperCase())}`)).json()
        .items,
    ).toEqual([target]);
    // A cleared search box is no filter, not an error.
    const cleared = await call('GET', '/api/admin/users?q=&limit=1');
    expect(cleared.statusCode).toBe(200);
    expect(service.auth.requests.at(-1)!.url).toBe('/internal/users?limit=1');
  });

  it('refuses a bad limit here and a bad cursor as auth-service does, with the envelope', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=ten', `q=${'x'.repeat(201)}`]) {
      const response = await call('GET', `/api/admin/users?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
    const badCursor = await call('GET', '/api/admin/users?cursor=not-ours');
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'cursor' }],
    });
  });
});

describe('PATCH /api/admin/users/:id', () => {
  it('promotes a user through the internal API and audits actor, target, before and after', async () => {
    const user = service.auth.addUser();
    const response = await call(
      'PATCH',
      `/api/admin/users/${user.id}`,
      { role: 'ADMIN' },
      { 'x-request-id': 'req_promote_1' },
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ...user, role: 'ADMIN' });

    const forwarded = service.auth.requests.at(-1)!;
    expect(forwarded).toMatchObject({
      method: 'PATCH',
      url: `/internal/users/${user.id}`,
      body: { role: 'ADMIN' },
    });
    expect(forwarded.headers[INTERNAL_TOKEN_HEADER]).toBe(TEST_INTERNAL_TOKEN);
    expect(forwarded.headers['x-request-id']).toBe('req_promote_1');

    const [row] = await auditRowsFor(user.id);
    expect(row).toMatchObject({
      actorId: admin.user.id,
      action: 'user.role.change',
      targetType: 'user',
      targetId: user.id,
      before: { id: user.id, role: 'USER', disabled: false },
      after: { id: user.id, role: 'ADMIN', disabled: false },
    });
    expect(row!.id).toMatch(/^aud_/);
  });

  it('disables (revoking sessions in auth-service) and re-enables, each audited', async () => {
    const user = service.auth.addUser();
    const disabled = await call('PATCH', `/api/admin/users/${user.id}`, { disabled: true });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().disabled).toBe(true);
    expect(service.auth.revokedSessionsOf).toContain(user.id);

    const enabled = await call('PATCH', `/api/admin/users/${user.id}`, { disabled: false });
    expect(enabled.json().disabled).toBe(false);

    const rows = await auditRowsFor(user.id);
    expect(
      rows.map((row) => [
        row.action,
        (row.before as { disabled: boolean }).disabled,
        (row.after as { disabled: boolean }).disabled,
      ]),
    ).toEqual([
      ['user.disable', false, true],
      ['user.enable', true, false],
    ]);
  });

  it('names a change of both fields user.update', async () => {
    const user = service.auth.addUser();
    await call('PATCH', `/api/admin/users/${user.id}`, { role: 'ADMIN', disabled: true });
    expect((await auditRowsFor(user.id)).map((row) => row.action)).toEqual(['user.update']);
  });

  it('refuses an admin demoting or disabling themselves (409), before calling auth-service', async () => {
    const before = service.auth.requests.length;
    const demote = await call('PATCH', `/api/admin/users/${admin.user.id}`, { role: 'USER' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/your own admin role/),
    });
    const disable = await call('PATCH', `/api/admin/users/${admin.user.id}`, {
      disabled: true,
      role: 'ADMIN',
    });
    expect(disable.statusCode).toBe(409);
    expect(disable.json().error.message).toMatch(/disable your own account/);
    expect(service.auth.requests.length).toBe(before);
    expect(await auditRowsFor(admin.user.id)).toEqual([]);
    expect(service.auth.users.get(admin.user.id)).toMatchObject({ role: 'ADMIN', disabled: false });
  });

  it('answers 404 for an unknown or malformed user id, and writes no audit row', async () => {
    for (const id of ['usr_00000000000000000000', 'nope', 'x'.repeat(64), 'x'.repeat(65)]) {
      const response = await call('PATCH', `/api/admin/users/${id}`, { disabled: true });
      expect(response.statusCode, id).toBe(404);
      expect(response.json().error.code).toBe('NOT_FOUND');
      expect(await auditRowsFor(id)).toEqual([]);
    }
  });

  it('refuses an empty or wrong body with 400', async () => {
    const user = service.auth.addUser();
    for (const payload of [{}, { role: 'ROOT' }, { disabled: 'yes' }]) {
      const response = await call('PATCH', `/api/admin/users/${user.id}`, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect(await auditRowsFor(user.id)).toEqual([]);
  });
});

describe('POST /api/admin/users, DELETE /api/admin/users/:id, POST …/password-reset', () => {
  it("creates a user through auth-service and audits it; a taken email is auth-service's 409", async () => {
    const email = `new-${Date.now()}@example.com`;
    const created = await call('POST', '/api/admin/users', { email, name: 'New Person', role: 'USER' });
    expect(created.statusCode).toBe(201);
    const user = created.json();
    expect(user).toMatchObject({ email, name: 'New Person', role: 'USER', disabled: false });
    expect(service.auth.users.get(user.id)).toEqual(user);
    const [row] = await auditRowsFor(user.id);
    expect(row).toMatchObject({
      actorId: admin.user.id,
      action: 'user.create',
      targetType: 'user',
      after: user,
    });

    const again = await call('POST', '/api/admin/users', { email, name: 'Twin' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('EMAIL_TAKEN');
    expect(await auditRowsFor(user.id)).toHaveLength(1);
    expect((await call('POST', '/api/admin/users', { email: 'not-an-email' })).statusCode).toBe(400);
  });

  it('deletes a user, auditing who they were; unknown users are 404 and unaudited', async () => {
    const target = service.auth.addUser({ name: 'Leaving' });
    const deleted = await call('DELETE', `/api/admin/users/${target.id}`);
    expect(deleted.statusCode).toBe(204);
    expect(service.auth.users.has(target.id)).toBe(false);
    const [row] = await auditRowsFor(target.id);
    expect(row).toMatchObject({ action: 'user.delete', before: target, after: null });

    expect((await call('DELETE', `/api/admin/users/${target.id}`)).statusCode).toBe(404);
    expect(await auditRowsFor(target.id)).toHaveLength(1);
  });

  it("refuses deleting oneself (409) here, and passes auth-service's last-admin refusal through", async () => {
    const self = await call('DELETE', `/api/admin/users/${admin.user.id}`);
    expect(self.statusCode).toBe(409);
    expect(self.json().error.message).toMatch(/account page/);
    expect(service.auth.users.has(admin.user.id)).toBe(true);

    // Another admin alone in the directory: auth-service refuses with its own message.
    const solo = await startTestAdminService();
    try {
      const [first, second] = [await solo.signedInAdmin(), solo.auth.addUser({ role: 'ADMIN' })];
      solo.auth.users.delete(first.user.id);
      const refused = await solo.app.inject({
        method: 'DELETE',
        url: `/api/admin/users/${second.id}`,
        headers: { authorization: `Bearer ${first.token}` },
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/only admin/),
      });
      expect(await solo.db.auditLog.count({ where: { targetId: second.id } })).toBe(0);
    } finally {
      await solo.close();
    }
  });

  it('sends a password reset through auth-service and audits it', async () => {
    const target = service.auth.addUser();
    const sent = await call('POST', `/api/admin/users/${target.id}/password-reset`);
    expect(sent.statusCode).toBe(202);
    expect(service.auth.passwordResetsSentTo).toContain(target.id);
    expect((await auditRowsFor(target.id))[0]).toMatchObject({ action: 'user.password-reset' });
  });
});

describe('when auth-service cannot be reached', () => {
  it('answers 503 UPSTREAM_UNAVAILABLE and changes nothing', async () => {
    const offline = await startTestAdminService({ env: { AUTH_SERVICE_URL: 'http://127.0.0.1:9' } });
    try {
      const { token } = await offline.signedInAdmin();
      const headers = { authorization: `Bearer ${token}` };
      const list = await offline.app.inject({ method: 'GET', url: '/api/admin/users', headers });
      expect(list.statusCode).toBe(503);
      expect(list.json().error.code).toBe('UPSTREAM_UNAVAILABLE');
      const patch = await offline.app.inject({
        method: 'PATCH',
        url: '/api/admin/users/usr_x',
        payload: { disabled: true },
        headers,
      });
      expect(patch.statusCode).toBe(503);
      expect(await auditRowsFor('usr_x')).toEqual([]);
    } finally {
      await offline.close();
    }
  });
});

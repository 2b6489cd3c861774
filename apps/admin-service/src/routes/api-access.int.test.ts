import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiAccessMirror } from '@vivier/service-kit';
import { startTestAdminService, type TestAdminService } from '../test-support';

let service: TestAdminService;
let admin: Awaited<ReturnType<TestAdminService['signedInAdmin']>>;
beforeAll(async () => {
  service = await startTestAdminService();
  admin = await service.signedInAdmin();
});
afterAll(async () => {
  await service.close();
});

const call = (method: 'GET' | 'PUT', payload?: object, token = admin.token) =>
  service.app.inject({
    method,
    url: '/api/admin/api-access',
    ...(payload ? { payload } : {}),
    headers: { authorization: `Bearer ${token}` },
  });

describe('/api/admin/api-access', () => {
  // The row is shared by every test file of the run (the bad-input test PUTs it too), so these
  // assert on what each PUT answers, its audit entries and this instance's own Redis mirror.
  it('turning it off and on answers the new setting, mirrors it for the gateway and audits before and after', async () => {
    const mirror = createApiAccessMirror(service.deps.redis, service.env.REDIS_PREFIX);
    expect((await call('GET')).json()).toEqual({ enabled: expect.any(Boolean), groupIds: expect.any(Array) });
    try {
      const off = await call('PUT', { enabled: false });
      expect(off.statusCode).toBe(200);
      expect(off.json()).toEqual({ enabled: false, groupIds: expect.any(Array) });
      expect(await mirror.isDisabled()).toBe(true);
    } finally {
      expect((await call('PUT', { enabled: true })).json()).toEqual({
        enabled: true,
        groupIds: expect.any(Array),
      });
    }
    expect(await mirror.isDisabled()).toBe(false);
    const audit = await service.db.auditLog.findMany({
      where: { actorId: admin.user.id, action: 'api-access.update' },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    expect(audit.map((row) => [row.targetType, row.targetId, row.after])).toEqual([
      ['settings', 'api-access', { enabled: false, groupIds: expect.any(Array) }],
      ['settings', 'api-access', { enabled: true, groupIds: expect.any(Array) }],
    ]);
    expect(audit[0]?.before).toEqual({ enabled: expect.any(Boolean), groupIds: expect.any(Array) });
  });

  // Limiting to real groups is proved on auth-service's side (api-access-groups.int.test.ts, a
  // database of its own): a limit written here would refuse other test files' keys.
  it('refuses a limit naming a group that does not exist, changing nothing', async () => {
    const before = (await call('GET')).json();
    const unknown = await call('PUT', { enabled: true, groupIds: ['grp_0000000000000000000a'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].path).toBe('groupIds');
    expect((await call('GET')).json()).toEqual(before);
  });

  it('refuses bad input with 400 and non-admins with 403', async () => {
    const bad = await call('PUT', { enabled: 'no' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('enabled');
    const user = await service.tokens.sign('usr_plain', { role: 'USER' });
    expect((await call('GET', undefined, user)).statusCode).toBe(403);
    expect((await call('PUT', { enabled: false }, user)).statusCode).toBe(403);
  });
});

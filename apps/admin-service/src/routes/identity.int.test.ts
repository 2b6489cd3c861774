import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const call = (method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: object, token = admin.token) =>
  service.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
const auditRows = (targetId: string) =>
  service.db.auditLog.findMany({ where: { targetId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });

describe('two-factor policy', () => {
  it('reads and changes who must use two-factor through auth-service, audited with before and after', async () => {
    expect((await call('GET', '/api/admin/mfa-policy')).json()).toEqual({ require: 'off' });
    const changed = await call('PUT', '/api/admin/mfa-policy', { require: 'admins' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({ require: 'admins' });
    expect(service.auth.identity.require).toBe('admins');
    const rows = (await auditRows('mfa-policy')).filter((row) => row.actorId === admin.user.id);
    expect(rows.at(-1)).toMatchObject({
      action: 'settings.mfa-policy',
      targetType: 'settings',
      before: { require: 'off' },
      after: { require: 'admins' },
    });
    expect((await call('PUT', '/api/admin/mfa-policy', { require: 'sometimes' })).statusCode).toBe(400);
  });

  it('is for admins only', async () => {
    const user = service.auth.addUser();
    const token = await service.tokens.sign(user.id, { role: 'USER' });
    expect((await call('PUT', '/api/admin/mfa-policy', { require: 'everyone' }, token)).statusCode).toBe(403);
    expect((await call('DELETE', `/api/admin/users/${user.id}/2fa`, undefined, token)).statusCode).toBe(403);
  });
});

describe('DELETE /api/admin/users/:id/2fa', () => {
  it('resets the user in auth-service and audits it; an unknown user is 404 and unaudited', async () => {
    const user = service.auth.addUser();
    const reset = await call('DELETE', `/api/admin/users/${user.id}/2fa`);
    expect(reset.statusCode).toBe(204);
    expect(service.auth.identity.resets).toContain(user.id);
    expect(await auditRows(user.id)).toMatchObject([
      { action: 'user.2fa.reset', actorId: admin.user.id, before: { totpEnabled: true }, after: { totpEnabled: false } },
    ]);
    const unknown = await call('DELETE', '/api/admin/users/usr_nobody/2fa');
    expect(unknown.statusCode).toBe(404);
    expect(await auditRows('usr_nobody')).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
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
      {
        action: 'user.2fa.reset',
        actorId: admin.user.id,
        before: { totpEnabled: true },
        after: { totpEnabled: false },
      },
    ]);
    const unknown = await call('DELETE', '/api/admin/users/usr_nobody/2fa');
    expect(unknown.statusCode).toBe(404);
    expect(await auditRows('usr_nobody')).toEqual([]);
  });
});

describe('OIDC providers', () => {
  const body = {
    label: 'Company SSO',
    issuer: 'https://sso.example.com/realms/staff',
    clientId: 'vivier',
    clientSecret: 'very-secret-value',
    allowLinking: true,
  };

  it('creates, lists, updates and deletes a provider through auth-service, each audited without the secret', async () => {
    const created = await service.app.inject({
      method: 'POST',
      url: '/api/admin/oidc-providers',
      payload: { id: 'company', ...body },
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: 'company', hasClientSecret: true, allowLinking: true });
    expect(created.body).not.toContain('very-secret-value');
    const again = await service.app.inject({
      method: 'POST',
      url: '/api/admin/oidc-providers',
      payload: { id: 'company', ...body },
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(again.statusCode).toBe(409);

    expect((await call('GET', '/api/admin/oidc-providers')).json().items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'company', label: 'Company SSO' })]),
    );
    const updated = await call('PUT', '/api/admin/oidc-providers/company', {
      ...body,
      label: 'Staff SSO',
      clientSecret: undefined,
    });
    expect(updated.json()).toMatchObject({ label: 'Staff SSO', hasClientSecret: true });
    expect((await call('PUT', '/api/admin/oidc-providers/unknown', body)).statusCode).toBe(404);
    expect((await call('DELETE', '/api/admin/oidc-providers/company')).statusCode).toBe(204);
    expect((await call('DELETE', '/api/admin/oidc-providers/company')).statusCode).toBe(404);

    const rows = await auditRows('company');
    expect(rows.map((row) => row.action)).toEqual([
      'oidc-provider.create',
      'oidc-provider.update',
      'oidc-provider.delete',
    ]);
    expect(JSON.stringify(rows)).not.toContain('very-secret-value');
  });

  it('keeps a claim → group mapping that names existing groups, and refuses an unknown group with 400', async () => {
    const group = await service.db.group.create({
      data: { id: newId('group'), name: `Mapped ${newId('request')}` },
    });
    const mapped = await call('PUT', '/api/admin/oidc-providers/mapped', {});
    expect(mapped.statusCode).toBe(400);
    const created = await service.app.inject({
      method: 'POST',
      url: '/api/admin/oidc-providers',
      payload: {
        id: 'mapped',
        ...body,
        groupsClaim: 'roles',
        groupMapping: [{ value: 'eng', group: group.id }],
      },
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      groupsClaim: 'roles',
      groupMapping: [{ value: 'eng', group: group.id }],
    });

    const unknown = await call('PUT', '/api/admin/oidc-providers/mapped', {
      ...body,
      groupMapping: [
        { value: 'eng', group: group.id },
        { value: 'x', group: 'grp_nothere' },
      ],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'groupMapping.1.group', message: 'no group has the id grp_nothere' }],
    });
    const tooMany = await call('PUT', '/api/admin/oidc-providers/mapped', {
      ...body,
      groupMapping: Array.from({ length: 101 }, (_, index) => ({ value: `v${index}`, group: group.id })),
    });
    expect(tooMany.statusCode).toBe(400);
    // Refused changes reached neither auth-service nor the audit trail.
    expect(service.auth.identity.providers.get('mapped')?.groupMapping).toEqual([
      { value: 'eng', group: group.id },
    ]);
    expect((await auditRows('mapped')).map((row) => row.action)).toEqual(['oidc-provider.create']);
  });

  it('refuses a bad issuer or slug with 400', async () => {
    const bad = await service.app.inject({
      method: 'POST',
      url: '/api/admin/oidc-providers',
      payload: { id: 'Not A Slug', ...body, issuer: 'not a url' },
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(bad.statusCode).toBe(400);
  });
});

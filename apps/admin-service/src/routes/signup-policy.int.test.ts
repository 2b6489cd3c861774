import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { startTestAdminService, type TestAdminService } from '../test-support';

let service: TestAdminService;
let token: string;
let adminId: string;

beforeAll(async () => {
  service = await startTestAdminService();
  const admin = await service.signedInAdmin();
  token = admin.token;
  adminId = admin.user.id;
});
afterAll(() => service.close());

const call = (method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  service.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
const auditFor = (targetId: string) =>
  service.db.auditLog.findMany({ where: { targetId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });

describe('PUT /api/admin/signup-policy', () => {
  it('changes the policy in auth-service and audits before and after', async () => {
    const before = (await call('GET', '/api/admin/signup-policy')).json();
    const response = await call('PUT', '/api/admin/signup-policy', {
      mode: 'domains',
      domains: ['Example.com'],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ mode: 'domains', domains: ['example.com'] });
    expect(service.auth.signup.policy).toEqual({ mode: 'domains', domains: ['example.com'] });
    const entries = await auditFor('signup-policy');
    expect(entries.at(-1)).toMatchObject({
      actorId: adminId,
      action: 'signup-policy.update',
      targetType: 'settings',
      before,
      after: { mode: 'domains', domains: ['example.com'] },
    });
  });

  it('refuses the domains mode without domains, and an unknown mode', async () => {
    expect((await call('PUT', '/api/admin/signup-policy', { mode: 'domains' })).statusCode).toBe(400);
    expect((await call('PUT', '/api/admin/signup-policy', { mode: 'closed' })).statusCode).toBe(400);
  });
});

describe('invites', () => {
  it('creates an invite (link shown once, audited without its token), lists and revokes it', async () => {
    const created = await call('POST', '/api/admin/invites', {
      email: 'new@example.com',
      expiresInHours: 48,
    });
    expect(created.statusCode, created.body).toBe(201);
    const { url, invite } = created.json();
    expect(url).toContain('/register?invite=');
    expect(invite).toMatchObject({ email: 'new@example.com', status: 'active' });
    const forwarded = service.auth.requests.at(-1)!;
    expect(forwarded.body).toMatchObject({ createdById: adminId, expiresInHours: 48 });

    const listed = (await call('GET', '/api/admin/invites')).json();
    expect(listed.items).toContainEqual(expect.objectContaining({ id: invite.id }));

    expect((await call('DELETE', `/api/admin/invites/${invite.id}`)).statusCode).toBe(204);
    const entries = await auditFor(invite.id);
    expect(entries.map((entry) => entry.action)).toEqual(['invite.create', 'invite.revoke']);
    expect(JSON.stringify(entries)).not.toContain(new URL(url).searchParams.get('invite'));
    expect(entries[1]?.after).toMatchObject({ status: 'revoked' });
  });

  it('answers 404 for an unknown invite and 400 for an out-of-range lifetime', async () => {
    expect((await call('DELETE', `/api/admin/invites/${newId('invite')}`)).statusCode).toBe(404);
    expect((await call('POST', '/api/admin/invites', { expiresInHours: 0 })).statusCode).toBe(400);
    expect((await call('POST', '/api/admin/invites', { expiresInHours: 24 * 365 })).statusCode).toBe(400);
  });
});

describe('approving a pending user', () => {
  it('lists the user as pending, approves with PATCH {approved: true} and audits user.approve', async () => {
    const pending = service.auth.addUser({ pendingApproval: true });
    const listed = (await call('GET', '/api/admin/users')).json();
    expect(listed.items.find((user: { id: string }) => user.id === pending.id)).toMatchObject({
      pendingApproval: true,
    });

    const approved = await call('PATCH', `/api/admin/users/${pending.id}`, { approved: true });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().pendingApproval).toBeUndefined();
    const [entry] = await auditFor(pending.id);
    expect(entry).toMatchObject({ action: 'user.approve', actorId: adminId });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { uniqueEmail } from '@vivier/testkit';
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

const call = (
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
  bearer = token,
) => service.app.inject({ method, url, payload, headers: { authorization: `Bearer ${bearer}` } });

/** Group members are real User rows (auth-service's table; GroupMember has a foreign key to it). */
async function userRow(name = 'Member') {
  return service.db.user.create({
    data: { id: newId('user'), email: uniqueEmail('member'), name, passwordHash: 'x' },
  });
}
const uniqueName = (base: string) => `${base} ${newId('request').slice(-8)}`;

describe('groups', () => {
  it('creates, renames, replaces members, sets a plan and deletes a group, auditing each change', async () => {
    const [ada, bob] = [await userRow('Ada'), await userRow('Bob')];
    const plan = await service.db.plan.findFirstOrThrow({ where: { isDefault: true } });
    const name = uniqueName('Research');

    const created = await call('POST', '/api/admin/groups', { name, memberIds: [ada.id] });
    expect(created.statusCode, created.body).toBe(201);
    const group = created.json();
    expect(group).toMatchObject({
      name,
      planId: null,
      members: [{ id: ada.id, email: ada.email, name: 'Ada' }],
    });

    const renamed = await call('PATCH', `/api/admin/groups/${group.id}`, {
      name: `${name} team`,
      memberIds: [bob.id],
      planId: plan.id,
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({
      name: `${name} team`,
      planId: plan.id,
      members: [{ id: bob.id }],
    });
    expect(renamed.json().members).toHaveLength(1);

    const listed = await call('GET', '/api/admin/groups');
    expect(listed.json().items).toContainEqual(
      expect.objectContaining({ id: group.id, name: `${name} team` }),
    );

    expect((await call('DELETE', `/api/admin/groups/${group.id}`)).statusCode).toBe(204);
    expect((await call('GET', '/api/admin/groups')).json().items).not.toContainEqual(
      expect.objectContaining({ id: group.id }),
    );
    expect(await service.db.groupMember.count({ where: { groupId: group.id } })).toBe(0);

    const audit = await service.db.auditLog.findMany({
      where: { targetId: group.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(audit.map((entry) => [entry.action, entry.actorId])).toEqual([
      ['group.create', adminId],
      ['group.update', adminId],
      ['group.delete', adminId],
    ]);
    expect(audit[1]?.after).toEqual({ name: `${name} team`, planId: plan.id, memberIds: [bob.id] });
  });

  it('answers 404 for unknown and malformed group ids', async () => {
    for (const id of [newId('group'), 'not-an-id', newId('user')]) {
      expect((await call('PATCH', `/api/admin/groups/${id}`, { name: 'x' })).statusCode).toBe(404);
      expect((await call('DELETE', `/api/admin/groups/${id}`)).statusCode).toBe(404);
    }
  });

  it('refuses unknown members and plans with 400, and a taken name with 409', async () => {
    const unknownMember = await call('POST', '/api/admin/groups', {
      name: uniqueName('G'),
      memberIds: [newId('user')],
    });
    expect(unknownMember.statusCode).toBe(400);
    expect(unknownMember.json().error.details[0].path).toBe('memberIds');
    const unknownPlan = await call('POST', '/api/admin/groups', {
      name: uniqueName('G'),
      planId: newId('plan'),
    });
    expect(unknownPlan.statusCode).toBe(400);
    const name = uniqueName('Taken');
    expect((await call('POST', '/api/admin/groups', { name })).statusCode).toBe(201);
    const taken = await call('POST', '/api/admin/groups', { name });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('CONFLICT');
  });

  it('is for admins only: 403 for a user, 401 without a token', async () => {
    const user = await userRow();
    const userToken = await service.tokens.sign(user.id, { role: 'USER' });
    expect((await call('GET', '/api/admin/groups', undefined, userToken)).statusCode).toBe(403);
    expect((await call('POST', '/api/admin/groups', { name: 'x' }, userToken)).statusCode).toBe(403);
    const anonymous = await service.app.inject({ method: 'GET', url: '/api/admin/groups' });
    expect(anonymous.statusCode).toBe(401);
  });
});

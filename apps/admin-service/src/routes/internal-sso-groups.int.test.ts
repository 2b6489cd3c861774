import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { uniqueEmail } from '@vivier/testkit';
import { startTestAdminService, TEST_INTERNAL_TOKEN, type TestAdminService } from '../test-support';

let service: TestAdminService;
beforeAll(async () => {
  service = await startTestAdminService();
});
afterAll(() => service.close());

const sync = (userId: string, payload: object, token = TEST_INTERNAL_TOKEN) =>
  service.app.inject({
    method: 'POST',
    url: `/internal/users/${userId}/sso-groups`,
    payload,
    headers: { 'x-internal-token': token },
  });

async function userAndGroups() {
  const user = await service.db.user.create({
    data: { id: newId('user'), email: uniqueEmail('sso'), name: 'Sso', passwordHash: 'x' },
  });
  const suffix = newId('request').slice(-8);
  const eng = await service.db.group.create({ data: { id: newId('group'), name: `Eng ${suffix}` } });
  const fin = await service.db.group.create({ data: { id: newId('group'), name: `Fin ${suffix}` } });
  return { user, eng, fin };
}

describe('POST /internal/users/:id/sso-groups', () => {
  it('moves the user into the mapped groups the claim holds and out of the others, auditing it', async () => {
    const { user, eng, fin } = await userAndGroups();
    await service.db.groupMember.create({ data: { groupId: fin.id, userId: user.id } });
    const mapping = [
      { value: 'eng', group: eng.id },
      { value: 'fin', group: fin.name },
    ];
    const answer = await sync(user.id, { provider: 'corp', claim: 'groups', mapping, claimValues: ['eng'] });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toEqual({ added: [eng.id], removed: [fin.id] });
    const members = await service.db.groupMember.findMany({ where: { userId: user.id } });
    expect(members.map((member) => member.groupId)).toEqual([eng.id]);
    const audit = await service.db.auditLog.findMany({ where: { targetId: user.id } });
    expect(audit).toMatchObject([{ actorId: user.id, action: 'user.groups.sso', targetType: 'user' }]);

    // Nothing to change: nothing written.
    const again = await sync(user.id, { provider: 'corp', claim: 'groups', mapping, claimValues: ['eng'] });
    expect(again.json()).toEqual({ added: [], removed: [] });
    expect(await service.db.auditLog.count({ where: { targetId: user.id } })).toBe(1);
  });

  it('is hidden without the service token, 404 for an unknown user and 400 for a bad body', async () => {
    const { user, eng } = await userAndGroups();
    const body = {
      provider: 'corp',
      claim: 'groups',
      mapping: [{ value: 'eng', group: eng.id }],
      claimValues: ['eng'],
    };
    expect((await sync(user.id, body, 'wrong-token')).statusCode).toBe(404);
    expect(await service.db.groupMember.count({ where: { userId: user.id } })).toBe(0);
    const unknown = await sync(newId('user'), body);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('NOT_FOUND');
    const bad = await sync(user.id, { ...body, claimValues: 'eng' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });
});

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

const call = (method: 'GET' | 'PUT', url: string, payload?: object, bearer = token) =>
  service.app.inject({ method, url, payload, headers: { authorization: `Bearer ${bearer}` } });

/** What chat-service writes on POST /api/knowledge. */
async function base() {
  const userId = newId('user');
  await service.db.user.create({ data: { id: userId, email: uniqueEmail('kb'), passwordHash: 'x' } });
  return service.db.knowledgeBase.create({ data: { id: newId('knowledgeBase'), userId, name: 'Handbook' } });
}

describe('sharing knowledge bases with groups', () => {
  it('lists bases and shares one with groups, auditing the change', async () => {
    const kb = await base();
    const team = await service.db.group.create({
      data: { id: newId('group'), name: `Team ${kb.id.slice(-6)}` },
    });
    const listed = (await call('GET', '/api/admin/knowledge')).json().items;
    expect(listed.find((item: { id: string }) => item.id === kb.id)).toMatchObject({
      name: 'Handbook',
      groupIds: [],
    });

    const shared = await call('PUT', `/api/admin/knowledge/${kb.id}/groups`, {
      groupIds: [team.id, team.id],
    });
    expect(shared.statusCode, shared.body).toBe(200);
    expect(shared.json()).toMatchObject({ id: kb.id, groupIds: [team.id] });
    const audit = await service.db.auditLog.findMany({ where: { targetId: kb.id } });
    expect(audit).toMatchObject([
      {
        actorId: adminId,
        action: 'knowledge.share',
        targetType: 'knowledge-base',
        before: { groupIds: [] },
        after: { groupIds: [team.id] },
      },
    ]);

    const unshared = await call('PUT', `/api/admin/knowledge/${kb.id}/groups`, { groupIds: [] });
    expect(unshared.json()).toMatchObject({ groupIds: [] });
  });

  it('refuses unknown groups (400), unknown bases (404) and non-admins (403)', async () => {
    const kb = await base();
    const unknownGroup = await call('PUT', `/api/admin/knowledge/${kb.id}/groups`, {
      groupIds: [newId('group')],
    });
    expect(unknownGroup.statusCode).toBe(400);
    expect(unknownGroup.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const missing = await call('PUT', `/api/admin/knowledge/${newId('knowledgeBase')}/groups`, {
      groupIds: [],
    });
    expect(missing.statusCode).toBe(404);
    const user = { token: await service.tokens.sign(newId('user')) };
    expect((await call('GET', '/api/admin/knowledge', undefined, user.token)).statusCode).toBe(403);
    expect(
      (await call('PUT', `/api/admin/knowledge/${kb.id}/groups`, { groupIds: [] }, user.token)).statusCode,
    ).toBe(403);
    expect((await service.db.knowledgeBase.findUniqueOrThrow({ where: { id: kb.id } })).groupIds).toEqual([]);
  });
});

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

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, bearer = token) =>
  service.app.inject({ method, url, payload, headers: { authorization: `Bearer ${bearer}` } });

const body = {
  name: 'House reviewer',
  provider: 'openai-compatible',
  model: 'fake',
  settings: { systemPrompt: 'Follow the house style.', temperature: 0.4 },
};

async function group() {
  return service.db.group.create({
    data: { id: newId('group'), name: `Team ${newId('request').slice(-8)}` },
  });
}

describe('published presets', () => {
  it('publishes, lists, retargets and deletes a preset, auditing each change', async () => {
    const team = await group();
    const created = await call('POST', '/api/admin/presets', body);
    expect(created.statusCode, created.body).toBe(201);
    const preset = created.json();
    expect(preset).toMatchObject({ ...body, groupIds: [] });

    const listed = (await call('GET', '/api/admin/presets')).json().items;
    expect(listed.find((item: { id: string }) => item.id === preset.id)).toEqual(preset);

    const retargeted = await call('PATCH', `/api/admin/presets/${preset.id}`, {
      groupIds: [team.id, team.id],
      name: 'Team reviewer',
    });
    expect(retargeted.statusCode).toBe(200);
    expect(retargeted.json()).toMatchObject({
      name: 'Team reviewer',
      groupIds: [team.id],
      settings: body.settings,
    });

    expect((await call('DELETE', `/api/admin/presets/${preset.id}`)).statusCode).toBe(204);
    expect(await service.db.publishedPreset.count({ where: { id: preset.id } })).toBe(0);

    const audit = await service.db.auditLog.findMany({
      where: { targetId: preset.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(audit.map((entry) => [entry.action, entry.targetType, entry.actorId])).toEqual([
      ['preset.publish', 'preset', adminId],
      ['preset.update', 'preset', adminId],
      ['preset.delete', 'preset', adminId],
    ]);
    expect(audit[1]?.before).toMatchObject({ name: 'House reviewer', groupIds: [] });
    expect(audit[1]?.after).toMatchObject({ name: 'Team reviewer', groupIds: [team.id] });
  });

  it('refuses unknown groups and bad input with 400, unknown ids with 404', async () => {
    const unknownGroup = await call('POST', '/api/admin/presets', { ...body, groupIds: [newId('group')] });
    expect(unknownGroup.statusCode).toBe(400);
    expect(unknownGroup.json().error.details[0]).toMatchObject({ path: 'groupIds' });
    expect((await call('POST', '/api/admin/presets', { ...body, name: ' ' })).statusCode).toBe(400);
    expect((await call('POST', '/api/admin/presets', { ...body, groupIds: ['nope'] })).statusCode).toBe(400);
    for (const id of [newId('preset'), 'not-an-id']) {
      expect((await call('PATCH', `/api/admin/presets/${id}`, { name: 'x' })).statusCode).toBe(404);
      expect((await call('DELETE', `/api/admin/presets/${id}`)).statusCode).toBe(404);
    }
  });

  it('is for admins only: a USER gets 403 and nothing is written', async () => {
    const userToken = await service.tokens.sign(newId('user'), { role: 'USER' });
    const before = await service.db.publishedPreset.count();
    const refused = await call('POST', '/api/admin/presets', body, userToken);
    expect(refused.statusCode).toBe(403);
    expect((await call('GET', '/api/admin/presets', undefined, userToken)).statusCode).toBe(403);
    expect(await service.db.publishedPreset.count()).toBe(before);
  });
});

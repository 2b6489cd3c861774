import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { dropDatabase, ensureDatabase, migrateDatabase } from '@vivier/db';
import { publishProviderSettingsChanged } from '@vivier/providers';
import { eventually } from '@vivier/testkit';
import {
  clientFor,
  DEMO_MODEL,
  startTestChatService,
  type TestChatService,
  type TestUser,
} from '../test-support';

// EnvProviderAccess rows and groups are global settings: this file gets a database of its own.
const sharedDatabaseUrl = process.env.DATABASE_URL!;
const ownDatabaseUrl = (() => {
  const url = new URL(sharedDatabaseUrl);
  url.pathname = `/vivier_env_access_${randomBytes(4).toString('hex')}`;
  return url.toString();
})();

let service: TestChatService;

beforeAll(async () => {
  await ensureDatabase(ownDatabaseUrl);
  await migrateDatabase(ownDatabaseUrl);
  process.env.DATABASE_URL = ownDatabaseUrl;
  // Env providers: OpenAI (its catalogue, never called here) and the offline demo (`fake`).
  // A long TTL: every change must arrive through admin-service's notice on Redis.
  service = await startTestChatService({ PROVIDER_SETTINGS_TTL_MS: '600000' });
});
afterAll(async () => {
  await service.close();
  process.env.DATABASE_URL = sharedDatabaseUrl;
  await dropDatabase(ownDatabaseUrl);
});

const announce = () => publishProviderSettingsChanged(service.deps.redis, service.env.REDIS_PREFIX);

async function group(memberIds: string[]) {
  return service.prisma.group.create({
    data: {
      id: newId('group'),
      name: `Team ${randomBytes(3).toString('hex')}`,
      members: { createMany: { data: memberIds.map((userId) => ({ userId })) } },
    },
  });
}

/** What admin-service writes for `PUT /api/admin/env-providers/:kind`. */
async function limit(kind: string, access: { accessGroupIds?: string[]; modelGroupIds?: object }) {
  const data = { accessGroupIds: access.accessGroupIds ?? [], modelGroupIds: access.modelGroupIds ?? {} };
  await service.prisma.envProviderAccess.upsert({ where: { kind }, create: { kind, ...data }, update: data });
}

async function modelIdsOf(user: TestUser, provider: string): Promise<string[]> {
  const items = (await clientFor(service, user).get('/api/models')).json().items as Array<{
    provider: string;
    id: string;
  }>;
  return items.filter((item) => item.provider === provider).map((item) => item.id);
}

/** Waits until the change has reached the service (the notice dropped its cache). */
function seen(check: () => Promise<boolean>) {
  return eventually(async () => {
    await announce();
    return check();
  }, 5_000);
}

describe('access to providers configured by env', () => {
  it('limits one model of an env provider to a group: listed to members only, refused to others with 403', async () => {
    const [member, outsider] = [await service.createUser(), await service.createUser()];
    const team = await group([member.id]);
    await limit('openai-compatible', { modelGroupIds: { fake: [team.id] } });

    await seen(async () => !(await modelIdsOf(outsider, DEMO_MODEL.provider)).includes('fake'));
    expect(await modelIdsOf(member, DEMO_MODEL.provider)).toContain('fake');
    // The provider's other models stay open to everyone.
    expect(await modelIdsOf(outsider, DEMO_MODEL.provider)).toContain('fake-thinking');

    // The OpenAI-compatible API lists the same.
    const v1 = async (user: TestUser) =>
      ((await clientFor(service, user).get('/v1/models')).json().data as Array<{ id: string }>).map(
        (model) => model.id,
      );
    expect(await v1(outsider)).not.toContain('fake');
    expect(await v1(member)).toContain('fake');

    const refused = await clientFor(service, outsider).post('/api/chats', DEMO_MODEL);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'MODEL_NOT_ALLOWED', details: [{ path: 'model' }] });

    const chat = await clientFor(service, member).createChat(DEMO_MODEL);
    const sent = await clientFor(service, member).post(`/api/chats/${chat.id}/messages`, { content: 'hi' });
    expect(sent.statusCode, sent.body).toBe(202);
  });

  it('limits a whole env provider to a group', async () => {
    const [member, outsider] = [await service.createUser(), await service.createUser()];
    const team = await group([member.id]);
    await limit('openai', { accessGroupIds: [team.id] });
    await seen(async () => (await modelIdsOf(outsider, 'openai')).length === 0);
    const offered = await modelIdsOf(member, 'openai');
    expect(offered.length).toBeGreaterThan(0);
    const refused = await clientFor(service, outsider).post('/api/chats', {
      provider: 'openai',
      model: offered[0],
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('MODEL_NOT_ALLOWED');
    await limit('openai', {});
  });

  it('an old chat on a model since limited opens, says why, and refuses new messages with 403 (never a 5xx)', async () => {
    const member = await service.createUser();
    const team = await group([member.id]);
    await limit('openai-compatible', { modelGroupIds: { 'fake-thinking': [team.id] } });
    const model = { provider: DEMO_MODEL.provider, model: 'fake-thinking' };
    await seen(async () => (await modelIdsOf(member, DEMO_MODEL.provider)).includes('fake-thinking'));
    const client = clientFor(service, member);
    const chat = await client.createChat(model);

    await service.prisma.groupMember.deleteMany({ where: { groupId: team.id, userId: member.id } });
    await seen(async () => !(await modelIdsOf(member, DEMO_MODEL.provider)).includes('fake-thinking'));

    expect((await client.get(`/api/chats/${chat.id}`)).statusCode).toBe(200);
    const sent = await client.post(`/api/chats/${chat.id}/messages`, { content: 'still there?' });
    expect(sent.statusCode).toBe(403);
    expect(sent.json().error.code).toBe('MODEL_NOT_ALLOWED');
    expect(sent.json().error.message).toMatch(/no longer have access to this chat’s model/);
    expect(await service.prisma.message.count({ where: { chatId: chat.id } })).toBe(0);
  });

  it('lists every env provider and all its models to admin-service, behind the service token', async () => {
    const team = await group([]);
    await limit('openai-compatible', { accessGroupIds: [team.id] });
    const internal = (token: string) =>
      service.app.inject({
        method: 'GET',
        url: '/internal/env-providers',
        headers: { 'x-internal-token': token },
      });
    const listed = await internal('test-internal-token-0123456789');
    expect(listed.statusCode).toBe(200);
    const items = listed.json().items as Array<{
      kind: string;
      offlineDemo: boolean;
      models: Array<{ id: string }>;
    }>;
    expect(items.map((item) => item.kind).sort()).toEqual(['openai', 'openai-compatible']);
    const demo = items.find((item) => item.kind === 'openai-compatible')!;
    // Restricted or not, an admin must see the model to set its access.
    expect(demo).toMatchObject({ offlineDemo: true });
    expect(demo.models.map((model) => model.id)).toContain('fake');
    expect((await internal('wrong-token')).statusCode).toBe(404);
    await limit('openai-compatible', {});
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { dropDatabase, ensureDatabase, migrateDatabase } from '@vivier/db';
import { createSecretBox, publishProviderSettingsChanged } from '@vivier/providers';
import { eventually, startFakeLlm, type FakeLlm } from '@vivier/testkit';
import { clientFor, startTestChatService, type TestChatService, type TestUser } from '../test-support';

// Provider rows and groups are global settings: this file gets a database of its own.
const sharedDatabaseUrl = process.env.DATABASE_URL!;
const ownDatabaseUrl = (() => {
  const url = new URL(sharedDatabaseUrl);
  url.pathname = `/vivier_model_access_${randomBytes(4).toString('hex')}`;
  return url.toString();
})();
const KEY = Buffer.alloc(32, 13).toString('base64');
const box = createSecretBox(KEY);

let service: TestChatService;
let endpoint: FakeLlm;

beforeAll(async () => {
  await ensureDatabase(ownDatabaseUrl);
  await migrateDatabase(ownDatabaseUrl);
  process.env.DATABASE_URL = ownDatabaseUrl;
  endpoint = await startFakeLlm({ tokenDelayMs: 0, models: ['small', 'big'] });
  // A long TTL: every change must arrive through admin-service's notice on Redis.
  service = await startTestChatService({
    OPENAI_API_KEY: '',
    PROVIDER_KEY_ENCRYPTION_KEY: KEY,
    EGRESS_ALLOWED_HOSTS: '127.0.0.1',
    PROVIDER_SETTINGS_TTL_MS: '600000',
  });
});
afterAll(async () => {
  await service.close();
  await endpoint.close();
  process.env.DATABASE_URL = sharedDatabaseUrl;
  await dropDatabase(ownDatabaseUrl);
});

/** What admin-service does after saving providers or groups. */
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

async function provider(fields: { accessGroupIds?: string[]; modelOverrides?: object } = {}) {
  return service.prisma.providerConfig.create({
    data: {
      id: newId('provider'),
      kind: 'openai-compatible',
      label: 'Team vLLM',
      baseUrl: endpoint.openaiBaseUrl,
      apiKeyEncrypted: box.encrypt('sk-team'),
      accessGroupIds: fields.accessGroupIds ?? [],
      modelOverrides: fields.modelOverrides ?? {},
    },
  });
}

/** The ids of `providerId`'s models `user` is offered, once the change has reached the service. */
async function modelsSeenBy(user: TestUser, providerId: string, expected: string[]) {
  return eventually(async () => {
    await announce();
    const items = (await clientFor(service, user).get('/api/models')).json().items as Array<{
      provider: string;
      id: string;
    }>;
    const ids = items
      .filter((item) => item.provider === providerId)
      .map((item) => item.id)
      .sort();
    return JSON.stringify(ids) === JSON.stringify(expected) ? ids : undefined;
  }, 5_000);
}

describe('model access by group', () => {
  it('lists a restricted model only to members, and refuses chats on it to others with 403 MODEL_NOT_ALLOWED', async () => {
    const [member, outsider] = [await service.createUser(), await service.createUser()];
    const team = await group([member.id]);
    const row = await provider({ modelOverrides: { big: { groupIds: [team.id] } } });

    expect(await modelsSeenBy(member, row.id, ['big', 'small'])).toEqual(['big', 'small']);
    expect(await modelsSeenBy(outsider, row.id, ['small'])).toEqual(['small']);

    const refused = await clientFor(service, outsider).post('/api/chats', { provider: row.id, model: 'big' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('MODEL_NOT_ALLOWED');
    expect(refused.json().error.details[0]).toMatchObject({ path: 'model' });
    expect((await clientFor(service, outsider).createChat({ provider: row.id, model: 'small' })).model).toBe(
      'small',
    );

    const chat = await clientFor(service, member).createChat({ provider: row.id, model: 'big' });
    const sent = await clientFor(service, member).post(`/api/chats/${chat.id}/messages`, { content: 'hi' });
    expect(sent.statusCode, sent.body).toBe(202);
  });

  it('lists a preset on a model the user may not use, but refuses a chat from it with 403 MODEL_NOT_ALLOWED', async () => {
    const [member, outsider] = [await service.createUser(), await service.createUser()];
    const team = await group([member.id]);
    const row = await provider({ modelOverrides: { big: { groupIds: [team.id] } } });
    expect(await modelsSeenBy(outsider, row.id, ['small'])).toEqual(['small']);

    const client = clientFor(service, outsider);
    const preset = (
      await client.post('/api/presets', { name: 'Big', provider: row.id, model: 'big' })
    ).json();
    expect((await client.get('/api/presets')).json().items.map((item: { id: string }) => item.id)).toContain(
      preset.id,
    );
    const refused = await client.post('/api/chats', { presetId: preset.id });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'MODEL_NOT_ALLOWED', details: [{ path: 'model' }] });
    expect(await service.prisma.chat.count({ where: { userId: outsider.id } })).toBe(0);
  });

  it('restricts every model of a provider limited to groups', async () => {
    const [member, outsider] = [await service.createUser(), await service.createUser()];
    const team = await group([member.id]);
    const row = await provider({ accessGroupIds: [team.id] });
    expect(await modelsSeenBy(member, row.id, ['big', 'small'])).toEqual(['big', 'small']);
    expect(await modelsSeenBy(outsider, row.id, [])).toEqual([]);
    const refused = await clientFor(service, outsider).post('/api/chats', {
      provider: row.id,
      model: 'small',
    });
    expect(refused.json().error.code).toBe('MODEL_NOT_ALLOWED');
  });

  it('refuses send and regenerate on an existing chat once the user leaves the group, with 403 and no new rows', async () => {
    const member = await service.createUser();
    const team = await group([member.id]);
    const row = await provider({ modelOverrides: { big: { groupIds: [team.id] } } });
    await modelsSeenBy(member, row.id, ['big', 'small']);
    const client = clientFor(service, member);
    const chat = await client.createChat({ provider: row.id, model: 'big' });
    const first = await client.postMessage(chat.id, 'hello');

    await service.prisma.groupMember.deleteMany({ where: { groupId: team.id, userId: member.id } });
    await modelsSeenBy(member, row.id, ['small']);
    const messagesBefore = await service.prisma.message.count({ where: { chatId: chat.id } });

    const sent = await client.post(`/api/chats/${chat.id}/messages`, { content: 'still there?' });
    expect(sent.statusCode).toBe(403);
    expect(sent.json().error).toMatchObject({ code: 'MODEL_NOT_ALLOWED' });
    const regenerated = await client.post(`/api/messages/${first.userMessage.id}/regenerate`);
    expect(regenerated.statusCode).toBe(403);
    expect(regenerated.json().error.code).toBe('MODEL_NOT_ALLOWED');
    const edited = await client.patch(`/api/messages/${first.userMessage.id}`, { content: 'edited' });
    expect(edited.statusCode).toBe(403);
    expect(edited.json().error.code).toBe('MODEL_NOT_ALLOWED');
    // Switching the chat back to a model they may use is allowed; switching to the forbidden one is not.
    expect((await client.patch(`/api/chats/${chat.id}`, { model: 'big' })).statusCode).toBe(403);
    expect((await client.patch(`/api/chats/${chat.id}`, { model: 'small' })).statusCode).toBe(200);
    expect(await service.prisma.message.count({ where: { chatId: chat.id } })).toBe(messagesBefore);
  });

  it('answers 400 (never a 5xx) for a chat whose provider was removed', async () => {
    const user = await service.createUser();
    const row = await provider();
    await modelsSeenBy(user, row.id, ['big', 'small']);
    const chat = await clientFor(service, user).createChat({ provider: row.id, model: 'small' });
    await service.prisma.providerConfig.delete({ where: { id: row.id } });
    await modelsSeenBy(user, row.id, []);
    const sent = await clientFor(service, user).post(`/api/chats/${chat.id}/messages`, { content: 'hi' });
    expect(sent.statusCode).toBe(400);
    expect(sent.json().error.details[0].path).toBe('model');
  });
});

describe('accounts awaiting approval', () => {
  it('get 403 ACCOUNT_PENDING on chat routes', async () => {
    const user = await service.createUser();
    const pending = await service.tokens.sign(user.id, { pending: true });
    for (const [method, url] of [
      ['GET', '/api/chats'],
      ['GET', '/api/models'],
      ['POST', '/api/chats'],
    ] as const) {
      const response = await service.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${pending}` },
        ...(method === 'POST' ? { payload: {} } : {}),
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('ACCOUNT_PENDING');
    }
  });
});

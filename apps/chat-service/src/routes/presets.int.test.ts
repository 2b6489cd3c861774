import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, PRESETS_MAX_PER_USER } from '@vivier/contracts';
import { clientFor, DEMO_MODEL, startTestChatService, type TestChatService } from '../test-support';

let service: TestChatService;
beforeAll(async () => {
  service = await startTestChatService();
});
afterAll(async () => {
  await service.close();
});

const body = {
  name: 'Terse reviewer',
  ...DEMO_MODEL,
  settings: { systemPrompt: 'Answer in one sentence.', temperature: 0.2, maxTokens: 300 },
};

async function user() {
  const account = await service.createUser();
  return { account, client: clientFor(service, account) };
}

/** What admin-service writes on `POST /api/admin/presets` (its own test covers the route). */
async function publish(groupIds: string[], name = `Team preset ${randomBytes(3).toString('hex')}`) {
  return service.prisma.publishedPreset.create({
    data: {
      id: newId('preset'),
      groupIds,
      name,
      ...DEMO_MODEL,
      settings: { systemPrompt: 'House style.' },
      createdById: newId('user'),
    },
  });
}

async function group(memberIds: string[]) {
  return service.prisma.group.create({
    data: {
      id: newId('group'),
      name: `Team ${randomBytes(3).toString('hex')}`,
      members: { createMany: { data: memberIds.map((userId) => ({ userId })) } },
    },
  });
}

const idsOf = (response: { json: () => { items: Array<{ id: string }> } }) =>
  response.json().items.map((item) => item.id);

describe('presets CRUD', () => {
  it('creates, lists, updates and deletes a preset, stored exactly as sent', async () => {
    const { client } = await user();
    const created = await client.post('/api/presets', body);
    expect(created.statusCode, created.body).toBe(201);
    const preset = created.json();
    expect(preset).toMatchObject({ ...body, shared: false });
    expect(preset.id).toMatch(/^pst_/);

    const listed = (await client.get('/api/presets')).json().items;
    expect(listed.find((item: { id: string }) => item.id === preset.id)).toEqual(preset);

    const renamed = await client.patch(`/api/presets/${preset.id}`, {
      name: '  Kind reviewer ',
      model: 'fake',
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: '  Kind reviewer ', settings: body.settings });

    expect((await client.delete(`/api/presets/${preset.id}`)).statusCode).toBe(204);
    expect(idsOf(await client.get('/api/presets'))).not.toContain(preset.id);
    expect((await client.delete(`/api/presets/${preset.id}`)).statusCode).toBe(404);
  });

  it("answers 404 for another user's preset, on every route, and leaves it untouched", async () => {
    const owner = await user();
    const other = await user();
    const preset = (await owner.client.post('/api/presets', body)).json();

    expect(idsOf(await other.client.get('/api/presets'))).not.toContain(preset.id);
    const patched = await other.client.patch(`/api/presets/${preset.id}`, { name: 'Mine now' });
    expect(patched.statusCode).toBe(404);
    expect(patched.json().error.code).toBe('NOT_FOUND');
    expect((await other.client.delete(`/api/presets/${preset.id}`)).statusCode).toBe(404);
    const started = await other.client.post('/api/chats', { presetId: preset.id });
    expect(started.statusCode).toBe(404);
    expect((await service.prisma.preset.findUniqueOrThrow({ where: { id: preset.id } })).name).toBe(
      body.name,
    );
  });

  it('refuses bad input with 400: blank names, long prompts, unknown providers', async () => {
    const { client } = await user();
    for (const bad of [
      { ...body, name: '  ' },
      { ...body, name: 'x'.repeat(101) },
      { ...body, settings: { systemPrompt: 'x'.repeat(20_001) } },
      { ...body, settings: { temperature: 3 } },
      { ...body, provider: 'nope' },
      { name: 'No model' },
    ]) {
      const response = await client.post('/api/presets', bad);
      expect(response.statusCode, JSON.stringify(bad).slice(0, 80)).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it(`keeps at most ${PRESETS_MAX_PER_USER} presets per user (409 past it)`, async () => {
    const { account, client } = await user();
    await service.prisma.preset.createMany({
      data: Array.from({ length: PRESETS_MAX_PER_USER }, (_, index) => ({
        id: newId('preset'),
        userId: account.id,
        name: `Preset ${index}`,
        ...DEMO_MODEL,
      })),
    });
    const refused = await client.post('/api/presets', body);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('CONFLICT');
  });
});

describe('published presets', () => {
  it('are listed, marked shared and read-only, to everyone or only to their groups', async () => {
    const member = await user();
    const outsider = await user();
    const team = await group([member.account.id]);
    const everyone = await publish([]);
    const teamOnly = await publish([team.id]);

    const memberSees = (await member.client.get('/api/presets')).json().items;
    expect(memberSees.find((item: { id: string }) => item.id === teamOnly.id)).toMatchObject({
      shared: true,
      name: teamOnly.name,
    });
    expect(idsOf(await member.client.get('/api/presets'))).toContain(everyone.id);
    expect(idsOf(await outsider.client.get('/api/presets'))).toContain(everyone.id);
    expect(idsOf(await outsider.client.get('/api/presets'))).not.toContain(teamOnly.id);

    // Read-only: a user may not change or delete what an admin published.
    expect((await member.client.patch(`/api/presets/${teamOnly.id}`, { name: 'Mine' })).statusCode).toBe(404);
    expect((await member.client.delete(`/api/presets/${everyone.id}`)).statusCode).toBe(404);

    // Usable by the right people only.
    const chat = await member.client.post('/api/chats', { presetId: teamOnly.id });
    expect(chat.statusCode).toBe(201);
    expect(chat.json()).toMatchObject({ title: teamOnly.name, settings: { systemPrompt: 'House style.' } });
    expect((await outsider.client.post('/api/chats', { presetId: teamOnly.id })).statusCode).toBe(404);
  });
});

describe('POST /api/chats with presetId', () => {
  it("starts the chat with the preset's model, settings and name; the body overrides them", async () => {
    const { client } = await user();
    const preset = (await client.post('/api/presets', body)).json();

    const chat = await client.post('/api/chats', { presetId: preset.id });
    expect(chat.statusCode, chat.body).toBe(201);
    expect(chat.json()).toMatchObject({ title: body.name, ...DEMO_MODEL, settings: body.settings });

    const overridden = await client.post('/api/chats', {
      presetId: preset.id,
      title: 'Mine',
      settings: { systemPrompt: 'Be long.' },
    });
    expect(overridden.json()).toMatchObject({ title: 'Mine', settings: { systemPrompt: 'Be long.' } });
  });

  it('needs provider and model without a preset, and 404s an unknown or malformed presetId', async () => {
    const { client } = await user();
    const missing = await client.post('/api/chats', { title: 'No model' });
    expect(missing.statusCode).toBe(400);
    for (const presetId of ['pst_aaaaaaaaaaaaaaaaaaaa', 'nope']) {
      const response = await client.post('/api/chats', { presetId });
      expect(response.statusCode).toBe(404);
    }
  });

  it('refuses a preset whose model is no longer offered with a clear 400', async () => {
    const { client } = await user();
    const preset = (await client.post('/api/presets', { ...body, model: 'retired-model' })).json();
    const refused = await client.post('/api/chats', { presetId: preset.id });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0]).toMatchObject({ path: 'model' });
  });
});

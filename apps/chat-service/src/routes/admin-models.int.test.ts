import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { dropDatabase, ensureDatabase, migrateDatabase, type Prisma } from '@vivier/db';
import { createSecretBox, publishProviderSettingsChanged } from '@vivier/providers';
import { eventually, startFakeLlm, type FakeLlm } from '@vivier/testkit';
import { clientFor, startTestChatService, type TestChatService } from '../test-support';

// ProviderConfig rows are global settings: this file gets a database of its own, so neither the
// admin-service tests (which replace every row) nor the other chat tests see these rows.
const sharedDatabaseUrl = process.env.DATABASE_URL!;
const ownDatabaseUrl = (() => {
  const url = new URL(sharedDatabaseUrl);
  url.pathname = `/vivier_admin_models_${randomBytes(4).toString('hex')}`;
  return url.toString();
})();
const KEY = Buffer.alloc(32, 11).toString('base64');
const box = createSecretBox(KEY);

let service: TestChatService;
let endpoint: FakeLlm;

beforeAll(async () => {
  await ensureDatabase(ownDatabaseUrl);
  await migrateDatabase(ownDatabaseUrl);
  process.env.DATABASE_URL = ownDatabaseUrl;
  endpoint = await startFakeLlm({ tokenDelayMs: 0, models: ['llama3', 'qwen3'] });
  // A long TTL: every change below must arrive through admin-service's notice on Redis.
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
beforeEach(async () => {
  await service.prisma.providerConfig.deleteMany({});
  await announce();
});

/** What admin-service does after saving: tell everyone the settings changed. */
const announce = () => publishProviderSettingsChanged(service.deps.redis, service.env.REDIS_PREFIX);

interface ListedModel {
  provider: string;
  id: string;
  pricing: { inputPerMTokMicros: number; outputPerMTokMicros: number };
  providerLabel?: string;
  default?: true;
  offlineDemo?: true;
}

async function addProvider(fields: Partial<Prisma.ProviderConfigCreateInput> = {}) {
  return service.prisma.providerConfig.create({
    data: {
      id: newId('provider'),
      kind: 'openai-compatible',
      label: 'Team vLLM',
      baseUrl: endpoint.openaiBaseUrl,
      apiKeyEncrypted: box.encrypt('sk-team-vllm'),
      ...fields,
    },
  });
}

/** Saves with `change`, announces it, and waits until the model list shows it (the notice may race the subscription). */
async function change(apply: () => Promise<unknown>, seen: (items: ListedModel[]) => boolean) {
  await apply();
  const client = clientFor(service, await service.createUser());
  return eventually(async () => {
    await announce();
    const items = (await client.get('/api/models')).json().items as ListedModel[];
    return seen(items) ? items : undefined;
  }, 5_000);
}

const of = (items: ListedModel[], providerId: string) => items.filter((item) => item.provider === providerId);

describe('GET /api/models with admin-managed providers', () => {
  it('offers an enabled OpenAI-compatible endpoint under its prv_ id, next to the env providers', async () => {
    const row = await addProvider();
    const items = await change(
      async () => undefined,
      (list) => of(list, row.id).length > 0,
    );
    expect(
      of(items, row.id)
        .map((item) => item.id)
        .sort(),
    ).toEqual(['llama3', 'qwen3']);
    expect(of(items, row.id)[0]).toMatchObject({ providerLabel: 'Team vLLM' });
    expect(items.some((item) => item.provider === 'openai-compatible' && item.offlineDemo)).toBe(true);

    const client = clientFor(service, await service.createUser());
    const created = await client.post('/api/chats', { provider: row.id, model: 'qwen3' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ provider: row.id, model: 'qwen3' });
  });

  it('leaves out a model an admin disabled, and refuses new chats and messages on it with a clear 400', async () => {
    const row = await addProvider();
    await change(
      async () => undefined,
      (list) => of(list, row.id).length === 2,
    );
    const client = clientFor(service, await service.createUser());
    const chat = await client.createChat({ provider: row.id, model: 'llama3' });

    const items = await change(
      () =>
        service.prisma.providerConfig.update({
          where: { id: row.id },
          data: { modelOverrides: { llama3: { enabled: false } } },
        }),
      (list) => of(list, row.id).length === 1,
    );
    expect(of(items, row.id).map((item) => item.id)).toEqual(['qwen3']);

    const refused = await client.post('/api/chats', { provider: row.id, model: 'llama3' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details).toEqual([
      { path: 'model', message: '"llama3" has been disabled by an administrator' },
    ]);

    const message = await client.post(`/api/chats/${chat.id}/messages`, { content: 'still there?' });
    expect(message.statusCode).toBe(400);
    expect(message.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'This chat’s model is not available; choose another model',
      details: [{ path: 'model', message: '"llama3" has been disabled by an administrator' }],
    });
    expect(await service.prisma.message.count({ where: { chatId: chat.id } })).toBe(0);
  });

  it('shows override prices and flags the admin default model, once', async () => {
    const row = await addProvider({
      isDefault: true,
      modelOverrides: { qwen3: { inputPerMTokMicros: 123, outputPerMTokMicros: 456, isDefault: true } },
    });
    const openai = await addProvider({
      kind: 'openai',
      label: 'Company OpenAI',
      baseUrl: null,
      modelOverrides: { 'gpt-5.4': { outputPerMTokMicros: 1 } },
    });
    const items = await change(
      async () => undefined,
      (list) => of(list, row.id).length > 0 && of(list, openai.id).length > 0,
    );
    expect(of(items, row.id).find((item) => item.id === 'qwen3')).toMatchObject({
      default: true,
      pricing: { inputPerMTokMicros: 123, outputPerMTokMicros: 456 },
    });
    expect(items.filter((item) => item.default)).toHaveLength(1);
    expect(of(items, openai.id).find((item) => item.id === 'gpt-5.4')?.pricing).toEqual({
      inputPerMTokMicros: 2_500_000,
      outputPerMTokMicros: 1,
    });
    expect(of(items, openai.id).every((item) => item.providerLabel === 'Company OpenAI')).toBe(true);
  });

  it('hides every model of a disabled provider, and its chats say why', async () => {
    const row = await addProvider();
    await change(
      async () => undefined,
      (list) => of(list, row.id).length === 2,
    );
    const client = clientFor(service, await service.createUser());
    const chat = await client.createChat({ provider: row.id, model: 'qwen3' });

    const items = await change(
      () => service.prisma.providerConfig.update({ where: { id: row.id }, data: { enabled: false } }),
      (list) => of(list, row.id).length === 0,
    );
    expect(items.some((item) => item.offlineDemo)).toBe(true);
    const message = await client.post(`/api/chats/${chat.id}/messages`, { content: 'hello?' });
    expect(message.statusCode).toBe(400);
    expect(message.json().error.details).toEqual([
      { path: 'model', message: 'the provider "Team vLLM" has been disabled by an administrator' },
    ]);
  });

  it('refuses a provider id that names no provider, and a malformed one', async () => {
    const client = clientFor(service, await service.createUser());
    const unknown = await client.post('/api/chats', { provider: newId('provider'), model: 'qwen3' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].message).toMatch(/is not offered/);
    const malformed = await client.post('/api/chats', { provider: 'prv_../../etc', model: 'qwen3' });
    expect(malformed.statusCode).toBe(400);
  });
});

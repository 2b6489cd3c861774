import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { dropDatabase, ensureDatabase, migrateDatabase } from '@vivier/db';
import { startTestAdminService, type TestAdminService } from '../test-support';

// Provider settings are one document for the deployment and providers.int.test.ts replaces it
// between its tests: this file gets a database of its own.
const sharedDatabaseUrl = process.env.DATABASE_URL!;
const ownDatabaseUrl = (() => {
  const url = new URL(sharedDatabaseUrl);
  url.pathname = `/vivier_provider_access_${randomBytes(4).toString('hex')}`;
  return url.toString();
})();

let service: TestAdminService;
let token: string;

beforeAll(async () => {
  await ensureDatabase(ownDatabaseUrl);
  await migrateDatabase(ownDatabaseUrl);
  process.env.DATABASE_URL = ownDatabaseUrl;
  service = await startTestAdminService();
  token = (await service.signedInAdmin()).token;
});
afterAll(async () => {
  await service.close();
  process.env.DATABASE_URL = sharedDatabaseUrl;
  await dropDatabase(ownDatabaseUrl);
});

const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  service.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
const uniqueName = (base: string) => `${base} ${randomBytes(3).toString('hex')}`;

describe('model access in the provider settings', () => {
  it('stores provider and model access lists, keeps them when an older body leaves them out, refuses unknown groups', async () => {
    const group = (await call('POST', '/api/admin/groups', { name: uniqueName('Access') })).json();
    const label = uniqueName('OpenAI');
    const current = (await call('GET', '/api/admin/providers')).json();
    const others = current.providers.map((row: Record<string, unknown>) => ({
      id: row.id,
      kind: row.kind,
      label: row.label,
      baseUrl: row.baseUrl,
      enabled: row.enabled,
      modelOverrides: row.modelOverrides,
      accessGroupIds: row.accessGroupIds,
    }));
    const restricted = {
      kind: 'openai',
      label,
      apiKey: 'sk-test-access',
      accessGroupIds: [group.id],
      modelOverrides: { 'gpt-4o': { groupIds: [group.id] } },
    };
    const saved = await call('PUT', '/api/admin/providers', {
      providers: [...others, restricted],
      defaultModel: current.defaultModel,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const row = saved.json().providers.find((provider: { label: string }) => provider.label === label);
    expect(row).toMatchObject({
      accessGroupIds: [group.id],
      modelOverrides: { 'gpt-4o': { groupIds: [group.id] } },
    });

    // A body from before access lists existed: the provider keeps its list.
    const older = await call('PUT', '/api/admin/providers', {
      providers: [...others, { id: row.id, kind: 'openai', label, modelOverrides: row.modelOverrides }],
      defaultModel: current.defaultModel,
    });
    expect(older.statusCode, older.body).toBe(200);
    expect(
      older.json().providers.find((provider: { id: string }) => provider.id === row.id).accessGroupIds,
    ).toEqual([group.id]);

    const unknown = await call('PUT', '/api/admin/providers', {
      providers: [...others, { id: row.id, kind: 'openai', label, accessGroupIds: [newId('group')] }],
      defaultModel: current.defaultModel,
    });
    expect(unknown.statusCode, unknown.body).toBe(400);
    expect(unknown.json().error.details[0].path).toBe('accessGroupIds');
  });
});

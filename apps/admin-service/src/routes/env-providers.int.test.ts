import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { onProviderSettingsChanged } from '@vivier/providers';
import { eventually, startFakeLlm, testRedisUrl, type FakeLlm } from '@vivier/testkit';
// A fixture chat-service exports (its real route over a real registry), so a change to its contract
// fails this test too. Apps never import each other's code, fixtures for tests excepted.
// eslint-disable-next-line no-restricted-imports
import { startEnvProvidersFixture } from '@vivier/chat-service/fixtures/env-providers';
import { startTestAdminService, TEST_INTERNAL_TOKEN, type TestAdminService } from '../test-support';

let fake: FakeLlm;
let chat: Awaited<ReturnType<typeof startEnvProvidersFixture>>;
let service: TestAdminService;
let token: string;
let adminId: string;

beforeAll(async () => {
  fake = await startFakeLlm({ models: ['small', 'big'] });
  chat = await startEnvProvidersFixture({
    providerEnv: {
      OPENAI_API_KEY: 'sk-never-called',
      GOOGLE_API_KEY: 'never-called',
      OPENAI_COMPATIBLE_BASE_URL: fake.openaiBaseUrl,
    },
    internalToken: TEST_INTERNAL_TOKEN,
  });
  service = await startTestAdminService({ env: { CHAT_SERVICE_URL: chat.url } });
  const admin = await service.signedInAdmin();
  token = admin.token;
  adminId = admin.user.id;
});
afterAll(async () => {
  await service?.close();
  await chat?.close();
  await fake?.close();
});

const call = (method: 'GET' | 'PUT', url: string, payload?: object) =>
  service.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
const team = () =>
  service.db.group.create({ data: { id: newId('group'), name: `Env team ${newId('request').slice(-8)}` } });

describe('Admin → Providers: providers configured by env', () => {
  it('lists each env provider with all its models and its access lists', async () => {
    const listed = await call('GET', '/api/admin/env-providers');
    expect(listed.statusCode, listed.body).toBe(200);
    const items = listed.json().items as Array<{ kind: string; models: Array<{ id: string }> }>;
    expect(items.map((item) => item.kind).sort()).toEqual(['google', 'openai', 'openai-compatible']);
    const endpoint = items.find((item) => item.kind === 'openai-compatible')!;
    expect(endpoint).toMatchObject({ offlineDemo: false });
    expect(endpoint.models.map((model) => model.id).sort()).toEqual(['big', 'small']);
    expect(items.find((item) => item.kind === 'openai')!.models.length).toBeGreaterThan(0);
  });

  // `google`: a kind no other test file's services configure, so limiting it cannot disturb them
  // (the run's database is shared).
  it('limits an env provider and one of its models to groups, audits the change and announces it', async () => {
    const [everyone, research] = [await team(), await team()];
    const subscriber = new Redis(testRedisUrl());
    const heard: number[] = [];
    try {
      await onProviderSettingsChanged(subscriber, service.env.REDIS_PREFIX, () => heard.push(Date.now()));
      const saved = await call('PUT', '/api/admin/env-providers/google', {
        accessGroupIds: [everyone.id],
        modelGroupIds: { big: [research.id], small: [] },
      });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json()).toEqual({
        kind: 'google',
        accessGroupIds: [everyone.id],
        modelGroupIds: { big: [research.id] },
      });
      await eventually(async () => heard.length > 0);
    } finally {
      subscriber.disconnect();
    }

    const listed = (await call('GET', '/api/admin/env-providers')).json().items;
    expect(listed.find((item: { kind: string }) => item.kind === 'google')).toMatchObject({
      accessGroupIds: [everyone.id],
      modelGroupIds: { big: [research.id] },
    });
    const audit = await service.db.auditLog.findFirstOrThrow({
      where: { action: 'provider.env-access.update', targetId: 'google', actorId: adminId },
      orderBy: { createdAt: 'desc' },
    });
    expect(audit).toMatchObject({
      targetType: 'provider',
      after: { accessGroupIds: [everyone.id], modelGroupIds: { big: [research.id] } },
    });

    // Open to everyone again.
    const opened = await call('PUT', '/api/admin/env-providers/google', {
      accessGroupIds: [],
      modelGroupIds: {},
    });
    expect(opened.json()).toMatchObject({ accessGroupIds: [], modelGroupIds: {} });
  });

  it('refuses an unknown group (400), an unknown kind (404) and a bad body (400)', async () => {
    const unknownGroup = await call('PUT', '/api/admin/env-providers/openai', {
      accessGroupIds: [newId('group')],
      modelGroupIds: {},
    });
    expect(unknownGroup.statusCode).toBe(400);
    expect(unknownGroup.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'accessGroupIds' }],
    });
    const unknownKind = await call('PUT', '/api/admin/env-providers/mistral', {
      accessGroupIds: [],
      modelGroupIds: {},
    });
    expect(unknownKind.statusCode).toBe(404);
    const bad = await call('PUT', '/api/admin/env-providers/openai', { accessGroupIds: 'everyone' });
    expect(bad.statusCode).toBe(400);
  });

  it('answers 503 with the envelope when chat-service cannot list its providers', async () => {
    const offline = await startTestAdminService({ env: { CHAT_SERVICE_URL: 'http://127.0.0.1:9' } });
    try {
      const admin = await offline.signedInAdmin();
      const listed = await offline.app.inject({
        method: 'GET',
        url: '/api/admin/env-providers',
        headers: { authorization: `Bearer ${admin.token}` },
      });
      expect(listed.statusCode).toBe(503);
      expect(listed.json().error.code).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      await offline.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, startTestChatService, type TestChatService } from '../test-support';

let service: TestChatService;
beforeAll(async () => {
  // Only the offline demo: no provider key at all.
  service = await startTestChatService({ OPENAI_API_KEY: '' });
});
afterAll(async () => {
  await service.close();
});

describe('GET /api/models', () => {
  it('lists only configured providers, the offline demo flagged as such', async () => {
    const client = clientFor(service, await service.createUser());
    const response = await client.get('/api/models');
    expect(response.statusCode).toBe(200);
    // Admin-managed providers (`prv_…`, tested in admin-models.test.ts) may exist in the shared database.
    const envModels = {
      items: response
        .json()
        .items.filter((model: { provider: string }) => !model.provider.startsWith('prv_')),
    };
    expect(envModels).toEqual({
      items: [
        {
          provider: 'openai-compatible',
          id: 'fake',
          label: expect.any(String),
          contextWindow: expect.any(Number),
          pricing: { inputPerMTokMicros: expect.any(Number), outputPerMTokMicros: expect.any(Number) },
          capabilities: { vision: expect.any(Boolean), reasoning: false },
          offlineDemo: true,
        },
        {
          provider: 'openai-compatible',
          id: 'fake-thinking',
          label: 'Offline demo (thinking)',
          contextWindow: expect.any(Number),
          pricing: { inputPerMTokMicros: expect.any(Number), outputPerMTokMicros: expect.any(Number) },
          capabilities: { vision: expect.any(Boolean), reasoning: true },
          offlineDemo: true,
        },
      ],
    });
    // The demo model is what a chat may be opened with; other providers' models are not.
    expect(
      (await client.post('/api/chats', { provider: 'openai-compatible', model: 'fake' })).statusCode,
    ).toBe(201);
    expect((await client.post('/api/chats', { provider: 'openai', model: 'gpt-5.4' })).statusCode).toBe(400);
  });

  it('adds the catalogue of a provider with a key, without the demo flag', async () => {
    const withKey = await startTestChatService({ ANTHROPIC_API_KEY: 'sk-ant-test' });
    try {
      const items = (await clientFor(withKey, await withKey.createUser()).get('/api/models')).json().items;
      const anthropic = items.filter((model: { provider: string }) => model.provider === 'anthropic');
      expect(anthropic.length).toBeGreaterThan(0);
      expect(anthropic.every((model: { offlineDemo?: boolean }) => model.offlineDemo === undefined)).toBe(
        true,
      );
      expect(items.some((model: { provider: string }) => model.provider === 'google')).toBe(false);
    } finally {
      await withKey.close();
    }
  });

  it('needs a token', async () => {
    expect((await service.app.inject({ method: 'GET', url: '/api/models' })).statusCode).toBe(401);
  });
});

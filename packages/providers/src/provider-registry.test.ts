import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlm } from '@vivier/testkit';
import { providersFromEnv } from './provider-env';
import { createProviderRegistry } from './provider-registry';

let fake: Awaited<ReturnType<typeof startFakeLlm>>;
beforeAll(async () => {
  fake = await startFakeLlm({ tokenDelayMs: 0 });
});
afterAll(async () => {
  await fake.close();
});

describe('provider registry from env', () => {
  it('offers only the offline demo when nothing else is configured, flagged as such', async () => {
    const registry = createProviderRegistry(providersFromEnv({ OFFLINE_DEMO_URL: fake.url }));
    const models = await registry.listModels();
    expect(models).toEqual([
      expect.objectContaining({
        provider: 'openai-compatible',
        id: 'fake',
        label: 'Offline demo',
        offlineDemo: true,
      }),
      expect.objectContaining({
        provider: 'openai-compatible',
        id: 'fake-thinking',
        label: 'Offline demo (thinking)',
        offlineDemo: true,
        capabilities: { vision: true, reasoning: true },
      }),
    ]);
    let text = '';
    const demo = (await registry.resolve('openai-compatible'))!.provider;
    for await (const event of demo.stream({ model: 'fake', messages: [{ role: 'user', content: 'hi' }] })) {
      if (event.type === 'text') text += event.text;
    }
    expect(text.length).toBeGreaterThan(0);
  });

  it('lists the catalogue of each keyed provider and nothing of the others', async () => {
    const registry = createProviderRegistry(
      providersFromEnv({ OPENAI_API_KEY: 'sk-test', OFFLINE_DEMO_URL: fake.url }),
    );
    const providers = new Set((await registry.listModels()).map((model) => model.providerId));
    expect(providers).toEqual(new Set(['openai', 'openai-compatible']));
    expect(await registry.resolve('anthropic')).toBeUndefined();
    expect(await registry.findModel('anthropic', 'claude-haiku-4-5')).toBeUndefined();
  });

  it('asks an OpenAI-compatible endpoint for its models when none are listed, and it replaces the demo', async () => {
    const registry = createProviderRegistry(
      providersFromEnv({ OPENAI_COMPATIBLE_BASE_URL: fake.openaiBaseUrl, OFFLINE_DEMO_URL: fake.url }),
    );
    const models = await registry.listModels();
    expect(models.length).toBeGreaterThan(0);
    expect(models.every((model) => model.providerId === 'openai-compatible' && !model.offlineDemo)).toBe(
      true,
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@vivier/contracts';
import { startFakeLlm, type FakeLlm } from '@vivier/testkit';
import type { ProviderSettingsRow } from './admin-providers';
import { isProviderError } from './errors';
import { providersFromEnv } from './provider-env';
import { createProviderRegistry } from './provider-registry';
import { createSecretBox } from './secret-box';
import type { UsageEvent } from './types';

const box = createSecretBox(Buffer.alloc(32, 3).toString('base64'));
const SECRET = 'sk-admin-endpoint-0123456789';

let fake: FakeLlm;
beforeAll(async () => {
  fake = await startFakeLlm({ tokenDelayMs: 0, models: ['llama3', 'qwen3'] });
});
afterAll(async () => {
  await fake.close();
});

function row(fields: Partial<ProviderSettingsRow> = {}): ProviderSettingsRow {
  return {
    id: newId('provider'),
    kind: 'openai-compatible',
    label: 'Team vLLM',
    baseUrl: fake.openaiBaseUrl,
    apiKeyEncrypted: box.encrypt(SECRET),
    enabled: true,
    isDefault: false,
    modelOverrides: {},
    ...fields,
  };
}

/** A registry over in-memory rows; `reads` counts how often it asked for them. */
function registryOver(rows: ProviderSettingsRow[], policy = { allowedHosts: ['127.0.0.1'] }) {
  const state = { rows, reads: 0 };
  const registry = createProviderRegistry(providersFromEnv({ OFFLINE_DEMO_URL: fake.url }), {
    admin: {
      load: async () => {
        state.reads += 1;
        return state.rows;
      },
      secretBox: box,
      egressPolicy: policy,
      ttlMs: 60_000,
    },
  });
  return { registry, state };
}

async function answer(
  registry: ReturnType<typeof registryOver>['registry'],
  providerId: string,
  model: string,
  prompt: string,
) {
  const resolved = await registry.resolve(providerId);
  if (!resolved) throw new Error(`no provider ${providerId}`);
  let text = '';
  let usage: UsageEvent | undefined;
  for await (const event of resolved.provider.stream({
    model,
    messages: [{ role: 'user', content: prompt }],
  })) {
    if (event.type === 'text') text += event.text;
    if (event.type === 'usage') usage = event;
  }
  if (!usage) throw new Error('the stream ended without usage');
  return { text, usage, cost: resolved.provider.calculateCost(model, usage) };
}

describe('admin-managed providers in the registry', () => {
  it('lists an enabled OpenAI-compatible row under its prv_ id and calls it with the decrypted key', async () => {
    const endpoint = row();
    const { registry } = registryOver([endpoint]);
    const models = await registry.listModels();
    expect(
      models
        .filter((model) => model.providerId === endpoint.id)
        .map((model) => model.id)
        .sort(),
    ).toEqual(['llama3', 'qwen3']);
    expect(models.find((model) => model.providerId === endpoint.id)).toMatchObject({
      provider: 'openai-compatible',
      providerLabel: 'Team vLLM',
    });
    // Env providers keep their kind as id.
    expect(models.some((model) => model.providerId === 'openai-compatible' && model.offlineDemo)).toBe(true);

    const prompt = `key check ${endpoint.id}`;
    const { text } = await answer(registry, endpoint.id, 'llama3', prompt);
    expect(text.length).toBeGreaterThan(0);
    const request = fake.requests.find((entry) => entry.lastUserText === prompt);
    expect(request?.headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it('hides disabled models, prices with the overrides and flags the default', async () => {
    const endpoint = row({
      isDefault: true,
      modelOverrides: {
        llama3: { enabled: false },
        qwen3: { inputPerMTokMicros: 1_000_000_000, outputPerMTokMicros: 2_000_000_000, isDefault: true },
      },
    });
    const { registry } = registryOver([endpoint]);
    const mine = (await registry.listModels()).filter((model) => model.providerId === endpoint.id);
    expect(mine.map((model) => model.id)).toEqual(['qwen3']);
    expect(mine[0]).toMatchObject({
      isDefault: true,
      pricing: { inputPerMTokMicros: 1_000_000_000, outputPerMTokMicros: 2_000_000_000 },
    });

    expect(await registry.checkModel(endpoint.id, 'llama3')).toEqual({
      reason: '"llama3" has been disabled by an administrator',
    });
    expect((await registry.resolve(endpoint.id))?.disabledReason('llama3')).toMatch(
      /disabled by an administrator/,
    );

    const { usage, cost } = await answer(registry, endpoint.id, 'qwen3', 'price me');
    // $1000 per million input tokens and $2000 per million output: 1000 and 2000 micro-dollars a token.
    expect(cost).toBe(usage.inputTokens * 1_000 + usage.outputTokens * 2_000);
  });

  it('applies price overrides to official providers’ catalogue models too', async () => {
    const openai = row({
      kind: 'openai',
      label: 'Company OpenAI',
      baseUrl: fake.openaiBaseUrl,
      modelOverrides: { 'gpt-5.4': { inputPerMTokMicros: 7 }, 'gpt-4.1': { enabled: false } },
    });
    const { registry } = registryOver([openai]);
    const mine = (await registry.listModels()).filter((model) => model.providerId === openai.id);
    expect(mine.find((model) => model.id === 'gpt-5.4')?.pricing).toEqual({
      inputPerMTokMicros: 7,
      outputPerMTokMicros: 15_000_000,
    });
    expect(mine.some((model) => model.id === 'gpt-4.1')).toBe(false);
    expect(mine.length).toBeGreaterThan(3);
  });

  it('hides every model of a disabled row and says why a chat on it cannot continue', async () => {
    const endpoint = row({ enabled: false });
    const { registry } = registryOver([endpoint]);
    expect((await registry.listModels()).some((model) => model.providerId === endpoint.id)).toBe(false);
    expect((await registry.checkModel(endpoint.id, 'llama3')).reason).toBe(
      'the provider "Team vLLM" has been disabled by an administrator',
    );
    expect((await registry.checkModel('prv_unknown', 'llama3')).reason).toMatch(/not offered/);
  });

  it('refuses a row whose endpoint resolves to loopback unless the allow-list names it', async () => {
    const endpoint = row({ modelOverrides: { llama3: { inputPerMTokMicros: 5 } } });
    const { registry } = registryOver([endpoint], { allowedHosts: [] });
    const before = fake.requests.length;
    // The endpoint's model list cannot be fetched; only the model the admin named is offered.
    expect(
      (await registry.listModels())
        .filter((model) => model.providerId === endpoint.id)
        .map((model) => model.id),
    ).toEqual(['llama3']);
    const failure = await answer(registry, endpoint.id, 'llama3', 'never sent').catch(
      (error: unknown) => error,
    );
    expect(isProviderError(failure)).toBe(true);
    expect(failure).toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      retryable: false,
      message: expect.stringMatching(/egress policy/),
    });
    expect(fake.requests.length).toBe(before);
  });

  it('reads the rows once per TTL, and again right after invalidate()', async () => {
    const endpoint = row();
    const { registry, state } = registryOver([endpoint]);
    await registry.listModels();
    await registry.checkModel(endpoint.id, 'llama3');
    await registry.resolve(endpoint.id);
    expect(state.reads).toBe(1);
    state.rows = [{ ...endpoint, modelOverrides: { llama3: { enabled: false } } }];
    expect((await registry.checkModel(endpoint.id, 'llama3')).model).toBeDefined();
    registry.invalidate();
    expect((await registry.checkModel(endpoint.id, 'llama3')).reason).toMatch(/disabled/);
    expect(state.reads).toBe(2);
  });

  it('leaves out a row whose key does not decrypt, without hiding the others', async () => {
    const broken = row({
      apiKeyEncrypted: createSecretBox(Buffer.alloc(32, 9).toString('base64')).encrypt('x'),
    });
    const good = row();
    const { registry } = registryOver([broken, good]);
    const ids = new Set((await registry.listModels()).map((model) => model.providerId));
    expect(ids.has(good.id)).toBe(true);
    expect(ids.has(broken.id)).toBe(false);
    expect((await registry.checkModel(broken.id, 'llama3')).reason).toMatch(/does not decrypt/);
  });
});

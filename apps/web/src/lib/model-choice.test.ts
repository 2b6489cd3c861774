import type { Model } from '@vivier/contracts';
import { describe, expect, it } from 'vitest';
import {
  defaultModel,
  groupModelsByProvider,
  isOfflineDemoOnly,
  modelKey,
  modelOptionLabel,
} from './model-choice';

const model = (provider: string, id: string, extra: Partial<Model> = {}): Model => ({
  provider,
  id,
  label: id.toUpperCase(),
  contextWindow: 128_000,
  pricing: { inputPerMTokMicros: 2_500_000, outputPerMTokMicros: 10_000_000 },
  capabilities: { vision: true, reasoning: false },
  ...extra,
});

describe('model choice', () => {
  it('groups by provider in listed order, with readable provider names', () => {
    const groups = groupModelsByProvider([
      model('openai', 'a'),
      model('anthropic', 'b'),
      model('openai', 'c'),
    ]);
    expect(groups.map((group) => [group.label, group.models.map((m) => m.id)])).toEqual([
      ['OpenAI', ['a', 'c']],
      ['Anthropic', ['b']],
    ]);
  });

  it('labels a model with price per 1M tokens and capabilities', () => {
    expect(modelOptionLabel(model('openai', 'gpt'))).toBe(
      'GPT — $2.50 in / $10.00 out per 1M tokens · vision · 128K context',
    );
  });

  it('detects the offline demo as the only provider', () => {
    const demo = model('openai-compatible', 'fake', { offlineDemo: true });
    expect(isOfflineDemoOnly([demo])).toBe(true);
    expect(isOfflineDemoOnly([demo, model('openai', 'gpt')])).toBe(false);
    expect(isOfflineDemoOnly([])).toBe(false);
    expect(groupModelsByProvider([demo])[0]!.label).toBe('Offline demo');
  });

  it('starts new chats with the last used model when still offered', () => {
    const models = [model('openai', 'a'), model('google', 'b')];
    expect(defaultModel(models, 'google/b')?.id).toBe('b');
    expect(defaultModel(models, 'gone/x')?.id).toBe('a');
    expect(modelKey(models[1]!)).toBe('google/b');
  });

  it("otherwise starts them with the administrators' default model", () => {
    const models = [
      model('openai', 'a'),
      model('prv_0123456789abcdefghij', 'b', { default: true, providerLabel: 'Team vLLM' }),
    ];
    expect(defaultModel(models, null)?.id).toBe('b');
    expect(defaultModel(models, 'gone/x')?.id).toBe('b');
    expect(defaultModel(models, 'openai/a')?.id).toBe('a');
  });

  it("groups an admin-added provider's models under the name the administrators gave it", () => {
    const models = [
      model('prv_0123456789abcdefghij', 'b', { providerLabel: 'Team vLLM' }),
      model('openai', 'a'),
    ];
    expect(groupModelsByProvider(models).map((group) => group.label)).toEqual(['Team vLLM', 'OpenAI']);
  });
});

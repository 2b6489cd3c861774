import type { Model } from '@vivier/contracts';
import { describe, expect, it } from 'vitest';
import { modelWords } from '../hooks/use-model-words';
import type { Locale } from '../i18n/locales';
import { formatterIn, translatorIn } from '../i18n/test-support';
import {
  defaultModel,
  groupModelsByProvider as groupIn,
  isOfflineDemoOnly,
  modelKey,
  modelOptionLabel as optionIn,
  type ModelWords,
} from './model-choice';

/** The picker's words for a reader of `locale`, from the real catalog and formatter. */
const wordsIn = async (locale: Locale): Promise<ModelWords> =>
  modelWords(await translatorIn(locale, 'chat.modelInfo'), formatterIn(locale));
const english = await wordsIn('en');
const groupModelsByProvider = (models: Model[]) => groupIn(models, english);
const modelOptionLabel = (model: Model) => optionIn(model, english);

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

  it('writes prices, capabilities and sizes in the reader’s language', async () => {
    expect(optionIn(model('openai', 'gpt'), await wordsIn('fr'))).toBe(
      'GPT — 2,50\u00a0$US en entrée / 10,00\u00a0$US en sortie par million de jetons · vision · contexte de 128\u00a0k',
    );
    const demo = model('openai-compatible', 'fake', { offlineDemo: true });
    expect(groupIn([demo], await wordsIn('de'))[0]!.label).toBe('Offline-Demo');
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

import type { Model } from '@vivier/contracts';

/** The `chat.modelInfo` messages a model's details are written with. */
type ModelTextKey = 'free' | 'pricing' | 'vision' | 'reasoning' | 'context' | 'offlineDemo';

/**
 * What the model picker's details need in the reader's language: the `chat.modelInfo`
 * messages, a price per 1M tokens (`$2.50`, `2,50 $US`) and a token count (`128K`, `12,8万`).
 */
export interface ModelWords {
  text: (key: ModelTextKey, values?: Record<string, string | number>) => string;
  price: (microsPerMTok: number) => string;
  tokens: (count: number) => string;
}

const providerNames: Record<string, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  google: 'Google Gemini',
  'openai-compatible': 'OpenAI-compatible',
};

function providerLabel(provider: string, isOfflineDemo: boolean, words: ModelWords): string {
  return isOfflineDemo ? words.text('offlineDemo') : (providerNames[provider] ?? provider);
}

export interface ProviderGroup {
  provider: string;
  label: string;
  models: Model[];
}

/** Models grouped by provider, providers in the order the API listed them. */
export function groupModelsByProvider(models: readonly Model[], words: ModelWords): ProviderGroup[] {
  const groups = new Map<string, ProviderGroup>();
  for (const model of models) {
    const key = `${model.provider}${model.offlineDemo ? ':demo' : ''}`;
    const label = model.providerLabel ?? providerLabel(model.provider, model.offlineDemo === true, words);
    const group = groups.get(key) ?? { provider: model.provider, label, models: [] };
    group.models.push(model);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** "provider/model": one value for a <select> and for localStorage. */
export const modelKey = (model: { provider: string; id: string }) => `${model.provider}/${model.id}`;

export function findModel(models: readonly Model[], provider: string, id: string): Model | undefined {
  return models.find((model) => model.provider === provider && model.id === id);
}

/**
 * The model a new chat starts with: the one used last if still offered, else the one the
 * administrators made the default, else the first.
 */
export function defaultModel(models: readonly Model[], lastUsedKey: string | null): Model | undefined {
  return (
    models.find((model) => modelKey(model) === lastUsedKey) ??
    models.find((model) => model.default === true) ??
    models[0]
  );
}

/** True when every offered model is the built-in offline demo (no real provider configured). */
export function isOfflineDemoOnly(models: readonly Model[]): boolean {
  return models.length > 0 && models.every((model) => model.offlineDemo === true);
}

export { isProviderId } from '@vivier/contracts/constants';

/** "$2.50 in / $10.00 out per 1M tokens". */
export function describePricing(model: Model, words: ModelWords): string {
  const { inputPerMTokMicros, outputPerMTokMicros } = model.pricing;
  if (inputPerMTokMicros === 0 && outputPerMTokMicros === 0) return words.text('free');
  const price = (micros: number) => (micros === 0 ? words.text('free') : words.price(micros));
  return words.text('pricing', { input: price(inputPerMTokMicros), output: price(outputPerMTokMicros) });
}

export function describeCapabilities(model: Model, words: ModelWords): string[] {
  const capabilities: string[] = [];
  if (model.capabilities.vision) capabilities.push(words.text('vision'));
  if (model.capabilities.reasoning) capabilities.push(words.text('reasoning'));
  capabilities.push(words.text('context', { size: words.tokens(model.contextWindow) }));
  return capabilities;
}

/** One line per model in the picker: name, price and what it can do. */
export function modelOptionLabel(model: Model, words: ModelWords): string {
  return `${model.label} — ${describePricing(model, words)} · ${describeCapabilities(model, words).join(' · ')}`;
}

import { calculateCostMicros } from './cost';
import type { ModelInfo, ProviderKind, TokenUsage } from './types';

/** US dollars per million tokens → integer micro-dollars, computed once here, exactly. */
function usd(dollarsPerMTok: number): number {
  return Math.round(dollarsPerMTok * 1_000_000);
}

function model(
  provider: ProviderKind,
  id: string,
  label: string,
  contextWindow: number,
  maxOutputTokens: number,
  [input, output]: [number, number],
  capabilities: ModelInfo['capabilities'],
): ModelInfo {
  return {
    provider,
    id,
    label,
    contextWindow,
    maxOutputTokens,
    pricing: { inputPerMTokMicros: usd(input), outputPerMTokMicros: usd(output) },
    capabilities,
  };
}

const VISION = { vision: true, reasoning: false };
const VISION_REASONING = { vision: true, reasoning: true };

/** Every Gemini model listed: a 1M-token window, 64K tokens out, vision and thinking. */
const gemini = (id: string, label: string, prices: [number, number]) =>
  model('google', id, label, 1_048_576, 65_536, prices, VISION_REASONING);

/** The id of the offline demo model answered by the testkit's fake LLM. */
export const FAKE_MODEL_ID = 'fake';
/** The offline demo's thinking model: the fake streams reasoning for it (more with a higher effort). */
const FAKE_THINKING_MODEL_ID = 'fake-thinking';
/** Offline demo models: offered only by the demo provider, never as a real endpoint's catalogue. */
export const OFFLINE_DEMO_MODEL_IDS: readonly string[] = [FAKE_MODEL_ID, FAKE_THINKING_MODEL_ID];

/**
 * Built-in models with list prices (USD per million tokens, standard tier, prompts below any
 * long-context surcharge), as listed for late 2026. Context windows are the conservative figure
 * where sources differ: fitting a prompt to a smaller window only drops history sooner. Operators
 * override prices and add models through admin-service; this list is only the default.
 */
export const MODEL_CATALOGUE: readonly ModelInfo[] = [
  model('openai', 'gpt-5.4', 'GPT-5.4', 400_000, 128_000, [2.5, 15], VISION_REASONING),
  model('openai', 'gpt-5.4-mini', 'GPT-5.4 mini', 400_000, 128_000, [0.75, 4.5], VISION_REASONING),
  model('openai', 'gpt-5.4-nano', 'GPT-5.4 nano', 400_000, 128_000, [0.2, 1.25], VISION_REASONING),
  model('openai', 'gpt-5', 'GPT-5', 400_000, 128_000, [1.25, 10], VISION_REASONING),
  model('openai', 'gpt-5-mini', 'GPT-5 mini', 400_000, 128_000, [0.25, 2], VISION_REASONING),
  model('openai', 'gpt-4.1', 'GPT-4.1', 1_047_576, 32_768, [2, 8], VISION),
  model('openai', 'gpt-4.1-mini', 'GPT-4.1 mini', 1_047_576, 32_768, [0.4, 1.6], VISION),
  model('openai', 'gpt-4o-mini', 'GPT-4o mini', 128_000, 16_384, [0.15, 0.6], VISION),
  model('openai', 'o3', 'o3', 200_000, 100_000, [2, 8], VISION_REASONING),
  model('openai', 'o4-mini', 'o4-mini', 200_000, 100_000, [1.1, 4.4], VISION_REASONING),

  model('anthropic', 'claude-opus-4-6', 'Claude Opus 4.6', 200_000, 64_000, [5, 25], VISION_REASONING),
  model('anthropic', 'claude-sonnet-4-6', 'Claude Sonnet 4.6', 200_000, 64_000, [3, 15], VISION_REASONING),
  model('anthropic', 'claude-haiku-4-5', 'Claude Haiku 4.5', 200_000, 64_000, [1, 5], VISION_REASONING),

  gemini('gemini-3.1-pro-preview', 'Gemini 3.1 Pro (preview)', [2, 12]),
  gemini('gemini-3-flash-preview', 'Gemini 3 Flash (preview)', [0.5, 3]),
  gemini('gemini-3.1-flash-lite', 'Gemini 3.1 Flash-Lite', [0.25, 1.5]),
  gemini('gemini-2.5-pro', 'Gemini 2.5 Pro', [1.25, 10]),
  gemini('gemini-2.5-flash', 'Gemini 2.5 Flash', [0.3, 2.5]),
  gemini('gemini-2.5-flash-lite', 'Gemini 2.5 Flash-Lite', [0.1, 0.4]),

  // Served by the testkit's fake LLM through the OpenAI-compatible provider. A nominal price so the
  // demo shows token counts and a non-zero cost like a real model would.
  model('openai-compatible', FAKE_MODEL_ID, 'Offline demo', 32_768, 8_192, [1, 2], VISION),
  model(
    'openai-compatible',
    FAKE_THINKING_MODEL_ID,
    'Offline demo (thinking)',
    32_768,
    8_192,
    [1, 2],
    VISION_REASONING,
  ),
];

/** Context window and output limit assumed for an OpenAI-compatible model we know nothing about. */
export const UNKNOWN_MODEL_DEFAULTS = { contextWindow: 8_192, maxOutputTokens: 4_096 } as const;

export function catalogueFor(provider: ProviderKind, overrides: readonly ModelInfo[] = []): ModelInfo[] {
  const byId = new Map<string, ModelInfo>();
  for (const entry of MODEL_CATALOGUE) if (entry.provider === provider) byId.set(entry.id, entry);
  for (const entry of overrides) if (entry.provider === provider) byId.set(entry.id, entry);
  return [...byId.values()];
}

/** Looks a model up by provider and id; overrides win over the built-in entries. */
export function findModel(
  provider: ProviderKind,
  id: string,
  overrides: readonly ModelInfo[] = [],
): ModelInfo | undefined {
  return (
    overrides.find((entry) => entry.provider === provider && entry.id === id) ??
    MODEL_CATALOGUE.find((entry) => entry.provider === provider && entry.id === id)
  );
}

/** A placeholder entry for a model an OpenAI-compatible endpoint lists but the catalogue lacks. */
export function unknownModel(provider: ProviderKind, id: string): ModelInfo {
  return {
    provider,
    id,
    label: id,
    ...UNKNOWN_MODEL_DEFAULTS,
    pricing: { inputPerMTokMicros: 0, outputPerMTokMicros: 0 },
    capabilities: { vision: false, reasoning: false },
  };
}

/** An answer's cost in integer micro-dollars at the catalogue's price; 0 for an unpriced model. */
export function catalogueCost(
  kind: ProviderKind,
  overrides: ModelInfo[],
  model: string,
  usage: TokenUsage,
): number {
  const info = findModel(kind, model, overrides);
  return info ? calculateCostMicros(info.pricing, usage) : 0;
}

import { ProviderKind } from '@vivier/contracts';
import { z } from 'zod';
import { createAnthropicProvider } from './anthropic-provider';
import { withFallback } from './fallback';
import { createGoogleProvider } from './google-provider';
import { createOpenAICompatibleProvider } from './openai-compatible-provider';
import { createOpenAIProvider } from './openai-provider';
import type { AIProvider, ModelInfo } from './types';

/** The serialisable part of a provider's configuration (env, admin settings, database rows). */
export const ProviderConfigSchema = z
  .object({
    kind: ProviderKind,
    apiKey: z.string().min(1).optional(),
    baseUrl: z.url().optional(),
    maxRetries: z.number().int().min(0).max(10).optional(),
    retryBaseDelayMs: z.number().int().min(0).optional(),
    maxRetryDelayMs: z.number().int().min(0).optional(),
    timeoutMs: z.number().int().positive().optional(),
    /** A model of the same provider that answers when the requested one is unavailable. */
    fallbackModel: z.string().min(1).optional(),
  })
  .refine((config) => config.kind !== 'openai-compatible' || config.baseUrl !== undefined, {
    message: 'an OpenAI-compatible provider needs a baseUrl',
    path: ['baseUrl'],
  });

export type ProviderConfig = z.infer<typeof ProviderConfigSchema> & {
  fetch?: typeof fetch;
  models?: ModelInfo[];
};

/** One provider from its configuration; the config is validated so a bad row fails loudly here. */
export function createProvider(config: ProviderConfig): AIProvider {
  const parsed = ProviderConfigSchema.parse(config);
  const options = { ...parsed, fetch: config.fetch, models: config.models };
  let provider: AIProvider;
  switch (parsed.kind) {
    case 'openai':
      provider = createOpenAIProvider(options);
      break;
    case 'anthropic':
      provider = createAnthropicProvider(options);
      break;
    case 'google':
      provider = createGoogleProvider(options);
      break;
    case 'openai-compatible':
      // The schema's refine guarantees the base URL.
      provider = createOpenAICompatibleProvider({ ...options, baseUrl: parsed.baseUrl as string });
      break;
  }
  return parsed.fallbackModel ? withFallback(provider, { model: parsed.fallbackModel }) : provider;
}

import { ProviderKind } from '@vivier/contracts';
import { z } from 'zod';
import { withFallback } from './fallback';
import { lazyProvider } from './lazy-provider';
import type { AIProvider, ModelInfo, ProviderKind as Kind, ProviderOptions } from './types';

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

/**
 * Each vendor's module, imported on a provider's first call rather than at start-up: the three
 * SDKs cost ~30 MiB resident together, and most services (auth, admin, chat) only read the
 * catalogue and the settings, never calling a provider.
 */
const vendors: Record<Kind, (options: ProviderOptions & { baseUrl?: string }) => Promise<AIProvider>> = {
  openai: async (options) => (await import('./openai-provider')).createOpenAIProvider(options),
  anthropic: async (options) => (await import('./anthropic-provider')).createAnthropicProvider(options),
  google: async (options) => (await import('./google-provider')).createGoogleProvider(options),
  'openai-compatible': async (options) =>
    // The schema's refine guarantees the base URL.
    (await import('./openai-compatible-provider')).createOpenAICompatibleProvider({
      ...options,
      baseUrl: options.baseUrl as string,
    }),
};

/** One provider from its configuration; the config is validated so a bad row fails loudly here. */
export function createProvider(config: ProviderConfig): AIProvider {
  const parsed = ProviderConfigSchema.parse(config);
  const options = { ...parsed, fetch: config.fetch, models: config.models };
  const provider = lazyProvider(parsed.kind, options.models ?? [], () => vendors[parsed.kind](options));
  return parsed.fallbackModel ? withFallback(provider, { model: parsed.fallbackModel }) : provider;
}

/** Imports the vendors' modules now (a worker at start-up), so no first answer pays for it. */
export async function preloadProviderModules(kinds: Iterable<string>): Promise<void> {
  const loaders: Partial<Record<string, () => Promise<unknown>>> = {
    openai: () => import('./openai-provider'),
    anthropic: () => import('./anthropic-provider'),
    google: () => import('./google-provider'),
    'openai-compatible': () => import('./openai-compatible-provider'),
  };
  const known = [...new Set(kinds)].flatMap((kind) => loaders[kind] ?? []);
  await Promise.all(known.map((load) => load()));
}

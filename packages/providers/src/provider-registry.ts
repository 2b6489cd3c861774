import { z } from 'zod';
import { catalogueFor, FAKE_MODEL_ID, findModel, unknownModel } from './catalogue';
import { createProvider } from './create-provider';
import type { AIProvider, ModelInfo, ProviderKind } from './types';

/**
 * Provider settings from the environment, shared by chat-service (which lists models and checks
 * a chat's choice) and provider-worker (which calls them). Spread `providerEnv` into a service's
 * env schema. Admin-managed providers (ProviderConfig rows) layer on top in a later issue.
 */
const optionalKey = z.string().min(1).optional();
export const providerEnv = {
  OPENAI_API_KEY: optionalKey,
  OPENAI_BASE_URL: z.url().optional(),
  ANTHROPIC_API_KEY: optionalKey,
  ANTHROPIC_BASE_URL: z.url().optional(),
  GOOGLE_API_KEY: optionalKey,
  GOOGLE_BASE_URL: z.url().optional(),
  /** Any OpenAI-compatible endpoint (Ollama, vLLM, LM Studio, OpenRouter), e.g. http://127.0.0.1:11434/v1. */
  OPENAI_COMPATIBLE_BASE_URL: z.url().optional(),
  OPENAI_COMPATIBLE_API_KEY: optionalKey,
  /** Comma-separated model ids to offer; unset: whatever the endpoint's /models lists. */
  OPENAI_COMPATIBLE_MODELS: z.string().optional(),
  /** Base URL of the testkit's fake LLM, offered as the "Offline demo" model (start command sets it). */
  OFFLINE_DEMO_URL: z.url().optional(),
};
export type ProviderEnv = z.infer<z.ZodObject<typeof providerEnv>>;

export interface ConfiguredProvider {
  kind: ProviderKind;
  apiKey?: string;
  baseUrl?: string;
  /** Fixed model list (OpenAI-compatible only); unset means the catalogue or the endpoint's list. */
  modelIds?: string[];
  offlineDemo?: boolean;
}

export function providersFromEnv(env: ProviderEnv): ConfiguredProvider[] {
  const configured: ConfiguredProvider[] = [];
  if (env.OPENAI_API_KEY) configured.push({ kind: 'openai', apiKey: env.OPENAI_API_KEY, baseUrl: env.OPENAI_BASE_URL });
  if (env.ANTHROPIC_API_KEY) {
    configured.push({ kind: 'anthropic', apiKey: env.ANTHROPIC_API_KEY, baseUrl: env.ANTHROPIC_BASE_URL });
  }
  if (env.GOOGLE_API_KEY) configured.push({ kind: 'google', apiKey: env.GOOGLE_API_KEY, baseUrl: env.GOOGLE_BASE_URL });
  if (env.OPENAI_COMPATIBLE_BASE_URL) {
    const modelIds = env.OPENAI_COMPATIBLE_MODELS?.split(',').map((id) => id.trim()).filter(Boolean);
    configured.push({
      kind: 'openai-compatible',
      apiKey: env.OPENAI_COMPATIBLE_API_KEY,
      baseUrl: env.OPENAI_COMPATIBLE_BASE_URL,
      ...(modelIds?.length ? { modelIds } : {}),
    });
  } else if (env.OFFLINE_DEMO_URL) {
    configured.push({
      kind: 'openai-compatible',
      baseUrl: `${env.OFFLINE_DEMO_URL.replace(/\/$/, '')}/v1`,
      modelIds: [FAKE_MODEL_ID],
      offlineDemo: true,
    });
  }
  return configured;
}

export type ListedModel = ModelInfo & { offlineDemo?: boolean };

const ENDPOINT_MODELS_TTL_MS = 60_000;

/** The configured providers, built once, and the models they offer. */
export function createProviderRegistry(configured: ConfiguredProvider[], options: { fetch?: typeof fetch } = {}) {
  const providers = new Map<ProviderKind, { config: ConfiguredProvider; provider: AIProvider }>();
  for (const config of configured) {
    providers.set(config.kind, {
      config,
      provider: createProvider({ kind: config.kind, apiKey: config.apiKey, baseUrl: config.baseUrl, fetch: options.fetch }),
    });
  }
  let endpointModels: { at: number; models: ModelInfo[] } | undefined;

  async function modelsOf(config: ConfiguredProvider, provider: AIProvider): Promise<ModelInfo[]> {
    if (config.modelIds) {
      return config.modelIds.map((id) => findModel(config.kind, id) ?? unknownModel(config.kind, id));
    }
    if (config.kind !== 'openai-compatible') return catalogueFor(config.kind).filter((model) => model.id !== FAKE_MODEL_ID);
    // A self-hosted endpoint's models change as its operator pulls them: ask it, briefly cached.
    if (!endpointModels || Date.now() - endpointModels.at > ENDPOINT_MODELS_TTL_MS) {
      const models = await provider.listModels({ signal: AbortSignal.timeout(3_000) }).catch(() => endpointModels?.models ?? []);
      endpointModels = { at: Date.now(), models };
    }
    return endpointModels.models;
  }

  return {
    get(kind: string): AIProvider | undefined {
      return providers.get(kind as ProviderKind)?.provider;
    },

    async listModels(): Promise<ListedModel[]> {
      const lists = await Promise.all(
        [...providers.values()].map(async ({ config, provider }) =>
          (await modelsOf(config, provider)).map((model) => (config.offlineDemo ? { ...model, offlineDemo: true } : model)),
        ),
      );
      return lists.flat();
    },

    /** The model's entry when the provider is configured and offers it; undefined otherwise. */
    async findModel(kind: string, id: string): Promise<ListedModel | undefined> {
      return (await this.listModels()).find((model) => model.provider === kind && model.id === id);
    },
  };
}

export type ProviderRegistry = ReturnType<typeof createProviderRegistry>;

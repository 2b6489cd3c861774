import { z } from 'zod';
import { OFFLINE_DEMO_MODEL_IDS } from './catalogue';
import type { ProviderKind } from './types';

/**
 * Provider settings from the environment, shared by chat-service (which lists models and checks
 * a chat's choice) and provider-worker (which calls them). Spread `providerEnv` into a service's
 * env schema. Admin-managed providers (ProviderConfig rows) layer on top: see
 * `createProviderRegistry`.
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
  if (env.OPENAI_API_KEY)
    configured.push({ kind: 'openai', apiKey: env.OPENAI_API_KEY, baseUrl: env.OPENAI_BASE_URL });
  if (env.ANTHROPIC_API_KEY) {
    configured.push({ kind: 'anthropic', apiKey: env.ANTHROPIC_API_KEY, baseUrl: env.ANTHROPIC_BASE_URL });
  }
  if (env.GOOGLE_API_KEY)
    configured.push({ kind: 'google', apiKey: env.GOOGLE_API_KEY, baseUrl: env.GOOGLE_BASE_URL });
  if (env.OPENAI_COMPATIBLE_BASE_URL) {
    const modelIds = env.OPENAI_COMPATIBLE_MODELS?.split(',')
      .map((id) => id.trim())
      .filter(Boolean);
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
      modelIds: [...OFFLINE_DEMO_MODEL_IDS],
      offlineDemo: true,
    });
  }
  return configured;
}

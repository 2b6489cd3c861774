import OpenAI from 'openai';
import { directFetch } from './guarded-fetch';
import { buildProvider } from './build-provider';
import { createOpenAIChatAdapter } from './openai-chat-adapter';
import type { AIProvider, ProviderOptions } from './types';

export type OpenAICompatibleOptions = ProviderOptions & { baseUrl: string };

/**
 * Any server speaking OpenAI chat completions (Ollama, vLLM, LM Studio, OpenRouter, the fake LLM),
 * through the `openai` SDK with a base URL. The key is optional: local servers usually need none.
 */
export function createOpenAICompatibleProvider(options: OpenAICompatibleOptions): AIProvider {
  const client = new OpenAI({
    apiKey: options.apiKey || 'no-api-key',
    baseURL: options.baseUrl,
    maxRetries: 0,
    // Ours over node:http unless the caller brings one (guardedFetch for admin-entered URLs).
    fetch: options.fetch ?? directFetch(),
    timeout: options.timeoutMs,
    // Without a key, send no Authorization header at all rather than a placeholder one.
    defaultHeaders: options.apiKey ? undefined : { Authorization: null },
  });
  const adapter = createOpenAIChatAdapter({
    kind: 'openai-compatible',
    client,
    models: options.models ?? [],
  });
  return buildProvider(adapter, options);
}

import OpenAI from 'openai';
import { directFetch } from './guarded-fetch';
import { buildProvider, requireApiKey } from './build-provider';
import { createOpenAIChatAdapter } from './openai-chat-adapter';
import type { AIProvider, ProviderOptions } from './types';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** OpenAI's chat-completions API through the official `openai` SDK. */
export function createOpenAIProvider(options: ProviderOptions = {}): AIProvider {
  const client = new OpenAI({
    // The SDK refuses to start without a key; requireApiKey reports a missing one per call instead.
    apiKey: options.apiKey || 'missing-api-key',
    // Explicit, so the SDK never picks up OPENAI_BASE_URL from the environment behind our back.
    baseURL: options.baseUrl ?? OPENAI_BASE_URL,
    // One retry policy for every provider lives in retry.ts.
    maxRetries: 0,
    // Ours over node:http unless the caller brings one (guardedFetch for admin-entered URLs).
    fetch: options.fetch ?? directFetch(),
    timeout: options.timeoutMs,
  });
  const adapter = createOpenAIChatAdapter({
    kind: 'openai',
    client,
    models: options.models ?? [],
    beforeCall: () => requireApiKey('openai', options.apiKey),
  });
  return buildProvider(adapter, options);
}

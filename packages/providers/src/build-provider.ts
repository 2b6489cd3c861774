import { catalogueCost, catalogueFor, findModel, unknownModel } from './catalogue';
import { isProviderError, ProviderError } from './errors';
import { callWithRetry, DEFAULT_RETRY_POLICY, streamWithRetry, type RetryContext } from './retry';
import { estimateTokens } from './tokens';
import type {
  AIProvider,
  CallOptions,
  ChatRequest,
  CompleteResult,
  EmbedRequest,
  EmbedResult,
  ModelInfo,
  ProviderEvent,
  ProviderKind,
  ProviderOptions,
  TokenUsage,
} from './types';

/**
 * What an implementation supplies: one attempt of each call on its SDK, throwing the SDK's errors
 * (or a ProviderError when it knows better). Retries, error mapping and pricing are shared.
 */
export interface ProviderAdapter {
  kind: ProviderKind;
  streamOnce(request: ChatRequest, signal: AbortSignal | undefined): AsyncIterable<ProviderEvent>;
  completeOnce(request: ChatRequest, signal: AbortSignal | undefined): Promise<CompleteResult>;
  /** Model ids the endpoint lists; also the cheapest authenticated call for key validation. */
  listModelIds(signal: AbortSignal | undefined): Promise<string[]>;
  embedOnce?(request: EmbedRequest, signal: AbortSignal | undefined): Promise<EmbedResult>;
}

export function buildProvider(adapter: ProviderAdapter, options: ProviderOptions = {}): AIProvider {
  const { kind } = adapter;
  const overrides = options.models ?? [];
  const policy = {
    maxRetries: options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
    baseDelayMs: options.retryBaseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
    maxDelayMs: options.maxRetryDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
  };
  const context = (signal: AbortSignal | undefined): RetryContext => ({ policy, signal, provider: kind });

  return {
    kind,
    stream(request: ChatRequest, { signal }: CallOptions = {}) {
      return streamWithRetry(() => adapter.streamOnce(request, signal), context(signal));
    },
    complete(request: ChatRequest, { signal }: CallOptions = {}) {
      return callWithRetry(() => adapter.completeOnce(request, signal), context(signal));
    },
    async listModels({ signal }: CallOptions = {}): Promise<ModelInfo[]> {
      // The official providers list hundreds of ids without prices or limits; the curated
      // catalogue is what users can pick. An OpenAI-compatible endpoint is the opposite: only it
      // knows which models it serves.
      if (kind !== 'openai-compatible') return catalogueFor(kind, overrides);
      const ids = await callWithRetry(() => adapter.listModelIds(signal), context(signal));
      return ids.map((id) => findModel(kind, id, overrides) ?? unknownModel(kind, id));
    },
    async validateApiKey({ signal }: CallOptions = {}) {
      try {
        await callWithRetry(() => adapter.listModelIds(signal), context(signal));
        return true;
      } catch (error) {
        if (isProviderError(error) && error.code === 'PROVIDER_AUTH') return false;
        throw error;
      }
    },
    estimateTokens,
    ...(adapter.embedOnce
      ? {
          embed: (request: EmbedRequest, { signal }: CallOptions = {}) =>
            callWithRetry(() => adapter.embedOnce!(request, signal), context(signal)),
        }
      : {}),
    calculateCost: (model: string, usage: TokenUsage) => catalogueCost(kind, overrides, model, usage),
  };
}

/** For official providers: fail before any network call when no key was configured. */
export function requireApiKey(kind: ProviderKind, apiKey: string | undefined): void {
  if (!apiKey) {
    throw new ProviderError('PROVIDER_AUTH', `No API key is configured for ${kind}.`, { provider: kind });
  }
}

/** Thrown when a stream closes cleanly but before the provider said it was finished. */
export function truncatedStreamError(kind: ProviderKind): ProviderError {
  return new ProviderError('PROVIDER_UNAVAILABLE', 'The AI provider ended the answer unexpectedly.', {
    provider: kind,
    retryable: true,
    upstreamMessage: 'stream ended without a finish reason',
  });
}

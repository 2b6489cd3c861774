import { isProviderError, type ProviderErrorCode } from './errors';
import type { AIProvider, CallOptions, ChatRequest, ProviderEvent, TokenUsage } from './types';

/** Failures a different model can plausibly avoid; auth, context and filter errors would repeat. */
const FALLBACK_CODES: ReadonlySet<ProviderErrorCode> = new Set([
  'PROVIDER_UNAVAILABLE',
  'PROVIDER_RATE_LIMITED',
]);

export interface FallbackTarget {
  /** Defaults to the primary provider (a cheaper or older model of the same provider). */
  provider?: AIProvider;
  model: string;
}

export interface FallbackOptions {
  /** Told when the fallback takes over, e.g. to log it. */
  onFallback?: (error: unknown, target: { kind: AIProvider['kind']; model: string }) => void;
}

function shouldFallBack(error: unknown, signal: AbortSignal | undefined): boolean {
  return !signal?.aborted && isProviderError(error) && FALLBACK_CODES.has(error.code);
}

/**
 * The primary provider first (with its own retries); if it fails with an unavailable or
 * rate-limited error before producing any output, the fallback model answers instead. The final
 * usage event names the model that answered, so cost is computed for the right one.
 */
export function withFallback(
  primary: AIProvider,
  fallback: FallbackTarget,
  options: FallbackOptions = {},
): AIProvider {
  const fallbackProvider = fallback.provider ?? primary;
  const switchTo = (request: ChatRequest): ChatRequest => ({ ...request, model: fallback.model });

  async function* stream(request: ChatRequest, callOptions: CallOptions = {}): AsyncGenerator<ProviderEvent> {
    let hasOutput = false;
    try {
      for await (const event of primary.stream(request, callOptions)) {
        hasOutput = true;
        yield event;
      }
      return;
    } catch (error) {
      if (hasOutput || !shouldFallBack(error, callOptions.signal)) throw error;
      options.onFallback?.(error, { kind: fallbackProvider.kind, model: fallback.model });
    }
    yield* fallbackProvider.stream(switchTo(request), callOptions);
  }

  return {
    kind: primary.kind,
    stream,
    async complete(request, callOptions = {}) {
      try {
        return await primary.complete(request, callOptions);
      } catch (error) {
        if (!shouldFallBack(error, callOptions.signal)) throw error;
        options.onFallback?.(error, { kind: fallbackProvider.kind, model: fallback.model });
        return fallbackProvider.complete(switchTo(request), callOptions);
      }
    },
    listModels: (callOptions) => primary.listModels(callOptions),
    validateApiKey: (callOptions) => primary.validateApiKey(callOptions),
    estimateTokens: (messages) => primary.estimateTokens(messages),
    calculateCost(model: string, usage: TokenUsage) {
      // The usage event names the model that answered; price it with the provider that ran it.
      return model === fallback.model && fallbackProvider !== primary
        ? fallbackProvider.calculateCost(model, usage)
        : primary.calculateCost(model, usage);
    },
  };
}

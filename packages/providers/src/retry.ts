import { abortReason, ProviderError, toProviderError, type ToProviderErrorContext } from './errors';
import type { ProviderEvent } from './types';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseDelayMs: number;
  /** Longest wait we accept; a Retry-After beyond it fails at once rather than stall a chat. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 10_000 };

/**
 * How long to wait before retry number `retry` (0-based), or null to give up. Retry-After wins;
 * otherwise exponential backoff with jitter so many workers do not retry in lockstep.
 */
export function retryDelayMs(
  error: ProviderError,
  retry: number,
  policy: RetryPolicy,
  random = Math.random,
): number | null {
  if (!error.retryable || retry >= policy.maxRetries) return null;
  if (error.retryAfterMs !== undefined)
    return error.retryAfterMs <= policy.maxDelayMs ? error.retryAfterMs : null;
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryContext extends ToProviderErrorContext {
  policy: RetryPolicy;
  signal?: AbortSignal;
  /** Maps an attempt's failure (each implementation knows extra details about its SDK). */
  mapError?: (error: unknown) => ProviderError;
}

function failure(error: unknown, context: RetryContext): unknown {
  // An abort is the caller's decision, not a provider failure: surface it as such.
  if (context.signal?.aborted) return abortReason(context.signal);
  return context.mapError ? context.mapError(error) : toProviderError(error, context);
}

/**
 * Runs a streaming attempt, retrying only while nothing has been yielded: once a token reached the
 * caller, a retry would repeat or contradict it, so a later failure is thrown as is.
 */
export async function* streamWithRetry(
  attempt: () => AsyncIterable<ProviderEvent>,
  context: RetryContext,
): AsyncGenerator<ProviderEvent> {
  for (let retry = 0; ; retry += 1) {
    let hasOutput = false;
    try {
      for await (const event of attempt()) {
        hasOutput = true;
        yield event;
      }
      return;
    } catch (error) {
      const mapped = failure(error, context);
      if (!(mapped instanceof ProviderError) || hasOutput) throw mapped;
      const delay = retryDelayMs(mapped, retry, context.policy);
      if (delay === null) throw mapped;
      await abortableSleep(delay, context.signal);
    }
  }
}

/** The same policy for a single request/response call. */
export async function callWithRetry<T>(attempt: () => Promise<T>, context: RetryContext): Promise<T> {
  for (let retry = 0; ; retry += 1) {
    try {
      return await attempt();
    } catch (error) {
      const mapped = failure(error, context);
      if (!(mapped instanceof ProviderError)) throw mapped;
      const delay = retryDelayMs(mapped, retry, context.policy);
      if (delay === null) throw mapped;
      await abortableSleep(delay, context.signal);
    }
  }
}

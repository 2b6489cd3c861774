import { describe, expect, it } from 'vitest';
import { ProviderError } from './errors';
import { abortableSleep, retryDelayMs, streamWithRetry } from './retry';
import { collectStream } from './testing/collect-stream';
import type { ProviderEvent } from './types';

const policy = { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 1_000 };
const unavailable = () => new ProviderError('PROVIDER_UNAVAILABLE', 'down', { retryable: true });
/** An attempt that fails before yielding anything. */
const alwaysFailing = (): AsyncIterable<ProviderEvent> => ({
  [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(unavailable()) }),
});

describe('retryDelayMs', () => {
  it('prefers Retry-After, backs off exponentially otherwise, and stops at maxRetries', () => {
    const limited = new ProviderError('PROVIDER_RATE_LIMITED', 'slow', {
      retryable: true,
      retryAfterMs: 700,
    });
    expect(retryDelayMs(limited, 0, policy)).toBe(700);
    const base = { ...policy, baseDelayMs: 100 };
    expect(retryDelayMs(unavailable(), 0, base, () => 1)).toBe(100);
    expect(retryDelayMs(unavailable(), 1, base, () => 1)).toBe(200);
    expect(retryDelayMs(unavailable(), 1, base, () => 0)).toBe(100);
    expect(retryDelayMs(unavailable(), 2, base)).toBeNull();
  });

  it('gives up at once on non-retryable errors or a Retry-After beyond the maximum', () => {
    expect(retryDelayMs(new ProviderError('PROVIDER_AUTH', 'no'), 0, policy)).toBeNull();
    const tooLong = new ProviderError('PROVIDER_RATE_LIMITED', 'slow', {
      retryable: true,
      retryAfterMs: 60_000,
    });
    expect(retryDelayMs(tooLong, 0, policy)).toBeNull();
  });
});

describe('streamWithRetry', () => {
  it('retries failures before the first event', async () => {
    let attempts = 0;
    const result = await collectStream(
      streamWithRetry(
        async function* (): AsyncGenerator<ProviderEvent> {
          attempts += 1;
          if (attempts < 3) throw unavailable();
          yield { type: 'text', text: 'ok' };
        },
        { policy },
      ),
    );
    expect(attempts).toBe(3);
    expect(result.text).toBe('ok');
  });

  it('never retries once output has been yielded', async () => {
    let attempts = 0;
    const result = await collectStream(
      streamWithRetry(
        async function* (): AsyncGenerator<ProviderEvent> {
          attempts += 1;
          yield { type: 'text', text: 'partial' };
          throw unavailable();
        },
        { policy },
      ),
    );
    expect(attempts).toBe(1);
    expect(result.text).toBe('partial');
    expect(result.error).toBeInstanceOf(ProviderError);
  });

  it('rejects with the abort reason while waiting to retry', async () => {
    const controller = new AbortController();
    const slowPolicy = { maxRetries: 5, baseDelayMs: 10_000, maxDelayMs: 10_000 };
    const startedAt = Date.now();
    setTimeout(() => controller.abort(), 30);
    const result = await collectStream(
      streamWithRetry(alwaysFailing, { policy: slowPolicy, signal: controller.signal }),
    );
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    expect((result.error as Error).name).toBe('AbortError');
  });

  it('abortableSleep rejects at once for an aborted signal', async () => {
    await expect(abortableSleep(10_000, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });
});

import { APIConnectionError, APIError as OpenAIAPIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter, ProviderError, toProviderError } from './errors';

function httpError(status: number, body: object | undefined, headers: Record<string, string> = {}) {
  return OpenAIAPIError.generate(status, body, undefined, new Headers(headers));
}

describe('toProviderError', () => {
  it.each([
    [401, { error: { message: 'Incorrect API key', code: 'invalid_api_key' } }, 'PROVIDER_AUTH', false],
    [403, { error: { message: 'forbidden' } }, 'PROVIDER_AUTH', false],
    [429, { error: { message: 'slow down', code: 'rate_limit_exceeded' } }, 'PROVIDER_RATE_LIMITED', true],
    [
      429,
      { error: { message: 'You exceeded your quota', code: 'insufficient_quota' } },
      'PROVIDER_RATE_LIMITED',
      false,
    ],
    [500, { error: { message: 'oops' } }, 'PROVIDER_UNAVAILABLE', true],
    [503, undefined, 'PROVIDER_UNAVAILABLE', true],
    [
      529,
      { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
      'PROVIDER_UNAVAILABLE',
      true,
    ],
    [
      400,
      { error: { message: 'maximum context length is 8192 tokens', code: 'context_length_exceeded' } },
      'CONTEXT_TOO_LONG',
      false,
    ],
    [
      400,
      {
        type: 'error',
        error: {
          type: 'invalid_request_error',
          message: 'prompt is too long: 210000 tokens > 200000 maximum',
        },
      },
      'CONTEXT_TOO_LONG',
      false,
    ],
    [400, { error: { message: 'filtered', code: 'content_filter' } }, 'CONTENT_FILTERED', false],
    [404, { error: { message: 'The model `nope` does not exist' } }, 'PROVIDER_UNAVAILABLE', false],
  ] as const)('maps HTTP %i to its code', (status, body, code, retryable) => {
    const mapped = toProviderError(httpError(status, body));
    expect(mapped).toBeInstanceOf(ProviderError);
    expect(mapped).toMatchObject({ code, retryable, upstreamStatus: status });
  });

  it('reads Retry-After into retryAfterMs for retryable errors', () => {
    expect(toProviderError(httpError(429, {}, { 'retry-after': '3' })).retryAfterMs).toBe(3_000);
    expect(toProviderError(httpError(503, {}, { 'retry-after-ms': '250' })).retryAfterMs).toBe(250);
    expect(toProviderError(httpError(401, {}, { 'retry-after': '3' })).retryAfterMs).toBeUndefined();
  });

  it('maps connection failures and Anthropic mid-stream error events', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(toProviderError(new TypeError('fetch failed', { cause: reset }))).toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      retryable: true,
    });
    expect(toProviderError(new APIConnectionError({ message: 'Connection error.' })).retryable).toBe(true);
    const streamEvent = Object.assign(new Error('Overloaded'), {
      error: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    });
    expect(toProviderError(streamEvent)).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', retryable: true });
  });

  it('keeps the upstream text out of the user-facing message', () => {
    const mapped = toProviderError(
      httpError(401, { error: { message: 'Incorrect API key provided: sk-abc***xyz' } }),
    );
    expect(mapped.message).not.toContain('sk-');
    expect(mapped.upstreamMessage).toContain('sk-abc');
    expect(mapped.status).toBe(502);
  });
});

describe('parseRetryAfter', () => {
  it('understands seconds, milliseconds and HTTP dates', () => {
    const now = Date.parse('2026-11-26T10:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': '1' }))).toBe(1_000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Thu, 26 Nov 2026 10:00:05 GMT' }), now)).toBe(5_000);
    expect(parseRetryAfter({ 'retry-after-ms': '1500' })).toBe(1_500);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

import { AppError } from '@vivier/contracts';
import type { ProviderKind } from './types';

export type ProviderErrorCode =
  | 'PROVIDER_AUTH'
  | 'PROVIDER_RATE_LIMITED'
  | 'PROVIDER_UNAVAILABLE'
  | 'PROVIDER_TIMEOUT'
  | 'CONTEXT_TOO_LONG'
  | 'CONTENT_FILTERED';

export interface ProviderErrorOptions {
  retryable?: boolean;
  retryAfterMs?: number;
  upstreamStatus?: number;
  /** The provider's own message: for logs only, it can contain details users must not see. */
  upstreamMessage?: string;
  provider?: ProviderKind;
  cause?: unknown;
}

/** A provider failure with a closed code, whether retrying can help, and how long to wait. */
export class ProviderError extends AppError {
  declare readonly code: ProviderErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly upstreamStatus?: number;
  readonly upstreamMessage?: string;
  readonly provider?: ProviderKind;

  constructor(code: ProviderErrorCode, message: string, options: ProviderErrorOptions = {}) {
    super(code, message, { cause: options.cause });
    this.name = 'ProviderError';
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.upstreamStatus = options.upstreamStatus;
    this.upstreamMessage = options.upstreamMessage;
    this.provider = options.provider;
  }
}

export function isProviderError(value: unknown): value is ProviderError {
  return value instanceof ProviderError;
}

/** User-facing messages: the upstream text can echo part of the key or internal details. */
const MESSAGES: Record<ProviderErrorCode, string> = {
  PROVIDER_AUTH: 'The AI provider rejected the configured API key.',
  PROVIDER_RATE_LIMITED: 'The AI provider is rate limiting requests. Try again shortly.',
  PROVIDER_UNAVAILABLE: 'The AI provider is unavailable right now.',
  PROVIDER_TIMEOUT: 'The AI provider stopped answering.',
  CONTEXT_TOO_LONG: "The conversation is too long for this model's context window.",
  CONTENT_FILTERED: "The AI provider's content filter blocked this request.",
};

type HeaderSource = { get(name: string): string | null } | Record<string, unknown> | undefined | null;

function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Milliseconds to wait from `retry-after-ms` (OpenAI) or `Retry-After` (seconds or an HTTP date),
 * or undefined when the response says nothing usable.
 */
export function parseRetryAfter(headers: HeaderSource, now = Date.now()): number | undefined {
  const milliseconds = Number.parseFloat(readHeader(headers, 'retry-after-ms') ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return Math.round(milliseconds);
  const raw = readHeader(headers, 'retry-after')?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number.parseFloat(raw) * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const NETWORK_MESSAGE =
  /terminated|fetch failed|socket hang up|other side closed|premature close|connection error|timed? ?out|network|ECONNRESET|incomplete json|unexpected end of json/i;
const CONTEXT_MESSAGE =
  /context[_ ]length|context window|maximum context|prompt is too long|too many tokens|exceeds the maximum number of tokens|input token count|reduce the length/i;
const FILTER_MESSAGE =
  /content[_ ]filter|content[_ ]policy|content management policy|responsible ?ai|safety system/i;

interface ErrorShape {
  status?: unknown;
  headers?: HeaderSource;
  message?: unknown;
  code?: unknown;
  type?: unknown;
  name?: unknown;
  error?: unknown;
  cause?: unknown;
}

/** The error's message, type and code fields and the body it carries, as one searchable string. */
function describe(error: ErrorShape): string {
  const parts = [error.message, error.code, error.type];
  if (error.error !== undefined) {
    try {
      parts.push(JSON.stringify(error.error));
    } catch {
      // A body that does not serialise adds nothing to classify by.
    }
  }
  return parts.filter((part) => typeof part === 'string').join(' ');
}

function isNetworkFailure(error: unknown): boolean {
  // Connection errors hide the socket's code a few `cause` levels down (fetch → undici → net).
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth += 1) {
    const shape = current as ErrorShape;
    if (typeof shape.code === 'string' && NETWORK_CODES.has(shape.code)) return true;
    if (
      shape.name === 'TimeoutError' ||
      shape.name === 'APIConnectionError' ||
      shape.name === 'APIConnectionTimeoutError'
    ) {
      return true;
    }
    if (typeof shape.message === 'string' && NETWORK_MESSAGE.test(shape.message)) return true;
    current = shape.cause;
  }
  return false;
}

/** The message of an EgressRefusedError the SDK wrapped (fetch → APIConnectionError → cause), if any. */
function egressRefusalIn(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth += 1) {
    const shape = current as ErrorShape;
    if (shape.code === 'EGRESS_REFUSED' && typeof shape.message === 'string') return shape.message;
    current = shape.cause;
  }
  return undefined;
}

export interface ToProviderErrorContext {
  provider?: ProviderKind;
  /** A Retry-After read elsewhere (the Gemini SDK drops response headers from its errors). */
  retryAfterMs?: number;
}

/** Maps any SDK, HTTP or network error to a ProviderError with a code from contracts. */
export function toProviderError(error: unknown, context: ToProviderErrorContext = {}): ProviderError {
  if (error instanceof ProviderError) return error;
  const refusal = egressRefusalIn(error);
  if (refusal) {
    // The guard said no: retrying cannot help, and the admin needs to know why.
    return new ProviderError(
      'PROVIDER_UNAVAILABLE',
      'This provider’s address is not allowed by the server’s egress policy.',
      {
        provider: context.provider,
        retryable: false,
        upstreamMessage: refusal,
        cause: error,
      },
    );
  }
  const shape: ErrorShape = error && typeof error === 'object' ? error : { message: String(error) };
  const status = typeof shape.status === 'number' ? shape.status : undefined;
  const text = describe(shape);
  const retryAfterMs = parseRetryAfter(shape.headers) ?? context.retryAfterMs;
  const base = {
    upstreamStatus: status,
    upstreamMessage: typeof shape.message === 'string' ? shape.message : undefined,
    provider: context.provider,
    cause: error,
  };
  const make = (code: ProviderErrorCode, retryable: boolean) =>
    new ProviderError(code, MESSAGES[code], {
      ...base,
      retryable,
      retryAfterMs: retryable ? retryAfterMs : undefined,
    });

  // Anthropic reports mid-stream failures as SSE `error` events: no status, only a type.
  if (
    status === 401 ||
    status === 403 ||
    /authentication_error|permission_error|invalid_api_key/.test(text)
  ) {
    return make('PROVIDER_AUTH', false);
  }
  if (status === 429 || /rate_limit_error|RESOURCE_EXHAUSTED/.test(text)) {
    // OpenAI's `insufficient_quota` is a 429 too, but waiting does not refill a spent balance.
    return make('PROVIDER_RATE_LIMITED', !/insufficient_quota/.test(text));
  }
  if ((status === undefined || (status >= 400 && status < 500)) && FILTER_MESSAGE.test(text)) {
    return make('CONTENT_FILTERED', false);
  }
  if (
    (status === undefined || status === 400 || status === 413 || status === 422) &&
    CONTEXT_MESSAGE.test(text)
  ) {
    return make('CONTEXT_TOO_LONG', false);
  }
  if (status !== undefined && (status >= 500 || status === 408 || status === 409)) {
    return make('PROVIDER_UNAVAILABLE', true);
  }
  if (/overloaded_error|api_error|server_error/.test(text) && status === undefined) {
    return make('PROVIDER_UNAVAILABLE', true);
  }
  if (status === undefined && isNetworkFailure(error)) return make('PROVIDER_UNAVAILABLE', true);
  // Anything else (a 404 for an unknown model, a 400 we cannot classify, a bug) will not get better
  // by retrying; it still surfaces as "unavailable" with the upstream text kept for the logs.
  return make('PROVIDER_UNAVAILABLE', false);
}

/** The abort error a call rejects with when its signal fires: the signal's own reason. */
export function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error
    ? signal.reason
    : new DOMException('This operation was aborted', 'AbortError');
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'APIUserAbortError');
}

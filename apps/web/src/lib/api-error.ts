import type { ErrorCode, ErrorDetail, ErrorEnvelope } from '@vivier/contracts';
import type { z } from 'zod';

/** The API's closed codes plus the two failures that never reach the API. */
export type ClientErrorCode = ErrorCode | 'NETWORK_ERROR' | 'INVALID_RESPONSE';

/**
 * Why the client made up an error's text itself (no envelope to read): the UI says it in the
 * reader's language by this key, while a server's own message is shown as the server sent it.
 */
export type ClientErrorText = 'unreachable' | 'sessionEnded' | 'notUnderstood' | 'badStatus';

/** Every failed API call ends up as one of these, built from the shared error envelope. */
export class ApiError extends Error {
  readonly code: ClientErrorCode;
  readonly status: number;
  readonly details: ErrorDetail[];
  readonly meta: Record<string, unknown>;
  readonly requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly clientText: ClientErrorText | undefined;

  constructor(
    code: ClientErrorCode,
    message: string,
    options: {
      status?: number;
      details?: ErrorDetail[];
      meta?: Record<string, unknown>;
      requestId?: string;
      retryAfterSeconds?: number;
      clientText?: ClientErrorText;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.status = options.status ?? 0;
    this.details = options.details ?? [];
    this.meta = options.meta ?? {};
    this.requestId = options.requestId;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.clientText = options.clientText;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/**
 * Turns a non-2xx response body into an ApiError. Anything that is not our envelope (a proxy's
 * HTML error page, say) still becomes a typed error with a generic message.
 */
export function apiErrorFromResponse(
  status: number,
  body: unknown,
  retryAfter: string | null,
  envelope: z.ZodType<ErrorEnvelope>,
): ApiError {
  const retryAfterSeconds = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
  const parsed = envelope.safeParse(body);
  if (parsed.success) {
    const { error, requestId } = parsed.data;
    return new ApiError(error.code, error.message, {
      status,
      details: error.details,
      meta: error.meta,
      requestId,
      retryAfterSeconds,
    });
  }
  const code: ClientErrorCode =
    status === 401
      ? 'UNAUTHENTICATED'
      : status === 404
        ? 'NOT_FOUND'
        : status >= 500
          ? 'UPSTREAM_UNAVAILABLE'
          : 'INVALID_RESPONSE';
  return new ApiError(code, `The server answered with status ${status}.`, {
    status,
    retryAfterSeconds,
    clientText: 'badStatus',
  });
}

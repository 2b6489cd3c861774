import { z } from 'zod';

/** The closed set of error codes any Vivier API may answer with. */
export const ErrorCode = z.enum([
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'EMAIL_NOT_VERIFIED',
  'ACCOUNT_DISABLED',
  'ACCOUNT_PENDING',
  'SIGNUP_CLOSED',
  'MODEL_NOT_ALLOWED',
  'INVALID_TOKEN',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'EMAIL_TAKEN',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'QUOTA_EXCEEDED',
  'GENERATION_ENDED',
  'PROVIDER_AUTH',
  'PROVIDER_RATE_LIMITED',
  'PROVIDER_UNAVAILABLE',
  'PROVIDER_TIMEOUT',
  'CONTEXT_TOO_LONG',
  'CONTENT_FILTERED',
  'UPSTREAM_UNAVAILABLE',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** One table from code to HTTP status; nothing else decides a status. */
export const errorStatus: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  EMAIL_NOT_VERIFIED: 403,
  ACCOUNT_DISABLED: 403,
  ACCOUNT_PENDING: 403,
  SIGNUP_CLOSED: 403,
  MODEL_NOT_ALLOWED: 403,
  INVALID_TOKEN: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  EMAIL_TAKEN: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  QUOTA_EXCEEDED: 402,
  GENERATION_ENDED: 409,
  PROVIDER_AUTH: 502,
  PROVIDER_RATE_LIMITED: 503,
  PROVIDER_UNAVAILABLE: 503,
  PROVIDER_TIMEOUT: 504,
  CONTEXT_TOO_LONG: 400,
  CONTENT_FILTERED: 422,
  UPSTREAM_UNAVAILABLE: 503,
  INTERNAL: 500,
};

export const ErrorDetail = z.object({
  path: z.string(),
  message: z.string(),
});
export type ErrorDetail = z.infer<typeof ErrorDetail>;

/** `{ error: { code, message, details? }, requestId }` — every non-2xx body has this shape. */
export const ErrorEnvelope = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    details: z.array(ErrorDetail).optional(),
    /** Structured facts a client may show, e.g. `{ usedMicros, limitMicros, resetsAt }` on QUOTA_EXCEEDED. */
    meta: z.record(z.string(), z.unknown()).optional(),
  }),
  requestId: z.string(),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

/** The one error type services throw; the service-kit handler turns it into the envelope. */
export class AppError extends Error {
  readonly status: number;
  readonly details?: ErrorDetail[];
  readonly headers?: Record<string, string>;
  readonly meta?: Record<string, unknown>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: {
      details?: ErrorDetail[];
      cause?: unknown;
      headers?: Record<string, string>;
      meta?: Record<string, unknown>;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.status = errorStatus[code];
    this.details = options.details;
    this.headers = options.headers;
    this.meta = options.meta;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

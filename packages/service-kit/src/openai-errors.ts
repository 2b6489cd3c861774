import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorStatus, type ErrorCode, type OpenAiErrorBody } from '@vivier/contracts';
import { classify, type Classified } from './error-handler';

/**
 * OpenAI's `type` and `code` for our codes, so the `openai` SDKs raise the matching error class
 * (they go by the HTTP status) and scripts that read `code` see the values OpenAI documents.
 * A spent allowance is OpenAI's 429 `insufficient_quota`, not our 402.
 */
const openAiKinds: Partial<Record<ErrorCode, { status?: number; type: string; code: string | null }>> = {
  VALIDATION_FAILED: { type: 'invalid_request_error', code: null },
  CONTEXT_TOO_LONG: { type: 'invalid_request_error', code: 'context_length_exceeded' },
  UNAUTHENTICATED: { type: 'invalid_request_error', code: 'invalid_api_key' },
  FORBIDDEN: { type: 'permission_error', code: 'api_disabled' },
  NOT_FOUND: { type: 'invalid_request_error', code: 'not_found' },
  RATE_LIMITED: { type: 'requests', code: 'rate_limit_exceeded' },
  QUOTA_EXCEEDED: { status: 429, type: 'insufficient_quota', code: 'insufficient_quota' },
  PAYLOAD_TOO_LARGE: { type: 'invalid_request_error', code: 'payload_too_large' },
  UNSUPPORTED_MEDIA_TYPE: { type: 'invalid_request_error', code: null },
};

/** The status, headers and OpenAI-shaped body for a failure on /v1. */
export function openAiError(known: Classified): {
  status: number;
  headers?: Record<string, string>;
  body: OpenAiErrorBody;
} {
  const param = known.details?.[0]?.path ?? null;
  const kind =
    known.code === 'NOT_FOUND' && param === 'model'
      ? { type: 'invalid_request_error', code: 'model_not_found' }
      : openAiKinds[known.code];
  const status = (kind && 'status' in kind ? kind.status : undefined) ?? errorStatus[known.code];
  return {
    status,
    ...(known.headers ? { headers: known.headers } : {}),
    body: {
      error: {
        message: known.message,
        type: kind?.type ?? (status >= 500 ? 'server_error' : 'invalid_request_error'),
        param,
        code: kind ? kind.code : known.code.toLowerCase(),
      },
    },
  };
}

const internal: Classified = {
  code: 'INTERNAL',
  message: 'Something went wrong on our side; it has been logged',
};

/** The error handler for a plugin scope serving /v1: OpenAI's error shape instead of the envelope. */
export function registerOpenAiErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const known = classify(error);
    if (!known) request.log.error({ err: error }, 'unhandled error');
    else if (errorStatus[known.code] >= 500) request.log.error({ err: error }, known.message);
    const { status, headers, body } = openAiError(known ?? internal);
    if (headers) void reply.headers(headers);
    return reply.status(status).send(body);
  });
}

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import {
  AppError,
  errorStatus,
  type ErrorCode,
  type ErrorDetail,
  type ErrorEnvelope,
} from '@vivier/contracts';

export function toErrorEnvelope(
  requestId: string,
  code: ErrorCode,
  message: string,
  details?: ErrorDetail[],
  meta?: Record<string, unknown>,
): ErrorEnvelope {
  return { error: { code, message, ...(details ? { details } : {}), ...(meta ? { meta } : {}) }, requestId };
}

function detailsFromZod(error: ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message }));
}

/** Fastify's own errors carry a code; these are the ones a client can cause. */
const fastifyCodes: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'VALIDATION_FAILED', message: 'Body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'VALIDATION_FAILED', message: 'Body is empty' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', message: 'Body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported content type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'VALIDATION_FAILED', message: 'Invalid content length' },
  FST_ERR_CTP_INVALID_TYPE: { code: 'VALIDATION_FAILED', message: 'Invalid content type' },
  FST_ERR_CTP_MISSING_CONTENT_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Missing content type' },
};

/**
 * Prisma's codes for a database it cannot reach or lost mid-request (P1001 unreachable, P1002 timed
 * out, P1008 operation timed out, P1017 connection closed, P2024 pool timeout): the client may
 * retry, so 503 with the envelope rather than a 500 "our bug".
 */
const DATABASE_UNREACHABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const databaseUnavailable: Classified = {
  code: 'UPSTREAM_UNAVAILABLE',
  message: 'The database is unavailable; try again shortly',
};

interface PrismaLikeError {
  name: string;
  code?: string;
  meta?: { driverAdapterError?: { cause?: { kind?: string; code?: string; originalCode?: string } } };
}

/**
 * A raw query (`$queryRaw`) that cannot reach the database fails as P2010 "raw query failed", with
 * the driver adapter's reason under `meta`: the same outage as P1001 for a model query. Connection
 * kinds, and PostgreSQL's connection-exception (08…) and shutdown/starting-up (57P01–57P03) states.
 */
const UNREACHABLE_ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TlsConnectionError',
]);
function isRawQueryOutage(error: PrismaLikeError): boolean {
  const cause = error.meta?.driverAdapterError?.cause;
  if (!cause?.kind) return false;
  if (UNREACHABLE_ADAPTER_KINDS.has(cause.kind)) return true;
  const state = cause.originalCode ?? cause.code ?? '';
  return cause.kind === 'postgres' && (state.startsWith('08') || /^57P0[123]$/.test(state));
}

export interface Classified {
  code: ErrorCode;
  message: string;
  details?: ErrorDetail[];
  headers?: Record<string, string>;
  meta?: Record<string, unknown>;
}

export function classify(error: unknown): Classified | undefined {
  if (error instanceof AppError) {
    return {
      code: error.code,
      message: error.message,
      details: error.details,
      headers: error.headers,
      meta: error.meta,
    };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as { validationContext?: string }).validationContext ?? 'body';
    return {
      code: 'VALIDATION_FAILED',
      message: `Invalid ${where}`,
      details: error.validation.map((issue) => ({
        path: issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || where,
        message: issue.message ?? 'invalid',
      })),
    };
  }
  if (error instanceof ZodError) {
    return { code: 'VALIDATION_FAILED', message: 'Invalid input', details: detailsFromZod(error) };
  }
  const prisma = error as PrismaLikeError;
  if (prisma?.name === 'PrismaClientKnownRequestError') {
    if (prisma.code === 'P2002') return { code: 'CONFLICT', message: 'Already exists' };
    if (prisma.code === 'P2025') return { code: 'NOT_FOUND', message: 'Not found' };
    if (prisma.code && DATABASE_UNREACHABLE_CODES.has(prisma.code)) return databaseUnavailable;
    if (prisma.code === 'P2010' && isRawQueryOutage(prisma)) return databaseUnavailable;
  }
  // @vivier/db's `queryRows` (prepared statements beside Prisma) reports an outage so.
  if (prisma?.name === 'PrismaClientInitializationError' || prisma?.name === 'DatabaseUnavailableError')
    return databaseUnavailable;
  const fastifyError = error as FastifyError;
  const known = fastifyError?.code ? fastifyCodes[fastifyError.code] : undefined;
  if (known) return known;
  if (fastifyError?.statusCode === 429) return { code: 'RATE_LIMITED', message: 'Too many requests' };
  if (fastifyError?.statusCode === 413) return { code: 'PAYLOAD_TOO_LARGE', message: 'Body is too large' };
  if (fastifyError?.statusCode === 415)
    return { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported content type' };
  if (fastifyError?.statusCode === 404) return { code: 'NOT_FOUND', message: 'Not found' };
  if (fastifyError?.statusCode && [502, 503, 504].includes(fastifyError.statusCode)) {
    return { code: 'UPSTREAM_UNAVAILABLE', message: 'A service is unavailable; try again shortly' };
  }
  if (fastifyError?.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return { code: 'VALIDATION_FAILED', message: fastifyError.message };
  }
  return undefined;
}

/** The one error handler: every failure leaves as the shared envelope with the request id. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const known = classify(error);
    if (!known) {
      // Includes response-serialization failures: our bug, never the client's.
      request.log.error(
        { err: error, serialization: isResponseSerializationError(error) },
        'unhandled error',
      );
      return reply
        .status(500)
        .send(
          toErrorEnvelope(request.id, 'INTERNAL', 'Something went wrong on our side; it has been logged'),
        );
    }
    const status = errorStatus[known.code];
    if (status >= 500) request.log.error({ err: error }, known.message);
    else request.log.info({ code: known.code }, known.message);
    if (known.headers) void reply.headers(known.headers);
    return reply
      .status(status)
      .send(toErrorEnvelope(request.id, known.code, known.message, known.details, known.meta));
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(toErrorEnvelope(request.id, 'NOT_FOUND', 'Not found')),
  );
}

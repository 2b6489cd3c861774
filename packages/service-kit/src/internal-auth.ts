import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '@vivier/contracts';

export const INTERNAL_TOKEN_HEADER = 'x-internal-token';

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * preHandler for /internal routes. Answers 404, not 401, so an internal route looks exactly like
 * a missing one to anyone without the service token.
 */
export function requireInternalToken(expected: string) {
  return async (request: FastifyRequest) => {
    const given = request.headers[INTERNAL_TOKEN_HEADER];
    if (typeof given !== 'string' || !safeEqual(given, expected)) {
      throw new AppError('NOT_FOUND', 'Not found');
    }
  };
}

/** Headers a service sends when calling another service's /internal API. */
export function internalHeaders(token: string, requestId?: string): Record<string, string> {
  return { [INTERNAL_TOKEN_HEADER]: token, ...(requestId ? { 'x-request-id': requestId } : {}) };
}

import type { z } from 'zod';
import { AppError, ErrorEnvelope } from '@vivier/contracts';
import { createInternalClient, type InternalAnswer, type Logger } from '@vivier/service-kit';

export interface InternalApiOptions {
  /** e.g. `auth-service`, for logs and errors. */
  service: string;
  /** Unset: that service is not deployed, and every call answers 503. */
  baseUrl: string | undefined;
  internalToken: string;
  logger: Logger;
  /** What the admin reads when the service cannot answer (503). */
  unavailableMessage: string;
  /** What the admin reads for a 404 from the service. */
  notFoundMessage: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

interface InternalRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  requestId: string;
  body?: unknown;
}

export type InternalCall = <T extends z.ZodType>(schema: T, request: InternalRequest) => Promise<z.infer<T>>;

/**
 * One call to another service's `/internal/*` API (service-kit's internal client: token, request
 * id, timeout), the answer checked against its contract. The owner's 404, 400 and 409 reach the
 * admin as theirs; anything else (down, timeout, 5xx) is a 503 the admin can retry.
 */
export function createInternalApi(options: InternalApiOptions): InternalCall {
  const { baseUrl } = options;
  const send = baseUrl ? createInternalClient({ ...options, baseUrl }) : undefined;
  const unavailable = (cause: unknown) =>
    new AppError('UPSTREAM_UNAVAILABLE', options.unavailableMessage, { cause });

  return async (schema, request) => {
    if (!send) throw unavailable(`no URL is configured for ${options.service}`);
    let answer: InternalAnswer;
    try {
      answer = await send(request);
    } catch (error) {
      options.logger.warn({ err: error, path: request.path }, `${options.service} did not answer`);
      throw unavailable(error);
    }
    const payload = answer.body;
    if (answer.ok) {
      const parsed = schema.safeParse(payload);
      // A body that breaks the contract is a bug between our services, not the admin's mistake.
      if (!parsed.success) {
        throw new Error(`${options.service} answered ${request.path} with a body outside the contract`, {
          cause: parsed.error,
        });
      }
      return parsed.data;
    }
    const envelope = ErrorEnvelope.safeParse(payload);
    if (answer.status === 404) throw new AppError('NOT_FOUND', options.notFoundMessage);
    // A conflict (email taken, the last admin) is the admin's to resolve: their message, their code.
    if (answer.status === 409 && envelope.success) {
      throw new AppError(envelope.data.error.code, envelope.data.error.message);
    }
    if (answer.status === 400 && envelope.success) {
      throw new AppError('VALIDATION_FAILED', envelope.data.error.message, {
        details: envelope.data.error.details,
      });
    }
    options.logger.warn(
      { status: answer.status, path: request.path },
      `${options.service} refused an internal call`,
    );
    throw unavailable(`${options.service} answered ${answer.status}`);
  };
}

import type { z } from 'zod';
import {
  AppError,
  ErrorEnvelope,
  UserAdminChange,
  UserAdminList,
  type InternalUserListQuery,
  type InternalUserPatch,
} from '@vivier/contracts';
import { internalHeaders, type Logger } from '@vivier/service-kit';

/**
 * auth-service's internal user API, the only way admin-service reads or changes users (auth owns
 * the User table). Every call carries the service token and the request id of the admin's request.
 */
export interface AuthUsersClient {
  listUsers(query: InternalUserListQuery, requestId: string): Promise<UserAdminList>;
  updateUser(userId: string, patch: InternalUserPatch, requestId: string): Promise<UserAdminChange>;
}

export interface AuthUsersClientOptions {
  baseUrl: string;
  internalToken: string;
  logger: Logger;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 5_000;

export function createAuthUsersClient(options: AuthUsersClientOptions): AuthUsersClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const send = options.fetch ?? fetch;

  const unavailable = (cause: unknown) =>
    new AppError('UPSTREAM_UNAVAILABLE', 'The user directory is unavailable; try again shortly', { cause });

  async function call<T extends z.ZodType>(
    schema: T,
    request: { method: 'GET' | 'PATCH'; path: string; requestId: string; body?: unknown },
  ): Promise<z.infer<T>> {
    let response: Response;
    try {
      response = await send(`${base}${request.path}`, {
        method: request.method,
        headers: {
          ...internalHeaders(options.internalToken, request.requestId),
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (error) {
      options.logger.warn({ err: error, path: request.path }, 'auth-service did not answer');
      throw unavailable(error);
    }
    const payload: unknown = await response.json().catch(() => undefined);
    if (response.ok) {
      const parsed = schema.safeParse(payload);
      // A body that breaks the contract is a bug between our services, not the admin's mistake.
      if (!parsed.success) throw new Error(`auth-service answered ${request.path} with a body outside the contract`, { cause: parsed.error });
      return parsed.data;
    }
    const envelope = ErrorEnvelope.safeParse(payload);
    if (response.status === 404) throw new AppError('NOT_FOUND', 'User not found');
    if (response.status === 400 && envelope.success) {
      throw new AppError('VALIDATION_FAILED', envelope.data.error.message, { details: envelope.data.error.details });
    }
    options.logger.warn({ status: response.status, path: request.path }, 'auth-service refused an internal call');
    throw unavailable(`auth-service answered ${response.status}`);
  }

  return {
    listUsers(query, requestId) {
      const search = new URLSearchParams({ limit: String(query.limit) });
      if (query.q !== undefined) search.set('q', query.q);
      if (query.cursor !== undefined) search.set('cursor', query.cursor);
      return call(UserAdminList, { method: 'GET', path: `/internal/users?${search.toString()}`, requestId });
    },

    updateUser(userId, patch, requestId) {
      return call(UserAdminChange, {
        method: 'PATCH',
        path: `/internal/users/${encodeURIComponent(userId)}`,
        requestId,
        body: patch,
      });
    },
  };
}

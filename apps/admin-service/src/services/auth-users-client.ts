import { z } from 'zod';
import {
  AcceptedResponse,
  UserAdminChange,
  UserAdminList,
  UserAdminView,
  type InternalUserCreate,
  type InternalUserListQuery,
  type InternalUserPatch,
} from '@vivier/contracts';
import type { Logger } from '@vivier/service-kit';
import { createInternalApi } from './internal-api';

/**
 * auth-service's internal user API, the only way admin-service reads or changes users (auth owns
 * the User table). Every call carries the service token and the request id of the admin's request.
 */
export interface AuthUsersClient {
  listUsers(query: InternalUserListQuery, requestId: string): Promise<UserAdminList>;
  updateUser(userId: string, patch: InternalUserPatch, requestId: string): Promise<UserAdminChange>;
  getUser(userId: string, requestId: string): Promise<UserAdminView>;
  createUser(input: InternalUserCreate, requestId: string): Promise<UserAdminView>;
  deleteUser(userId: string, requestId: string): Promise<void>;
  sendPasswordReset(userId: string, requestId: string): Promise<void>;
}

/** A 204 has no body. */
const NoContent = z.undefined();

export interface AuthUsersClientOptions {
  baseUrl: string;
  internalToken: string;
  logger: Logger;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function createAuthUsersClient(options: AuthUsersClientOptions): AuthUsersClient {
  const call = createInternalApi({
    ...options,
    service: 'auth-service',
    unavailableMessage: 'The user directory is unavailable; try again shortly',
    notFoundMessage: 'User not found',
  });

  return {
    listUsers(query, requestId) {
      const search = new URLSearchParams({ limit: String(query.limit) });
      if (query.q !== undefined) search.set('q', query.q);
      if (query.cursor !== undefined) search.set('cursor', query.cursor);
      return call(UserAdminList, { method: 'GET', path: `/internal/users?${search.toString()}`, requestId });
    },

    getUser(userId, requestId) {
      return call(UserAdminView, {
        method: 'GET',
        path: `/internal/users/${encodeURIComponent(userId)}`,
        requestId,
      });
    },

    createUser(input, requestId) {
      return call(UserAdminView, { method: 'POST', path: '/internal/users', requestId, body: input });
    },

    async deleteUser(userId, requestId) {
      await call(NoContent, {
        method: 'DELETE',
        path: `/internal/users/${encodeURIComponent(userId)}`,
        requestId,
      });
    },

    async sendPasswordReset(userId, requestId) {
      await call(AcceptedResponse, {
        method: 'POST',
        path: `/internal/users/${encodeURIComponent(userId)}/password-reset`,
        requestId,
      });
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

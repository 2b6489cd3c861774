import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { AppError, type Role } from '@vivier/contracts';
import { bearerToken, type Caller, type TokenVerifier } from './token-verifier';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Lets a caller whose account awaits approval through `authenticate` (auth's `me`). */
    allowPending?: boolean;
  }
  interface FastifyRequest {
    caller?: Caller;
  }
  interface FastifyInstance {
    /** preHandler: requires a valid access token and sets `request.caller`. */
    authenticate: preHandlerAsyncHookHandler;
    tokenVerifier: TokenVerifier;
  }
}

/**
 * Decorates the instance directly (not through a registered plugin) so `app.authenticate` exists
 * as soon as `createService` returns and routes can name it at once.
 */
export function installAuth(app: FastifyInstance, verifier: TokenVerifier): void {
  app.decorateRequest('caller', undefined);
  app.decorate('tokenVerifier', verifier);
  app.decorate('authenticate', async (request: FastifyRequest) => {
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new AppError('UNAUTHENTICATED', 'Missing access token');
    request.caller = await verifier.verify(token);
    // An account awaiting approval may only reach routes that opt in (`config: { allowPending: true }`).
    if (request.caller.pending && request.routeOptions.config.allowPending !== true) {
      throw new AppError('ACCOUNT_PENDING', 'Your account is waiting for an administrator’s approval');
    }
    request.log = request.log.child({ userId: request.caller.id });
  });
}

/** preHandler (after `authenticate`): only callers with this role pass; others get 403. */
export function requireRole(role: Role) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    if (!request.caller) throw new AppError('UNAUTHENTICATED', 'Missing access token');
    if (request.caller.role !== role) throw new AppError('FORBIDDEN', 'You do not have access to this');
  };
}

/** The caller set by `authenticate`; a route that forgot the preHandler fails loudly. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new AppError('UNAUTHENTICATED', 'Missing access token');
  return request.caller;
}

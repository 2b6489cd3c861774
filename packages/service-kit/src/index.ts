export { createService, type CreateServiceOptions, type Service } from './create-service';
export { createLogger, redactPaths, type Logger } from './logger';
export { registerErrorHandling, toErrorEnvelope } from './error-handler';
export { openAiError, registerOpenAiErrorHandling } from './openai-errors';
export {
  createTokenVerifier,
  tokenVerifierFromEnv,
  type TokenKeySet,
  type TokenVerifier,
  type Caller,
} from './token-verifier';
export { installAuth, requireRole, callerOf } from './auth-plugin';
export { registerCollectionRoutes, type CollectionRoutes } from './collection-routes';
export { findOwnedRow } from './owned-row';
export { registerSettingRoutes, type SettingRoutes } from './setting-routes';
export { bearerToken } from './token-verifier';
export { requireInternalToken, internalHeaders, INTERNAL_TOKEN_HEADER } from './internal-auth';
export { runService } from './run-service';
export { readinessChecks, type ReadinessCheck } from './health';
export {
  createDisabledUsers,
  disabledUserKey,
  accessRevokedChannel,
  accessChangedChannel,
  onAccessRevoked,
  type AccessRevoked,
  userRoleKey,
  type AccountRefusal,
  type DisabledUsers,
} from './disabled-users';
export { serveService, type BuildAppInput } from './serve';
export { createApiAccessMirror, type ApiAccessMirror } from './api-access';
export { decodeKeysetCursor, encodeKeysetCursor, type KeysetPosition } from './keyset-cursor';
export { registeredRoutes, type RegisteredRoute } from './registered-routes';
export { serveMetrics } from './metrics';
export {
  createInternalClient,
  InternalCallError,
  type InternalAnswer,
  type InternalClient,
  type InternalClientOptions,
  type InternalRequest,
} from './internal-client';

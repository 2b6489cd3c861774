import httpProxy from '@fastify/http-proxy';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@vivier/contracts';
import {
  bearerToken,
  createApiAccessMirror,
  registerOpenAiErrorHandling,
  type Service,
} from '@vivier/service-kit';
import type { GatewayEnv } from '../env';
import { createApiKeyResolver } from './api-key-resolver';
import { upstreamHeaders } from './upstream-headers';
import type { UpstreamPool } from './upstream-pool';

/**
 * The OpenAI-compatible API: `/v1/*` authenticated by a personal API key (not an access token),
 * forwarded to chat-service with a short-lived access token for the key's owner, so chat-service
 * treats it as any other request of that user (model access, quota, ledger). Its errors, the
 * gateway's own included, are in OpenAI's shape (a plugin scope with its own error handler).
 */
export async function registerOpenAiApi<ReplyOptions extends object>(
  app: Service,
  options: {
    env: GatewayEnv;
    redis: Parameters<typeof createApiKeyResolver>[0]['redis'];
    authPool: UpstreamPool | undefined;
    chatPool: UpstreamPool | undefined;
    replyOptions: (pool: UpstreamPool) => ReplyOptions;
  },
): Promise<void> {
  const { env, authPool, chatPool } = options;
  await app.register(async (scope) => {
    registerOpenAiErrorHandling(scope);
    if (!env.INTERNAL_SERVICE_TOKEN || !authPool || !chatPool) {
      // The gateway needs the service token to ask auth-service about keys.
      scope.all('/v1/*', async () => {
        throw new AppError('UPSTREAM_UNAVAILABLE', 'The OpenAI-compatible API is not configured');
      });
      return;
    }
    const resolver = createApiKeyResolver({
      redis: options.redis,
      prefix: env.REDIS_PREFIX,
      internalToken: env.INTERNAL_SERVICE_TOKEN,
      authServiceUrl: () => authPool.next(),
      cacheSeconds: env.API_KEY_CACHE_SECONDS,
      maxFailures: env.API_KEY_FAILURES_PER_15_MIN,
    });
    const perUser = scope.createRateLimit({
      timeWindow: 60_000,
      max: env.RATE_LIMIT_USER_PER_MIN,
      keyGenerator: (request: FastifyRequest) => `v1:user:${request.caller?.id ?? request.ip}`,
    });
    const accessTokens = new WeakMap<object, string>();
    const apiAccess = createApiAccessMirror(options.redis, env.REDIS_PREFIX);

    scope.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
      if (Number(request.headers['content-length'] ?? 0) > env.BODY_LIMIT_BYTES) {
        throw new AppError('PAYLOAD_TOO_LARGE', `Body is larger than ${env.BODY_LIMIT_BYTES} bytes`);
      }
      const resolved = await resolver.resolve(
        bearerToken(request.headers.authorization),
        request.ip,
        request.id,
      );
      // After the key check, so the switch tells nothing to someone without a key.
      if (await apiAccess.isDisabled()) {
        throw new AppError('FORBIDDEN', 'The API has been turned off by an administrator');
      }
      request.caller = { id: resolved.userId, role: 'USER', sessionId: resolved.keyId, emailVerified: true };
      const limit = await perUser(request);
      if (!limit.isAllowed && limit.isExceeded) {
        throw new AppError('RATE_LIMITED', 'Rate limit reached for requests; try again shortly', {
          headers: { 'retry-after': String(limit.ttlInSeconds) },
        });
      }
      accessTokens.set(request, resolved.accessToken);
    });

    const balanced = options.replyOptions(chatPool);
    await scope.register(httpProxy, {
      upstream: '',
      prefix: '/v1',
      rewritePrefix: '/v1',
      replyOptions: {
        ...balanced,
        // The key never leaves the gateway: chat-service sees the owner's access token instead.
        rewriteRequestHeaders: (request, headers) => ({
          ...upstreamHeaders(request, headers),
          authorization: `Bearer ${accessTokens.get(request) ?? ''}`,
        }),
      },
    });
  });
}

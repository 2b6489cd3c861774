import cors from '@fastify/cors';
import httpProxy from '@fastify/http-proxy';
import rateLimit from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@vivier/contracts';
import {
  bearerToken,
  createDisabledUsers,
  createService,
  tokenVerifierFromEnv,
  type Logger,
  type Service,
} from '@vivier/service-kit';
import type { GatewayEnv } from './env';
import { apiRoutes, isPublicRoute, upstreamUrls } from './lib/route-table';
import { registerOpenAiApi } from './lib/openai-api';
import { CONNECTION_FAILURES } from './lib/connection-failures';
import { upstreamHeaders } from './lib/upstream-headers';
import { registerWebSocketTunnel } from './lib/websocket-tunnel';
import { UpstreamPool } from './lib/upstream-pool';
import { createAccountStateCache } from './lib/account-state-cache';
import { batchedRedisStore } from './lib/batched-rate-limit-store';
import { registerSecurityHeaders } from './lib/security-headers';

/** Room for a multipart body's boundaries and part headers around an upload of the limit's size. */
const MULTIPART_ENVELOPE_BYTES = 64 * 1024;

export interface GatewayDeps {
  redis: Redis;
}

const pathOf = (url: string) => url.split('?')[0] ?? url;

function causeCode(error: unknown): string | undefined {
  for (let current = error as { code?: unknown; cause?: unknown } | undefined; current;) {
    if (typeof current.code === 'string' && CONNECTION_FAILURES.has(current.code)) return current.code;
    current = current.cause as typeof current;
  }
  return undefined;
}

/**
 * reply-from options that pick an address from `pool` for each request and, when that address
 * fails to take it, eject the address and answer 503 UPSTREAM_UNAVAILABLE (clients retry).
 */
function balancedReplyOptions(pool: UpstreamPool) {
  // Structural parameter types: they fit HTTP/1 and HTTP/2 requests and replies alike.
  const chosen = new WeakMap<object, string>();
  return {
    rewriteRequestHeaders: upstreamHeaders,
    getUpstream: (request: object) => {
      const url = pool.next();
      chosen.set(request, url);
      return url;
    },
    onError: (
      reply: { request: object; send: (payload: unknown) => unknown },
      { error }: { error: Error },
    ) => {
      const code = causeCode(error);
      const url = chosen.get(reply.request);
      if (code && url) {
        pool.eject(url, code);
        reply.send(new AppError('UPSTREAM_UNAVAILABLE', `${pool.name} is unavailable; try again`));
        return;
      }
      reply.send(error);
    },
  };
}
const isApi = (path: string) => path === '/api' || path.startsWith('/api/');

export async function buildApp({
  env,
  deps,
  logger,
}: {
  env: GatewayEnv;
  deps: GatewayDeps;
  logger: Logger;
}): Promise<Service> {
  // One pool of addresses per upstream service (and the web app): balanced, probed, ejected.
  const pool = (name: string, urls: string) =>
    new UpstreamPool({
      name,
      urls,
      probeIntervalMs: env.UPSTREAM_PROBE_INTERVAL_MS,
      dnsRefreshMs: env.UPSTREAM_DNS_REFRESH_MS,
      onChange: (message, details) => logger.info(details, message),
    });
  const pools = new Map<string, UpstreamPool>();
  for (const [name, urls] of Object.entries(upstreamUrls(env))) if (urls) pools.set(name, pool(name, urls));
  const webPool = pool('web', env.WEB_URL);
  await Promise.all([...pools.values(), webPool].map((upstream) => upstream.start()));

  // Ready when it can serve: its own Redis (rate limits) answers. A downstream that is down is
  // reported, not required: one service's outage must not take every gateway pod (and with it
  // login and everything else) out of the load balancer; its routes answer 503 meanwhile. An
  // upstream with several addresses passes when at least one of them is ready.
  const readiness: Record<string, () => Promise<unknown>> = { redis: () => deps.redis.ping() };
  const downstreams: Record<string, () => Promise<unknown>> = {};
  for (const [name, upstream] of pools) {
    downstreams[name] = async () => {
      if (!(await upstream.refresh())) throw new Error(`no ready address for ${name}`);
    };
  }

  const app = createService({
    name: 'gateway',
    logger,
    bodyLimit: env.BODY_LIMIT_BYTES,
    trustProxy: env.TRUST_PROXY,
    verifier: tokenVerifierFromEnv(env),
    readiness,
    reportedChecks: downstreams,
    trustRequestId: false,
    // The public edge: its metrics are served on METRICS_PORT only (see server.ts).
    exposeMetrics: false,
  });

  // The web app sets its own Content-Security-Policy (it knows its inline scripts); the rest of
  // helmet's headers apply to every response.
  registerSecurityHeaders(app, { contentSecurityPolicy: false, crossOriginEmbedderPolicy: false });
  await app.register(cors, { origin: env.CORS_ORIGINS, credentials: true });
  // Hits on busy keys are counted here and synced to Redis in batches (the bound across replicas
  // is in batched-rate-limit-store.ts); small limits still count every hit in Redis.
  const rateStore = batchedRedisStore(deps.redis, `${env.REDIS_PREFIX}rate:`);
  await app.register(rateLimit, { global: false, store: rateStore.Store });

  const disabledUsers = createAccountStateCache({
    accounts: createDisabledUsers(deps.redis, env.REDIS_PREFIX),
    subscriber: deps.redis.duplicate({ enableAutoPipelining: false }),
    prefix: env.REDIS_PREFIX,
  });
  await disabledUsers.start();
  app.addHook('onClose', async () => {
    rateStore.stop();
    await disabledUsers.stop();
  });
  const perClient = app.rateLimit({
    timeWindow: 60_000,
    max: (request: FastifyRequest) =>
      request.caller ? env.RATE_LIMIT_USER_PER_MIN : env.RATE_LIMIT_ANON_PER_MIN,
    keyGenerator: (request: FastifyRequest) =>
      request.caller ? `user:${request.caller.id}` : `ip:${request.ip}`,
  });
  // A second limit on the same request: `rateLimit` handlers skip a request another one already
  // counted, so this one is checked by hand.
  const registrations = app.createRateLimit({
    timeWindow: 60 * 60_000,
    max: env.REGISTER_LIMIT_PER_HOUR,
    keyGenerator: (request: FastifyRequest) => `register:${request.ip}`,
  });

  /**
   * Before anything is proxied: size limit by Content-Length (the upstream enforces it again on
   * chunked bodies), the access-token pre-check, then the rate limits.
   */
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = pathOf(request.url);
    if (!isApi(path)) return;
    // UPLOAD_LIMIT_BYTES is the size of the file itself (chat-service enforces it on the part);
    // the multipart envelope around it (boundaries, part headers) gets some room on top.
    const isUpload = path.startsWith('/api/files');
    const isImport = path === '/api/chats/import';
    const limit = isUpload
      ? env.UPLOAD_LIMIT_BYTES + MULTIPART_ENVELOPE_BYTES
      : isImport
        ? env.IMPORT_LIMIT_BYTES
        : env.BODY_LIMIT_BYTES;
    if (Number(request.headers['content-length'] ?? 0) > limit) {
      if (isImport) {
        throw new AppError(
          'PAYLOAD_TOO_LARGE',
          `The import file is larger than the ${limit}-byte limit (IMPORT_LIMIT_BYTES)`,
          { meta: { limitBytes: limit } },
        );
      }
      // Uploads answer as chat-service does for a file over the limit (same message, same meta).
      throw isUpload
        ? new AppError(
            'PAYLOAD_TOO_LARGE',
            `The file is larger than the ${env.UPLOAD_LIMIT_BYTES}-byte upload limit`,
            {
              meta: { limitBytes: env.UPLOAD_LIMIT_BYTES },
            },
          )
        : new AppError('PAYLOAD_TOO_LARGE', `Body is larger than ${limit} bytes`);
    }
    if (isPublicRoute(request.method, path)) await perClient.call(app, request, reply);
    else {
      const token = bearerToken(request.headers.authorization);
      if (!token) throw new AppError('UNAUTHENTICATED', 'Missing access token');
      request.caller = await app.tokenVerifier.verify(token);
      // The account check and the rate limit, both answered in the process on a busy key (and
      // otherwise sent to Redis together, auto-pipelined); a refused account still answers 401
      // before a 429.
      const [refusal, limited] = await Promise.all([
        disabledUsers.refusalFor(request.caller),
        perClient.call(app, request, reply).then(
          () => undefined,
          (error: unknown) => ({ error }),
        ),
      ]);
      if (refusal === 'disabled') throw new AppError('UNAUTHENTICATED', 'This account has been disabled');
      if (refusal === 'session-revoked') throw new AppError('UNAUTHENTICATED', 'This session was signed out');
      if (refusal === 'role-changed') {
        throw new AppError('UNAUTHENTICATED', 'Your role has changed; refresh the access token');
      }
      if (limited) throw limited.error;
    }
    if (request.method === 'POST' && path === '/api/auth/register') {
      const registration = await registrations(request);
      if (!registration.isAllowed && registration.isExceeded) {
        throw new AppError('RATE_LIMITED', 'Too many registrations from this address; try again later', {
          headers: { 'retry-after': String(registration.ttlInSeconds) },
        });
      }
    }
  });

  app.addHook('onClose', async () => {
    for (const upstream of [...pools.values(), webPool]) upstream.stop();
  });

  for (const route of apiRoutes) {
    const upstream = pools.get(route.upstream);
    if (!upstream) {
      const unavailable = async () => {
        throw new AppError('UPSTREAM_UNAVAILABLE', `${route.upstream} is not deployed`);
      };
      app.all(route.prefix, unavailable);
      app.all(`${route.prefix}/*`, unavailable);
      continue;
    }
    if (route.websocket) {
      registerWebSocketTunnel(app, { path: route.prefix, pool: upstream });
      continue;
    }
    await app.register(httpProxy, {
      // No fixed upstream: each request asks the pool for an address.
      upstream: '',
      prefix: route.prefix,
      rewritePrefix: route.prefix,
      replyOptions: balancedReplyOptions(upstream),
    });
  }

  await registerOpenAiApi(app, {
    env,
    redis: deps.redis,
    authPool: pools.get('auth-service'),
    chatPool: pools.get('chat-service'),
    replyOptions: balancedReplyOptions,
  });

  // Unknown API paths, every internal path and the metrics end here, never at the web app.
  const notFound = async () => {
    throw new AppError('NOT_FOUND', 'Not found');
  };
  for (const path of ['/api', '/api/*', '/internal', '/internal/*', '/metrics']) app.all(path, notFound);

  await app.register(httpProxy, {
    upstream: '',
    prefix: '/',
    rewritePrefix: '/',
    // OPTIONS * belongs to @fastify/cors (preflights); pages never need it.
    httpMethods: ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'],
    replyOptions: balancedReplyOptions(webPool),
  });
  return app;
}

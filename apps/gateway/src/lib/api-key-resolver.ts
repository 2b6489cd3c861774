import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AppError, ErrorEnvelope, ResolvedApiKey, type ResolvedApiKey as Resolved } from '@vivier/contracts';
import { createInternalClient, type InternalAnswer } from '@vivier/service-kit';

const FAILURE_WINDOW_SECONDS = 15 * 60;
/** Entries kept in memory at most; the oldest goes first. */
const CACHE_SIZE = 10_000;

export interface ApiKeyResolverOptions {
  redis: Redis;
  prefix: string;
  internalToken: string;
  /** An auth-service address for each call (the gateway's balanced pool). */
  authServiceUrl: () => string;
  /** How long a resolved key is trusted without asking again: the delay before a revocation bites. */
  cacheSeconds: number;
  /** Failed key checks per IP in 15 minutes before every further attempt is refused. */
  maxFailures: number;
}

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

/**
 * `Authorization: Bearer vv-…` on /v1 → the owner and a short-lived access token for them, asked
 * of auth-service and remembered for `cacheSeconds` (a script's calls do not each cost a lookup).
 * Failed checks are counted per IP in Redis, like failed logins, so keys cannot be guessed at speed.
 */
export function createApiKeyResolver(options: ApiKeyResolverOptions) {
  const cache = new Map<string, { resolved: Resolved; expiresAtMs: number }>();
  const failureKey = (ip: string) => `${options.prefix}v1-key-failures:${ip}`;
  const authService = createInternalClient({
    service: 'auth-service',
    baseUrl: options.authServiceUrl,
    internalToken: options.internalToken,
  });

  async function assertNotThrottled(ip: string): Promise<void> {
    const key = failureKey(ip);
    const [failures, ttl] = await Promise.all([options.redis.get(key), options.redis.ttl(key)]);
    if (Number(failures ?? 0) >= options.maxFailures) {
      throw new AppError('RATE_LIMITED', 'Too many requests with an invalid API key; try again later', {
        headers: { 'retry-after': String(ttl > 0 ? ttl : FAILURE_WINDOW_SECONDS) },
      });
    }
  }

  async function recordFailure(ip: string): Promise<void> {
    const key = failureKey(ip);
    await options.redis.multi().set(key, 0, 'EX', FAILURE_WINDOW_SECONDS, 'NX').incr(key).exec();
  }

  async function askAuthService(secret: string, requestId: string): Promise<Resolved | undefined> {
    let answer: InternalAnswer;
    try {
      answer = await authService({
        method: 'POST',
        path: '/internal/api-keys/resolve',
        requestId,
        body: { secret },
      });
    } catch (error) {
      throw new AppError('UPSTREAM_UNAVAILABLE', 'auth-service is unavailable; try again', { cause: error });
    }
    if (answer.status === 401 || answer.status === 400) return undefined;
    // A good key whose owner may not use the API (not in an allowed group, awaiting approval).
    if (answer.status === 403) {
      const refused = ErrorEnvelope.safeParse(answer.body);
      throw new AppError(
        'FORBIDDEN',
        refused.success ? refused.data.error.message : 'This account may not use the API',
      );
    }
    if (!answer.ok) {
      throw new AppError('UPSTREAM_UNAVAILABLE', `auth-service answered ${answer.status}; try again`);
    }
    return ResolvedApiKey.parse(answer.body);
  }

  return {
    /** The key's owner and token; 401 for an unknown key, 429 after too many failures from `ip`. */
    async resolve(secret: string | undefined, ip: string, requestId: string): Promise<Resolved> {
      await assertNotThrottled(ip);
      if (!secret) {
        await recordFailure(ip);
        throw new AppError('UNAUTHENTICATED', 'You didn’t provide an API key (Authorization: Bearer vv-…)');
      }
      const hash = hashOf(secret);
      const known = cache.get(hash);
      if (known && known.expiresAtMs > Date.now()) return known.resolved;
      cache.delete(hash);
      const resolved = await askAuthService(secret, requestId);
      if (!resolved) {
        await recordFailure(ip);
        throw new AppError('UNAUTHENTICATED', 'Incorrect API key provided');
      }
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(hash, { resolved, expiresAtMs: Date.now() + options.cacheSeconds * 1000 });
      return resolved;
    },
  };
}

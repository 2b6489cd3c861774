import cookie from '@fastify/cookie';
import { createLocalJWKSet } from 'jose';
import {
  createDisabledUsers,
  createService,
  createTokenVerifier,
  readinessChecks,
  type Logger,
  type Service,
} from '@vivier/service-kit';
import type { AuthEnv } from './env';
import type { AuthDeps } from './deps';
import { createLoginThrottle } from './lib/login-throttle';
import { createTokenService } from './services/token-service';
import { createAuthService } from './services/auth-service';
import { createUserAdminService } from './services/user-admin-service';
import { EMAIL_QUEUE } from './services/email-service';
import { authRoutes } from './routes/auth';
import { internalUserRoutes } from './routes/internal-users';
import { internalSignupPolicyRoutes, signupPolicyRoutes } from './routes/signup-policy';
import { createSignupPolicyService } from './services/signup-policy';
import { jwksRoutes } from './routes/jwks';

export function buildApp({ env, deps, logger }: { env: AuthEnv; deps: AuthDeps; logger: Logger }): Service {
  const verifier = createTokenVerifier({
    keySet: createLocalJWKSet({ keys: [deps.signingKey.publicJwk] }),
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
  });
  const app = createService({
    name: 'auth-service',
    logger,
    verifier,
    trustProxy: env.TRUST_PROXY,
    readiness: readinessChecks({ prisma: deps.db, redis: deps.redis }),
    backlog: { redis: deps.redis, queues: { [EMAIL_QUEUE]: deps.emails.jobCounts } },
  });

  const tokens = createTokenService({
    db: deps.db,
    signingKey: deps.signingKey,
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
  });
  const signup = createSignupPolicyService({
    db: deps.db,
    publicUrl: env.PUBLIC_URL,
    firstUserBecomesAdmin: env.FIRST_USER_BECOMES_ADMIN,
  });
  const auth = createAuthService({
    signup,
    db: deps.db,
    tokens,
    emails: deps.emails,
    throttle: createLoginThrottle({
      redis: deps.redis,
      prefix: env.REDIS_PREFIX,
      maxFailures: env.LOGIN_FAILURES_PER_15_MIN,
    }),
    logger,
    requireEmailVerification: env.REQUIRE_EMAIL_VERIFICATION,
  });

  void app.register(cookie);
  void app.register(jwksRoutes, { keys: [deps.signingKey.publicJwk] });
  void app.register(authRoutes, { auth, cookieSecure: env.COOKIE_SECURE ?? env.NODE_ENV !== 'development' });
  void app.register(signupPolicyRoutes, { signup });
  void app.register(internalSignupPolicyRoutes, { signup, internalToken: env.INTERNAL_SERVICE_TOKEN });
  void app.register(internalUserRoutes, {
    users: createUserAdminService({
      db: deps.db,
      tokens,
      disabledUsers: createDisabledUsers(deps.redis, env.REDIS_PREFIX),
    }),
    internalToken: env.INTERNAL_SERVICE_TOKEN,
  });
  return app;
}

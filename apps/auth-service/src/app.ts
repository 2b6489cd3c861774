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
import { accountRoutes } from './routes/account';
import { createAccountService } from './services/account-service';
import { createEmailTokens } from './services/email-tokens';
import { createUserDeletion } from './services/user-deletion';
import { internalUserRoutes } from './routes/internal-users';
import { internalSignupPolicyRoutes, signupPolicyRoutes } from './routes/signup-policy';
import { createSignupPolicyService } from './services/signup-policy';
import { jwksRoutes } from './routes/jwks';
import { createApiKeyService } from './services/api-key-service';
import { apiKeyRoutes } from './routes/api-keys';
import { internalApiKeyRoutes } from './routes/internal-api-keys';
import { buildIdentity } from './identity';

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

  const disabledUsers = createDisabledUsers(deps.redis, env.REDIS_PREFIX);
  const tokens = createTokenService({
    revocations: disabledUsers,
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
  const emailTokens = createEmailTokens(deps.db);
  const throttle = createLoginThrottle({
    redis: deps.redis,
    prefix: env.REDIS_PREFIX,
    maxFailures: env.LOGIN_FAILURES_PER_15_MIN,
  });
  const cookieSecure = env.COOKIE_SECURE ?? env.NODE_ENV !== 'development';
  // Two-factor and OIDC sign-in: their services and routes (identity.ts).
  const identity = buildIdentity({ env, deps, tokens, throttle, cookieSecure, logger, signup });
  const deletion = createUserDeletion({ db: deps.db, revocations: disabledUsers, logger });
  const account = createAccountService({
    db: deps.db,
    tokens,
    emailTokens,
    emails: deps.emails,
    throttle,
    revocations: disabledUsers,
    deletion,
    logger,
  });
  const auth = createAuthService({
    signup,
    db: deps.db,
    tokens,
    emails: deps.emails,
    emailTokens,
    confirmEmailChange: (userId) => account.confirmEmailChange(userId),
    throttle,
    logger,
    requireEmailVerification: env.REQUIRE_EMAIL_VERIFICATION,
    secondFactor: identity.twoFactor,
  });

  void app.register(cookie);
  void app.register(jwksRoutes, { keys: [deps.signingKey.publicJwk] });
  void app.register(authRoutes, { auth, cookieSecure });
  void app.register(signupPolicyRoutes, { signup });
  void app.register(internalSignupPolicyRoutes, { signup, internalToken: env.INTERNAL_SERVICE_TOKEN });
  void app.register(accountRoutes, { account, cookieSecure });
  identity.register(app);
  void app.register(internalUserRoutes, {
    users: createUserAdminService({
      db: deps.db,
      tokens,
      disabledUsers,
      emails: deps.emails,
      emailTokens,
      deletion,
    }),
    internalToken: env.INTERNAL_SERVICE_TOKEN,
  });
  const keys = createApiKeyService({ db: deps.db, tokens });
  void app.register(apiKeyRoutes, { keys });
  void app.register(internalApiKeyRoutes, { keys, internalToken: env.INTERNAL_SERVICE_TOKEN });
  return app;
}

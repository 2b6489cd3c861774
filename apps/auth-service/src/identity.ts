import { secretBoxFromEnv } from '@vivier/providers';
import type { Service } from '@vivier/service-kit';
import type { AuthDeps } from './deps';
import type { AuthEnv } from './env';
import type { Logger } from '@vivier/service-kit';
import type { LoginThrottle } from './lib/login-throttle';
import { createMfaTokens } from './lib/mfa-tokens';
import { internalTwoFactorRoutes } from './routes/internal-two-factor';
import { twoFactorRoutes } from './routes/two-factor';
import { createTwoFactorService } from './services/two-factor-service';
import { createOidcProviders } from './services/oidc-providers';
import { createOidcService } from './services/oidc-service';
import { createOidcGroupSync } from './services/oidc-group-sync';
import { oidcRoutes } from './routes/oidc';
import { internalOidcRoutes } from './routes/internal-oidc';
import type { TokenService } from './services/token-service';
import type { SignupPolicyService } from './services/signup-policy';

/**
 * Two-factor authentication and OIDC sign-in, wired in one place so app.ts only gains a line
 * or two for them.
 */
export function buildIdentity(options: {
  env: AuthEnv;
  deps: AuthDeps;
  tokens: TokenService;
  throttle: LoginThrottle;
  cookieSecure: boolean;
  logger: Logger;
  signup: Pick<SignupPolicyService, 'admit'>;
}) {
  const { env, deps } = options;
  const secretBox = secretBoxFromEnv(env);
  const twoFactor = createTwoFactorService({
    db: deps.db,
    redis: deps.redis,
    redisPrefix: env.REDIS_PREFIX,
    tokens: options.tokens,
    mfaTokens: createMfaTokens({
      signingKey: deps.signingKey,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
    }),
    secretBox,
    throttle: options.throttle,
  });

  const providers = createOidcProviders({ db: deps.db, secretBox, fromEnv: env.OIDC_PROVIDERS });
  const oidc = createOidcService({
    db: deps.db,
    redis: deps.redis,
    redisPrefix: env.REDIS_PREFIX,
    tokens: options.tokens,
    providers,
    publicUrl: env.PUBLIC_URL,
    logger: options.logger.child({ component: 'oidc' }),
    signup: options.signup,
    groups: createOidcGroupSync({
      adminServiceUrl: env.ADMIN_SERVICE_URL,
      internalToken: env.INTERNAL_SERVICE_TOKEN,
      logger: options.logger.child({ component: 'oidc-groups' }),
    }),
  });

  return {
    twoFactor,
    register(app: Service) {
      void app.register(twoFactorRoutes, { twoFactor, cookieSecure: options.cookieSecure });
      void app.register(internalTwoFactorRoutes, { twoFactor, internalToken: env.INTERNAL_SERVICE_TOKEN });
      void app.register(oidcRoutes, {
        oidc,
        providers,
        cookieSecure: options.cookieSecure,
        publicUrl: env.PUBLIC_URL,
      });
      void app.register(internalOidcRoutes, { providers, internalToken: env.INTERNAL_SERVICE_TOKEN });
    },
  };
}

import { z } from 'zod';
import { baseEnv, booleanFromString, databaseEnv, internalEnv, port, redisEnv } from '@vivier/config';
import { secretBoxEnv } from '@vivier/providers';
import { OidcProviderEnvEntry } from '@vivier/contracts';

export const authEnvSchema = z
  .object({
    ...baseEnv,
    ...databaseEnv,
    ...redisEnv,
    ...internalEnv,
    /** Encrypts TOTP secrets and OIDC client secrets at rest, as it does provider keys. */
    ...secretBoxEnv,
    PORT: port(4001),
    /** PKCS#8 PEM of the ES256 (P-256) signing key. Required in production; generated locally otherwise. */
    JWT_PRIVATE_KEY: z.string().includes('PRIVATE KEY').optional(),
    /** Where a development key is generated and kept (git-ignored). */
    JWT_KEY_DIR: z.string().default('.vivier/keys'),
    JWT_ISSUER: z.string().default('vivier'),
    JWT_AUDIENCE: z.string().default('vivier'),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
    REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /** Secure refresh cookie; on by default everywhere except development. */
    COOKIE_SECURE: booleanFromString.optional(),
    REQUIRE_EMAIL_VERIFICATION: booleanFromString.default(false),
    /** While no ADMIN exists, the next person to register gets in whatever the sign-up policy and becomes ADMIN. */
    FIRST_USER_BECOMES_ADMIN: booleanFromString.default(true),
    LOGIN_FAILURES_PER_15_MIN: z.coerce.number().int().min(1).default(5),
    /** smtp://user:pass@host:port (smtps:// for implicit TLS). */
    SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// URL'),
    MAIL_FROM: z.string().default('Vivier <no-reply@vivier.local>'),
    /** The address users reach the app at; used in email links. */
    PUBLIC_URL: z.url().default('http://localhost:3000'),
    /**
     * OpenID Connect providers as a JSON array of `{id, label, issuer, clientId, clientSecret,
     * allowLinking?, adminClaim?, adminValue?}` (docs/sso.md). Admins can add more in the UI.
     */
    OIDC_PROVIDERS: z
      .string()
      .default('[]')
      .transform((value, context) => {
        try {
          return JSON.parse(value) as unknown;
        } catch {
          context.addIssue({ code: 'custom', message: 'must be a JSON array of providers' });
          return z.NEVER;
        }
      })
      .pipe(z.array(OidcProviderEnvEntry)),
    /** Proxies whose X-Forwarded-For is trusted for the client IP (proxy-addr syntax). */
    TRUST_PROXY: z.string().default('loopback,linklocal,uniquelocal'),
  })
  .superRefine((env, context) => {
    // TOTP and OIDC client secrets are encrypted with it; the public development key is no key.
    if (env.NODE_ENV === 'production' && !env.PROVIDER_KEY_ENCRYPTION_KEY) {
      context.addIssue({
        code: 'custom',
        path: ['PROVIDER_KEY_ENCRYPTION_KEY'],
        message: 'required in production',
      });
    }
  });

export type AuthEnv = z.infer<typeof authEnvSchema>;

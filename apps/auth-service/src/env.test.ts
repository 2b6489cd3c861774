import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '@vivier/config';
import { authEnvSchema } from './env';

const base = {
  NODE_ENV: 'development',
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/vivier',
  REDIS_URL: 'redis://127.0.0.1:6379',
  INTERNAL_SERVICE_TOKEN: 'a-long-internal-token',
  SMTP_URL: 'smtp://127.0.0.1:1025',
};

function envError(source: Record<string, string>): EnvError {
  try {
    parseEnv(authEnvSchema, source);
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
  throw new Error('expected an EnvError');
}

describe('auth-service env', () => {
  it('requires PROVIDER_KEY_ENCRYPTION_KEY in production (TOTP and OIDC secrets are encrypted with it)', () => {
    const production = { ...base, NODE_ENV: 'production', JWT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----x' };
    expect(envError(production).message).toContain('PROVIDER_KEY_ENCRYPTION_KEY');
    const key = randomBytes(32).toString('base64');
    expect(
      parseEnv(authEnvSchema, { ...production, PROVIDER_KEY_ENCRYPTION_KEY: key })
        .PROVIDER_KEY_ENCRYPTION_KEY,
    ).toBe(key);
  });

  it('reads OIDC_PROVIDERS as a JSON array of providers, with defaults, and names it when malformed', () => {
    expect(parseEnv(authEnvSchema, base).OIDC_PROVIDERS).toEqual([]);
    const providers = parseEnv(authEnvSchema, {
      ...base,
      OIDC_PROVIDERS: JSON.stringify([
        { id: 'keycloak', label: 'SSO', issuer: 'https://sso.example.com/realms/a', clientId: 'vivier' },
      ]),
    }).OIDC_PROVIDERS;
    expect(providers).toEqual([
      expect.objectContaining({ id: 'keycloak', allowLinking: false, adminClaim: null, enabled: true }),
    ]);
    expect(envError({ ...base, OIDC_PROVIDERS: '[{' }).message).toContain('OIDC_PROVIDERS');
    expect(envError({ ...base, OIDC_PROVIDERS: '[{"id":"Bad Id"}]' }).message).toContain('OIDC_PROVIDERS');
  });
});

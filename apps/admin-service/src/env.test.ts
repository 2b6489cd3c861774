import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EnvError, KNOWN_DEVELOPMENT_SECRETS, parseEnv } from '@vivier/config';
import { DEVELOPMENT_ENCRYPTION_KEY } from '@vivier/providers';
import { adminEnvSchema } from './env';

const base = {
  NODE_ENV: 'development',
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/vivier',
  REDIS_URL: 'redis://127.0.0.1:6379',
  INTERNAL_SERVICE_TOKEN: 'a-long-internal-token',
  AUTH_JWKS_URL: 'http://127.0.0.1:4001/.well-known/jwks.json',
  AUTH_SERVICE_URL: 'http://127.0.0.1:4001',
};

function envError(source: Record<string, string>): EnvError {
  try {
    parseEnv(adminEnvSchema, source);
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
  throw new Error('expected an EnvError');
}

describe('admin-service env', () => {
  it('has defaults for everything but the connections', () => {
    const env = parseEnv(adminEnvSchema, base);
    expect(env).toMatchObject({ PORT: 4003, EGRESS_ALLOW_PRIVATE: false, EGRESS_PROBE_TIMEOUT_MS: 3000 });
    expect(env.PROVIDER_KEY_ENCRYPTION_KEY).toBeUndefined();
  });

  it('requires PROVIDER_KEY_ENCRYPTION_KEY in production, naming it and never echoing values', () => {
    expect(envError({ ...base, NODE_ENV: 'production' }).message).toBe(
      'Invalid environment: PROVIDER_KEY_ENCRYPTION_KEY (missing)',
    );
    const key = randomBytes(32).toString('base64');
    expect(
      parseEnv(adminEnvSchema, { ...base, NODE_ENV: 'production', PROVIDER_KEY_ENCRYPTION_KEY: key })
        .PROVIDER_KEY_ENCRYPTION_KEY,
    ).toBe(key);
  });

  it('refuses the published development key in production (config knows the one providers uses)', () => {
    expect(KNOWN_DEVELOPMENT_SECRETS.has(DEVELOPMENT_ENCRYPTION_KEY)).toBe(true);
    const error = envError({
      ...base,
      NODE_ENV: 'production',
      PROVIDER_KEY_ENCRYPTION_KEY: DEVELOPMENT_ENCRYPTION_KEY,
    });
    expect(error.keys).toEqual(['PROVIDER_KEY_ENCRYPTION_KEY']);
  });

  it('refuses a key that is not base64 of 32 bytes, and a missing AUTH_SERVICE_URL', () => {
    const short = randomBytes(16).toString('base64');
    const error = envError({ ...base, PROVIDER_KEY_ENCRYPTION_KEY: short, AUTH_SERVICE_URL: '' });
    expect(error.keys.sort()).toEqual(['AUTH_SERVICE_URL', 'PROVIDER_KEY_ENCRYPTION_KEY']);
    expect(error.message).not.toContain(short);
  });

  it('reads the egress exceptions', () => {
    const env = parseEnv(adminEnvSchema, {
      ...base,
      EGRESS_ALLOW_PRIVATE: 'true',
      EGRESS_ALLOWED_HOSTS: 'ollama.lan,*.corp.example',
    });
    expect(env.EGRESS_ALLOW_PRIVATE).toBe(true);
    expect(env.EGRESS_ALLOWED_HOSTS).toEqual(['ollama.lan', '*.corp.example']);
  });
});
